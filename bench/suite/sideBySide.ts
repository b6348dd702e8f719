import { runLoad, type LoadOptions, type LoadResult } from './load';
import { median } from './stats';

/** One of the two targets of a comparison. */
export interface Side {
  name: string;
  load: Omit<LoadOptions, 'connections' | 'durationSeconds' | 'overallRate'>;
}

export interface LoadPlan {
  connections: number;
  durationSeconds: number;
  /** Measured runs per side; the sides take turns (A B, B A, A B, ...). */
  rounds: number;
  /** Unmeasured run per side first (JIT, connection pools, caches). */
  warmupSeconds: number;
}

export interface SideSummary {
  name: string;
  runs: LoadResult[];
  /** Medians over the rounds. */
  goodPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Totals over the rounds: anything but a clean 2xx answer. */
  non2xx: number;
  graphqlErrors: number;
  transportErrors: number;
  /** Median CPU ms per good response, per watched process. */
  cpuMsPerRequest: Record<string, number>;
  /** Median share of the machine's CPU that was busy (every process, ours or not). */
  machineCpuBusy: number;
}

/**
 * Runs the same load against each target, one at a time (they would otherwise compete for the
 * same cores), rotating the order every round so drift (GC, caches, other work on the machine)
 * favours no side; reports medians over the rounds, in the order of `sides`.
 */
export async function runSideBySide(
  sides: Side[],
  plan: LoadPlan,
  log: (line: string) => void,
): Promise<SideSummary[]> {
  const run = (side: Side, durationSeconds: number) =>
    runLoad({ ...side.load, connections: plan.connections, durationSeconds });
  if (plan.warmupSeconds > 0) {
    for (const side of sides) await run(side, plan.warmupSeconds);
  }
  const runs = sides.map((): LoadResult[] => []);
  for (let round = 0; round < plan.rounds; round += 1) {
    for (let i = 0; i < sides.length; i += 1) {
      const index = (i + round) % sides.length;
      const side = sides[index]!;
      const result = await run(side, plan.durationSeconds);
      runs[index]!.push(result);
      const failures = result.non2xx + result.graphqlErrors + result.transportErrors;
      log(
        `  round ${round + 1} ${side.name}: ${result.goodPerSecond.toFixed(0)} req/s, ` +
          `p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms` +
          (failures > 0
            ? `, ${result.non2xx} non-2xx, ${result.graphqlErrors} with errors, ${result.transportErrors} transport errors`
            : ''),
      );
    }
  }
  return sides.map((side, i) => summarize(side.name, runs[i]!));
}

export function summarize(name: string, runs: LoadResult[]): SideSummary {
  const sum = (pick: (r: LoadResult) => number) => runs.reduce((t, r) => t + pick(r), 0);
  const processes = new Set(runs.flatMap((r) => Object.keys(r.cpuMsPerRequest)));
  return {
    name,
    runs,
    goodPerSecond: median(runs.map((r) => r.goodPerSecond)),
    p50Ms: median(runs.map((r) => r.latencyMs.p50)),
    p99Ms: median(runs.map((r) => r.latencyMs.p99)),
    non2xx: sum((r) => r.non2xx),
    graphqlErrors: sum((r) => r.graphqlErrors),
    transportErrors: sum((r) => r.transportErrors),
    machineCpuBusy: median(runs.map((r) => r.machineCpuBusy)),
    cpuMsPerRequest: Object.fromEntries(
      [...processes].map((p) => [p, median(runs.map((r) => r.cpuMsPerRequest[p] ?? NaN))]),
    ),
  };
}
