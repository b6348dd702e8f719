import type { Logger } from '@gitforge/logging';
import { CheckpointStore } from '../storage/CheckpointStore';
import { applyOps } from './applyOps';
import { notApplicable } from './notApplicable';
import type { Strategy } from './Strategy';
import type {
  FaultEffect,
  FaultKind,
  RecoveryOutcome,
  StateSnapshot,
  StrategyConfig,
  StrategyDescription,
  WriteOp,
} from './types';

/**
 * Serves from memory; every write is in the write-ahead log (under the fsync policy) before it
 * is acknowledged, and snapshots are taken every N writes or T ms. Recovery = newest valid
 * snapshot + log replay.
 */
export class CheckpointingStrategy implements Strategy {
  readonly kind = 'CHECKPOINTING' as const;
  private map = new Map<string, string>();
  private lastSeq = 0;
  private readonly disk: CheckpointStore;

  constructor(
    readonly config: StrategyConfig,
    dir: string,
    logger: Logger,
  ) {
    this.disk = new CheckpointStore(dir, config, () => this.current(), logger);
  }

  open(): Promise<void> {
    return this.disk.open();
  }

  store(ops: WriteOp[]): Promise<void> {
    // Applied and queued in the same tick, so a checkpoint never splits a write from its record.
    this.lastSeq = applyOps(this.map, ops, this.lastSeq);
    return this.disk.append(ops);
  }

  async retrieve(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }

  async recover(): Promise<RecoveryOutcome> {
    const { state, outcome } = await this.disk.recover();
    this.map = state.entries;
    this.lastSeq = state.lastSeq;
    return outcome;
  }

  async snapshot(): Promise<StateSnapshot> {
    return { entries: new Map(this.map), lastSeq: this.lastSeq };
  }

  async load(state: StateSnapshot): Promise<void> {
    this.map = new Map(state.entries);
    this.lastSeq = state.lastSeq;
    await this.disk.reset(this.current());
  }

  async injectFault(fault: FaultKind): Promise<FaultEffect> {
    let detail: string;
    if (fault === 'MEMORY_WIPE') detail = 'cleared memory';
    else if (fault === 'CORRUPT_SNAPSHOT') detail = await this.disk.corruptNewestSnapshot();
    else if (fault === 'TORN_WAL_TAIL') detail = await this.disk.tearWalTail();
    else throw notApplicable(fault, this.kind);
    const keys = this.map.size;
    this.map = new Map();
    return { detail: `${detail}; dropped ${keys} keys from memory`, needsRecovery: true };
  }

  async describe(): Promise<StrategyDescription> {
    return { keys: this.map.size, replicas: [], checkpoint: this.disk.describe() };
  }

  close(options: { destroyData: boolean }): Promise<void> {
    return options.destroyData ? this.disk.destroy() : this.disk.close();
  }

  private current(): StateSnapshot {
    return { entries: this.map, lastSeq: this.lastSeq };
  }
}
