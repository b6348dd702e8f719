import { APPLICABLE, type Fault, type Strategy } from './faults';
import type { ResilienceClient, ServiceStatus } from './ResilienceClient';
import { runTrial, type TrialResult } from './runTrial';
import { formatMs, seededRandom } from './stats';

export interface ExperimentOptions {
  client: ResilienceClient;
  strategies: readonly Strategy[];
  faults: readonly Fault[];
  trials: number;
  keys: number;
  concurrency: number;
  valueBytes: number;
  seed: number;
  /** Extra strategy configuration (e.g. `{ fsync: 'GROUP' }`), merged into every switch. */
  config?: Record<string, unknown>;
  afterProcessCrash: (crashed: ServiceStatus) => Promise<void>;
  inject?: () => Promise<unknown>;
  restartTimeoutMs: number;
  log: (line: string) => void;
}

/** Every applicable (strategy, fault) pair, `trials` times, in a fixed order. */
export async function runExperiment(o: ExperimentOptions): Promise<TrialResult[]> {
  const random = seededRandom(o.seed);
  const results: TrialResult[] = [];
  const plan = o.strategies.flatMap((strategy) =>
    o.faults
      .filter((fault) => APPLICABLE[strategy].includes(fault))
      .map((fault) => ({ strategy, fault })),
  );
  const total = plan.length * o.trials;
  o.log(`${plan.length} strategy/fault pairs × ${o.trials} trials = ${total} trials`);
  for (const { strategy, fault } of plan) {
    await o.client.waitUntilAnswering(o.restartTimeoutMs);
    await o.client.switchStrategy(strategy, o.config ?? {});
    for (let trial = 1; trial <= o.trials; trial++) {
      const result = await runTrial({
        client: o.client,
        strategy,
        fault,
        trial,
        keys: o.keys,
        concurrency: o.concurrency,
        valueBytes: o.valueBytes,
        random,
        afterProcessCrash: o.afterProcessCrash,
        inject: o.inject,
        restartTimeoutMs: o.restartTimeoutMs,
      });
      results.push(result);
      o.log(
        `[${results.length}/${total}] ${strategy} ${fault} #${trial}: ` +
          `acked ${result.acknowledged}, lost ${result.serverLost} (client ${result.clientLost}), ` +
          `RTO ${formatMs(result.rtoMs)} ms, fault→read ${formatMs(result.faultToFirstReadMs)} ms, ` +
          `from ${result.recoveredFrom}, ${result.writesPerSecond.toFixed(0)} writes/s`,
      );
    }
  }
  return results;
}
