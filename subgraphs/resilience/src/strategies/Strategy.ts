import type {
  FaultEffect,
  FaultKind,
  RecoveryOutcome,
  StateSnapshot,
  StrategyConfig,
  StrategyDescription,
  StrategyKind,
  WriteOp,
} from './types';

/**
 * One fault-tolerance strategy (the seed's BaseFaultToleranceStrategy). The manager serialises
 * `recover`, `load`, `injectFault` and `close` against reads and writes; `store` may be called
 * concurrently and resolves only once the writes are acknowledged under the strategy's policy.
 */
export interface Strategy {
  readonly kind: StrategyKind;
  readonly config: StrategyConfig;
  /** Acquires resources (files, replica processes, connections) without loading data. */
  open(): Promise<void>;
  store(ops: WriteOp[]): Promise<void>;
  retrieve(key: string): Promise<string | undefined>;
  /** Brings the data back after a fault, through the strategy's own mechanism. */
  recover(): Promise<RecoveryOutcome>;
  /** The current state, used to move data across a switch and to count lost writes. */
  snapshot(): Promise<StateSnapshot>;
  /** Replaces all state (durably, where the strategy is durable) with `state`. */
  load(state: StateSnapshot): Promise<void>;
  /** The strategy-specific part of a fault (PROCESS_CRASH is the manager's). */
  injectFault(fault: FaultKind, node?: number): Promise<FaultEffect>;
  describe(): Promise<StrategyDescription>;
  /** Releases resources; `destroyData` also removes what it kept on disk or in replicas. */
  close(options: { destroyData: boolean }): Promise<void>;
}
