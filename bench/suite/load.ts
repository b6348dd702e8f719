import autocannon from 'autocannon';
import { cpuSeconds, machineCpuTicks } from '../support/processes';
import { cpuSecondsBetween, snapshotCpu, type ProcessGroups } from './processCpu';
import { percentile } from './stats';

export interface LoadOptions {
  /** Full URL of the GraphQL endpoint. */
  url: string;
  /** The POST body, or a function giving each request its own (e.g. unique titles). */
  body: string | (() => string);
  authorization?: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second across all connections (autocannon `overallRate`); unset = as fast as possible. */
  overallRate?: number;
  /** Called with every response body (after the GraphQL error check). */
  onResponse?: (status: number, body: string) => void;
  /** Processes whose CPU time (user + system) is measured over the run, by name. */
  watchPids?: Record<string, number>;
  /** Groups of processes (found again at the end of the run), CPU summed per group. */
  watchGroups?: ProcessGroups;
}

export interface LoadResult {
  connections: number;
  durationSeconds: number;
  overallRate?: number;
  /** Every response received. */
  responses: number;
  /** 2xx responses without a GraphQL `errors` entry, per second of the run. */
  goodPerSecond: number;
  good: number;
  non2xx: number;
  /** 2xx responses that carried GraphQL errors. */
  graphqlErrors: number;
  /** Connection errors and timeouts. */
  transportErrors: number;
  /** Latency of every response in ms, measured by autocannon per request (float, not binned). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** CPU seconds each watched process used during the run. */
  cpuSeconds: Record<string, number>;
  /** CPU milliseconds per good response, per watched process. */
  cpuMsPerRequest: Record<string, number>;
  /** Share of the whole machine's CPU time that was busy during the run (every process). */
  machineCpuBusy: number;
}

/**
 * One autocannon run of POSTs to a GraphQL endpoint. Latencies come from autocannon's
 * per-response timings (its own histogram rounds to whole milliseconds, too coarse for a
 * direct subgraph call); every body is checked for GraphQL errors, so a run that measures
 * error responses says so.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  let good = 0;
  const bodyOf = options.body;
  const request: autocannon.Request = {
    method: 'POST',
    path: new URL(options.url).pathname,
    headers: {
      'content-type': 'application/json',
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    body: typeof bodyOf === 'string' ? bodyOf : undefined,
    ...(typeof bodyOf === 'function'
      ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: bodyOf() }) }
      : {}),
    onResponse: (status: number, body: string) => {
      // A cheap check that is the same for every target; bodies are small JSON objects.
      if (status >= 200 && status < 300) {
        if (body.includes('"errors"')) graphqlErrors += 1;
        else good += 1;
      }
      options.onResponse?.(status, body);
    },
  };
  const pids = options.watchPids ?? {};
  const cpuBefore = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
  );
  const groupsBefore = options.watchGroups?.() ?? {};
  const groupsCpuBefore = snapshotCpu(groupsBefore);
  const machineBefore = machineCpuTicks();

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        requests: [request],
        timeout: 10,
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(toError(err)) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });

  const machineAfter = machineCpuTicks();
  const cpu: Record<string, number> = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - cpuBefore[name]!]),
  );
  if (options.watchGroups) {
    const groupsAfter = options.watchGroups();
    for (const [group, groupPids] of Object.entries(groupsBefore)) {
      groupsAfter[group] = [...new Set([...(groupsAfter[group] ?? []), ...groupPids])];
    }
    Object.assign(cpu, cpuSecondsBetween(groupsCpuBefore, snapshotCpu(groupsAfter)));
  }
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    connections: options.connections,
    durationSeconds: result.duration,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    responses: latencies.length,
    goodPerSecond: good / result.duration,
    good,
    non2xx: result.non2xx,
    graphqlErrors,
    transportErrors: result.errors,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
      mean: latencies.length > 0 ? sum / latencies.length : NaN,
    },
    cpuSeconds: cpu,
    machineCpuBusy:
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total || 1),
    cpuMsPerRequest: Object.fromEntries(
      Object.entries(cpu).map(([name, seconds]) => [
        name,
        good > 0 ? (seconds * 1000) / good : NaN,
      ]),
    ),
  };
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
