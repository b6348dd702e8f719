/**
 * Memory soak: comparison (a)'s nested load against our gateway for a long stretch, its RSS
 * sampled every second. A cache that grows without bound shows as growth from start to end.
 */
import { rssBytes } from '../support/processes';
import { requestBody } from './graphql';
import { runLoad, type LoadResult } from './load';
import { NESTED_QUERY } from './operations';
import type { Fixture } from './seedFixture';
import { median } from './stats';

export interface SoakPlan {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** RSS samples averaged (median) at each end, against GC saw-teeth. */
  edgeSamples: number;
}

export interface RssSummary {
  /** Median of the first `edgeSamples` samples after the warm-up. */
  startBytes: number;
  maxBytes: number;
  /** Median of the last `edgeSamples` samples. */
  endBytes: number;
  /** end − start. */
  growthBytes: number;
  /**
   * Lowest RSS in the first and in the last minute (`floorWindow` samples), and the growth
   * between: V8 grows and gives back heap in waves of 100 MB and more under load, so the ends
   * may fall on a crest; the floor after a collection is where a leak shows.
   */
  floorStartBytes: number;
  floorEndBytes: number;
  floorGrowthBytes: number;
  samples: number;
}

export interface SoakResult {
  plan: SoakPlan;
  load: LoadResult;
  rss: RssSummary;
  /** One sample per second: [seconds since the measured load started, RSS bytes]. */
  series: [number, number][];
}

/** Start, max, end and growth of an RSS series (pure; bench/test/processCpu.test.ts). */
export function summarizeRss(
  samples: readonly number[],
  edgeSamples: number,
  floorWindow = 60,
): RssSummary {
  if (samples.length === 0) {
    const none = NaN;
    return {
      startBytes: none,
      maxBytes: none,
      endBytes: none,
      growthBytes: none,
      floorStartBytes: none,
      floorEndBytes: none,
      floorGrowthBytes: none,
      samples: 0,
    };
  }
  const half = Math.floor(samples.length / 2) || 1;
  const edge = Math.max(1, Math.min(edgeSamples, half));
  const startBytes = median(samples.slice(0, edge));
  const endBytes = median(samples.slice(-edge));
  const window = Math.max(1, Math.min(floorWindow, half));
  const floorStartBytes = Math.min(...samples.slice(0, window));
  const floorEndBytes = Math.min(...samples.slice(-window));
  return {
    startBytes,
    maxBytes: Math.max(...samples),
    endBytes,
    growthBytes: endBytes - startBytes,
    floorStartBytes,
    floorEndBytes,
    floorGrowthBytes: floorEndBytes - floorStartBytes,
    samples: samples.length,
  };
}

export async function soakGateway(
  gateway: { url: string; pid: number },
  fixture: Fixture,
  plan: SoakPlan,
  log: (line: string) => void,
): Promise<SoakResult> {
  const body = requestBody(NESTED_QUERY, {
    repository: fixture.readRepository,
    key: fixture.kvKey,
  });
  const load = {
    url: gateway.url,
    body,
    authorization: fixture.authorization,
    connections: plan.connections,
  };
  await runLoad({ ...load, durationSeconds: plan.warmupSeconds });
  const series: [number, number][] = [];
  const started = Date.now();
  const sample = () => {
    try {
      series.push([(Date.now() - started) / 1000, rssBytes(gateway.pid)]);
    } catch {
      // the gateway is gone: the load reports the errors
    }
  };
  sample();
  const timer = setInterval(() => {
    sample();
    const last = series[series.length - 1];
    if (last && series.length % 60 === 0) {
      log(`  soak ${Math.round(last[0])} s: RSS ${(last[1] / 1048576).toFixed(1)} MB`);
    }
  }, 1000);
  let result: LoadResult;
  try {
    result = await runLoad({
      ...load,
      durationSeconds: plan.seconds,
      watchPids: { gateway: gateway.pid },
    });
  } finally {
    clearInterval(timer);
  }
  sample();
  return {
    plan,
    load: result,
    rss: summarizeRss(
      series.map(([, bytes]) => bytes),
      plan.edgeSamples,
    ),
    series,
  };
}
