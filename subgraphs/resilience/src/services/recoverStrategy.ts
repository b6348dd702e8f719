import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Strategy } from '../strategies/Strategy';
import type { StrategyConfig } from '../strategies/types';
import type { AckLedger } from './AckLedger';
import type { FaultRecord } from './FaultLog';
import type { RecoveryReport } from './RecoveryReport';

/**
 * Runs one recovery and measures it honestly: RTO around `strategy.recover()` only, then the
 * first read through the recovered strategy, then the loss count against the ledger (outside
 * the RTO window), after which the ledger is rebased on what was recovered.
 */
export async function recoverStrategy(input: {
  strategy: Strategy;
  config: StrategyConfig;
  ledger: AckLedger;
  fault: FaultRecord | undefined;
}): Promise<RecoveryReport> {
  const { strategy, ledger, fault } = input;
  const startedAt = new Date();
  const started = performance.now();
  const outcome = await strategy.recover();
  const rtoMs = performance.now() - started;

  await strategy.retrieve(ledger.anyKey() ?? '__recovery_probe__');
  const firstReadAt = Date.now();

  const verifyStarted = performance.now();
  const state = await strategy.snapshot();
  const loss = ledger.verify(state.entries);
  const verifyMs = performance.now() - verifyStarted;
  const lastSeq = Math.max(outcome.lastSeq, state.lastSeq, ledger.highestSeq);
  await ledger.rebase(state.entries, lastSeq);

  const faultAt = fault ? new Date(fault.at) : null;
  return {
    ...outcome,
    lastSeq,
    id: randomUUID(),
    strategy: strategy.kind,
    config: input.config,
    fault: fault?.fault ?? null,
    faultAt,
    startedAt,
    completedAt: new Date(),
    keysRecovered: state.entries.size,
    acknowledgedKeysChecked: loss.acknowledgedKeys,
    acknowledgedWritesLost: loss.lost,
    missingKeys: loss.missing,
    staleKeys: loss.stale,
    resurrectedKeys: loss.resurrected,
    lostKeysSample: loss.sample,
    rtoMs,
    verifyMs,
    faultToFirstReadMs: faultAt ? firstReadAt - faultAt.getTime() : null,
  };
}
