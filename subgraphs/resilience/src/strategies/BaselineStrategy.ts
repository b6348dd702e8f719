import { notApplicable } from './notApplicable';
import { applyOps } from './applyOps';
import type { Strategy } from './Strategy';
import {
  emptyOutcome,
  type FaultEffect,
  type FaultKind,
  type RecoveryOutcome,
  type StateSnapshot,
  type StrategyConfig,
  type StrategyDescription,
  type WriteOp,
} from './types';

/** The seed's baseline: an in-memory map; a failure clears it and recovery starts empty. */
export class BaselineStrategy implements Strategy {
  readonly kind = 'BASELINE' as const;
  private map = new Map<string, string>();
  private lastSeq = 0;

  constructor(readonly config: StrategyConfig) {}

  async open(): Promise<void> {}

  async store(ops: WriteOp[]): Promise<void> {
    this.lastSeq = applyOps(this.map, ops, this.lastSeq);
  }

  async retrieve(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }

  async recover(): Promise<RecoveryOutcome> {
    const kept = this.map.size;
    this.map = new Map();
    const outcome = emptyOutcome('NOTHING', this.lastSeq);
    outcome.notes.push(
      kept > 0
        ? `re-initialised empty, dropping ${kept} keys still in memory`
        : 're-initialised empty',
    );
    return outcome;
  }

  async snapshot(): Promise<StateSnapshot> {
    return { entries: new Map(this.map), lastSeq: this.lastSeq };
  }

  async load(state: StateSnapshot): Promise<void> {
    this.map = new Map(state.entries);
    this.lastSeq = state.lastSeq;
  }

  async injectFault(fault: FaultKind): Promise<FaultEffect> {
    if (fault !== 'MEMORY_WIPE') throw notApplicable(fault, this.kind);
    const keys = this.map.size;
    this.map.clear();
    return { detail: `cleared ${keys} keys from memory`, needsRecovery: true };
  }

  async describe(): Promise<StrategyDescription> {
    return { keys: this.map.size, replicas: [], checkpoint: null };
  }

  async close(): Promise<void> {
    this.map.clear();
  }
}
