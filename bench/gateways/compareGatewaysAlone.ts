/**
 * Comparison (e): the gateway alone. Three cheap stub subgraphs (accounts / products / reviews,
 * `stubSubgraph.ts`), the supergraph composed once, and three gateways over them, each in its
 * own process: stock `@apollo/gateway`, `@graphql-hive/gateway` (one process) and GitForge's.
 * Checks that all three answer the nested query identically, then runs interleaved rounds
 * (A B C, B C A, C A B, ...) and reports medians and each gateway's CPU per request.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { startStockGateway } from '../suite/startStockGateway';
import { runSideBySide, type LoadPlan, type SideSummary } from '../suite/sideBySide';
import { ratio } from '../suite/stats';
import { startHiveGateway, startOurGateway, startStubs, type Started } from './startProcesses';
import { STUB_NAMES, STUB_NESTED_QUERY } from './stubSchemas';

const ROOT = resolve(__dirname, '../..');

export interface GatewayRatios {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Gateway CPU per request, ours ÷ theirs. */
  cpuPerRequest: number;
}

export interface GatewaysAloneComparison {
  query: string;
  answerBytes: number;
  plan: LoadPlan;
  versions: Record<string, string>;
  ours: SideSummary;
  stock: SideSummary;
  hive: SideSummary;
  /** Ours ÷ stock and ours ÷ hive. */
  vsStock: GatewayRatios;
  vsHive: GatewayRatios;
}

/** Ours ÷ theirs, for the figures the goals read. */
export function gatewayRatios(ours: SideSummary, theirs: SideSummary): GatewayRatios {
  return {
    requestsPerSecond: ratio(ours.goodPerSecond, theirs.goodPerSecond),
    p50: ratio(ours.p50Ms, theirs.p50Ms),
    p99: ratio(ours.p99Ms, theirs.p99Ms),
    cpuPerRequest: ratio(
      ours.cpuMsPerRequest.gateway ?? NaN,
      theirs.cpuMsPerRequest.gateway ?? NaN,
    ),
  };
}

/** The installed version, from the package's package.json (exports maps may hide it). */
function versionOf(pkg: string): string {
  try {
    const file = join(ROOT, 'node_modules', pkg, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function compareGatewaysAlone(
  plan: LoadPlan,
  logFile: string,
  log: (line: string) => void,
): Promise<GatewaysAloneComparison> {
  const stubs = await startStubs(logFile);
  const started: Started[] = [];
  try {
    log(`  stub subgraphs up (${STUB_NAMES.join(', ')}); supergraph ${stubs.supergraphFile}`);
    const stockProcess = await startStockGateway(stubs.list, logFile);
    started.push({ name: 'stock', ...stockProcess });
    started.push(await startHiveGateway(stubs, logFile));
    started.push(await startOurGateway(stubs, logFile));
    const [stock, hive, ours] = started as [Started, Started, Started];

    const body = JSON.stringify({ query: STUB_NESTED_QUERY });
    const answers = await Promise.all(
      [ours, stock, hive].map(async (g) => {
        const res = await fetch(g.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        const answer = (await res.json()) as { data?: { users?: unknown[] }; errors?: unknown };
        if (res.status !== 200 || answer.errors || !answer.data?.users?.length) {
          throw new Error(`${g.name} did not answer the nested query: ${JSON.stringify(answer)}`);
        }
        return answer;
      }),
    );
    for (const [i, name] of [
      [1, 'stock'],
      [2, 'hive'],
    ] as const) {
      if (!isDeepStrictEqual(answers[0], answers[i])) {
        throw new Error(`ours and ${name} answered the nested query differently`);
      }
    }
    log(`  all three answer identically (${Buffer.byteLength(JSON.stringify(answers[0]))} bytes)`);

    const side = (g: Started) => ({
      name: g.name,
      load: { url: g.url, body, watchPids: { gateway: g.pid } },
    });
    const [o, s, h] = await runSideBySide([side(ours), side(stock), side(hive)], plan, log);
    return {
      query: STUB_NESTED_QUERY,
      answerBytes: Buffer.byteLength(JSON.stringify(answers[0])),
      plan,
      versions: {
        '@apollo/gateway': versionOf('@apollo/gateway'),
        '@graphql-hive/gateway': versionOf('@graphql-hive/gateway'),
        node: process.version,
      },
      ours: o!,
      stock: s!,
      hive: h!,
      vsStock: gatewayRatios(o!, s!),
      vsHive: gatewayRatios(o!, h!),
    };
  } finally {
    await Promise.all(started.map((g) => g.stop()));
    await stubs.stop();
  }
}
