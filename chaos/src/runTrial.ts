import { performance } from 'node:perf_hooks';
import type { Fault, Strategy } from './faults';
import type { RecoveryReport, ResilienceClient, ServiceStatus } from './ResilienceClient';
import { percentile } from './stats';

export interface TrialOptions {
  client: ResilienceClient;
  strategy: Strategy;
  fault: Fault;
  trial: number;
  keys: number;
  concurrency: number;
  valueBytes: number;
  random: () => number;
  /** After PROCESS_CRASH: brings the service back (a local process) or waits for a new one. */
  afterProcessCrash: (crashed: ServiceStatus) => Promise<void>;
  /** Replaces injectFailure (e.g. `kubectl apply -f chaos/mesh/pod-kill-resilience.yaml`). */
  inject?: () => Promise<unknown>;
  restartTimeoutMs: number;
}

export interface TrialResult {
  strategy: Strategy;
  fault: Fault;
  trial: number;
  keysAttempted: number;
  acknowledged: number;
  failedWrites: number;
  faultAfterAcks: number;
  writesPerSecond: number;
  writeP50Ms: number;
  writeP99Ms: number;
  rtoMs: number;
  /** Client side: from sending the fault to the first successful read after recovery. */
  faultToFirstReadMs: number;
  serverFaultToFirstReadMs: number | null;
  recoveredFrom: string;
  keysRecovered: number;
  serverLost: number;
  /** Every acknowledged key read back and compared, by the client. */
  clientLost: number;
  notes: string;
}

function valueFor(trial: number, i: number, bytes: number): string {
  const stem = `v${trial}.${i}.`;
  return stem + 'x'.repeat(Math.max(0, bytes - stem.length));
}

/**
 * One trial: write up to `keys` keys from `concurrency` writers while recording every
 * acknowledgement, inject the fault once a random share of them is acknowledged (other writes
 * are in flight at that moment), recover, then read every acknowledged key back.
 */
export async function runTrial(o: TrialOptions): Promise<TrialResult> {
  const { client } = o;
  await client.resetWorkload();
  const before = await client.status();
  const acked = new Map<string, string>();
  const latencies: number[] = [];
  let failedWrites = 0;
  let next = 0;
  const faultAfterAcks = Math.max(1, Math.floor(o.keys * (0.2 + 0.6 * o.random())));
  const started = performance.now();
  let faultAt = 0;
  let faulted: Promise<unknown> | undefined;

  const writer = async () => {
    // Once the fault is sent no new writes start (those in flight finish or fail), so the
    // time to the first read is the fault's and the recovery's, not the writers'.
    while (next < o.keys && !faulted) {
      const i = next++;
      const key = `t${o.trial}-k${i}`;
      const value = valueFor(o.trial, i, o.valueBytes);
      const t0 = performance.now();
      try {
        await client.store(key, value);
        acked.set(key, value);
        if (!faulted) latencies.push(performance.now() - t0);
      } catch {
        failedWrites++;
      }
      if (!faulted && acked.size >= faultAfterAcks) {
        faultAt = performance.now();
        faulted = o.inject ? o.inject() : client.injectFailure(o.fault);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, writer));
  await faulted;
  const writeSeconds = (faultAt - started) / 1000;

  if (o.fault === 'PROCESS_CRASH') await o.afterProcessCrash(before);
  await client.waitUntilAnswering(o.restartTimeoutMs);
  const report: RecoveryReport = await client.recover();

  const probe = acked.keys().next().value;
  for (;;) {
    try {
      if (probe !== undefined) await client.values([probe]);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  const faultToFirstReadMs = performance.now() - faultAt;

  let clientLost = 0;
  const keys = [...acked.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const values = await client.values(batch);
    batch.forEach((key, j) => {
      if (values[j] !== acked.get(key)) clientLost++;
    });
  }

  return {
    strategy: o.strategy,
    fault: o.fault,
    trial: o.trial,
    keysAttempted: next,
    acknowledged: acked.size,
    failedWrites,
    faultAfterAcks,
    writesPerSecond: writeSeconds > 0 ? latencies.length / writeSeconds : Number.NaN,
    writeP50Ms: percentile(latencies, 0.5),
    writeP99Ms: percentile(latencies, 0.99),
    rtoMs: report.rtoMs,
    faultToFirstReadMs,
    serverFaultToFirstReadMs: report.faultToFirstReadMs,
    recoveredFrom: report.recoveredFrom,
    keysRecovered: report.keysRecovered,
    serverLost: report.acknowledgedWritesLost,
    clientLost,
    notes: report.notes.join(' | '),
  };
}
