import type { FaultKind, RecoveryOutcome, StrategyConfig, StrategyKind } from '../strategies/types';

/** What `recover` returns: what was recovered, from where, how fast, and what was lost. */
export interface RecoveryReport extends RecoveryOutcome {
  id: string;
  strategy: StrategyKind;
  config: StrategyConfig;
  /** The last fault injected through this service before the recovery (null: none recorded). */
  fault: FaultKind | null;
  faultAt: Date | null;
  startedAt: Date;
  completedAt: Date;
  keysRecovered: number;
  /** Keys in the acknowledgement ledger: each key's last acknowledged write is checked. */
  acknowledgedKeysChecked: number;
  /** Keys whose last acknowledged write is not what recovery produced. */
  acknowledgedWritesLost: number;
  missingKeys: number;
  staleKeys: number;
  resurrectedKeys: number;
  lostKeysSample: string[];
  /** Around the strategy's recovery only (the seed's step 7 to 8). */
  rtoMs: number;
  /** Counting loss against the ledger, after the RTO window. */
  verifyMs: number;
  /** From the recorded fault to the first read served through the recovered strategy. */
  faultToFirstReadMs: number | null;
}

export function reviveReport(json: Record<string, unknown>): RecoveryReport {
  const report = json as unknown as RecoveryReport;
  return {
    ...report,
    faultAt: report.faultAt ? new Date(report.faultAt) : null,
    startedAt: new Date(report.startedAt),
    completedAt: new Date(report.completedAt),
  };
}
