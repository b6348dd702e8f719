import { CheckpointStore } from '../storage/CheckpointStore';
import { ReplicationStrategy, type ReplicationDeps } from './ReplicationStrategy';
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
 * Replication for speed plus checkpoints for catastrophe: a write is acknowledged once it is
 * in the local write-ahead log (under the fsync policy) and on the replica quorum. Recovery
 * fails over to a replica when one holds the data, and loads snapshot + log when none does.
 */
export class HybridStrategy extends ReplicationStrategy {
  override readonly kind = 'HYBRID' as const;
  private readonly disk: CheckpointStore;

  constructor(config: StrategyConfig, deps: ReplicationDeps & { dir: string }) {
    super(config, deps);
    this.disk = new CheckpointStore(
      deps.dir,
      config,
      () => ({ entries: this.map, lastSeq: this.lastSeq }),
      deps.logger,
    );
  }

  override async open(): Promise<void> {
    await this.disk.open();
    await super.open();
  }

  override store(ops: WriteOp[]): Promise<void> {
    const replicated = super.store(ops);
    const logged = this.disk.append(ops);
    return Promise.all([logged, replicated]).then(() => undefined);
  }

  override async load(state: StateSnapshot): Promise<void> {
    await this.disk.reset(state);
    await super.load(state);
  }

  override async injectFault(fault: FaultKind, node?: number): Promise<FaultEffect> {
    if (fault !== 'CORRUPT_SNAPSHOT' && fault !== 'TORN_WAL_TAIL') {
      return super.injectFault(fault, node);
    }
    const damage =
      fault === 'CORRUPT_SNAPSHOT'
        ? await this.disk.corruptNewestSnapshot()
        : await this.disk.tearWalTail();
    const wiped = await super.injectFault('MEMORY_WIPE');
    return { detail: `${damage}; ${wiped.detail}`, needsRecovery: true };
  }

  override async describe(): Promise<StrategyDescription> {
    return { ...(await super.describe()), checkpoint: this.disk.describe() };
  }

  override async close(options: { destroyData: boolean }): Promise<void> {
    await super.close(options);
    await (options.destroyData ? this.disk.destroy() : this.disk.close());
  }

  /** Every replica lost the data (or none is up): the disk copy takes over. */
  protected override async recoverWithoutReplica(outcome: RecoveryOutcome): Promise<void> {
    const { state, outcome: disk } = await this.disk.recover();
    this.map = state.entries;
    this.lastSeq = state.lastSeq;
    Object.assign(outcome, { ...disk, notes: [...outcome.notes, ...disk.notes] });
  }

  /** The replica's copy becomes the base of the disk copy (new log segment, snapshot in background). */
  protected override async afterFailover(): Promise<void> {
    await this.disk.rebase();
  }
}
