import type { Logger } from '@gitforge/logging';
import { ReplicaSet } from '../replica/ReplicaSet';
import { applyOps } from './applyOps';
import { notApplicable } from './notApplicable';
import type { Strategy } from './Strategy';
import {
  emptyOutcome,
  type FaultEffect,
  type FaultKind,
  type RecoveryOutcome,
  type StateSnapshot,
  type StrategyConfig,
  type StrategyDescription,
  type StrategyEvents,
  type WriteOp,
} from './types';

export interface ReplicationDeps {
  /** Stable for one activation of the strategy (kept in the strategy record across restarts). */
  generation: string;
  dataDir: string;
  orphanMs: number;
  logger: Logger;
  events: StrategyEvents;
}

/**
 * The subgraph coordinates N replica processes: it serves reads from its own copy, streams
 * every write to the replicas and acknowledges after the quorum. When it loses its copy
 * (crash, wipe) recovery fails over to the most advanced in-sync replica; replicas that were
 * down or behind are restarted and resynchronised before they count again.
 */
export class ReplicationStrategy implements Strategy {
  readonly kind: 'REPLICATION' | 'HYBRID' = 'REPLICATION';
  protected map = new Map<string, string>();
  protected lastSeq = 0;
  /** False while this process has not loaded or recovered the data. */
  protected intact = false;
  protected readonly replicas: ReplicaSet;

  constructor(
    readonly config: StrategyConfig,
    deps: ReplicationDeps,
  ) {
    this.replicas = new ReplicaSet({
      count: config.replicas,
      quorum: config.quorum,
      generation: deps.generation,
      dataDir: deps.dataDir,
      timeoutMs: config.replicaTimeoutMs,
      orphanMs: deps.orphanMs,
      logger: deps.logger,
      onChange: (replica) => deps.events.replicaChanged(replica),
    });
  }

  async open(): Promise<void> {
    await this.replicas.start();
  }

  store(ops: WriteOp[]): Promise<void> {
    this.lastSeq = applyOps(this.map, ops, this.lastSeq);
    return this.replicas.write(ops);
  }

  async retrieve(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }

  async recover(): Promise<RecoveryOutcome> {
    const outcome = emptyOutcome('MEMORY', this.lastSeq);
    const restarted = await this.replicas.restartDown();
    if (restarted > 0) outcome.notes.push(`restarted ${restarted} replica process(es)`);
    if (!this.intact) {
      for (const link of this.replicas.inSync()) {
        try {
          const dumped = await link.dump();
          if (!dumped.synced) continue;
          this.map = dumped.entries;
          this.lastSeq = dumped.lastSeq;
          outcome.source = 'REPLICA';
          outcome.replicaNode = link.node;
          outcome.notes.push(`failed over to replica ${link.node} at seq ${dumped.lastSeq}`);
          break;
        } catch (err) {
          outcome.notes.push(`replica ${link.node} failed during failover: ${String(err)}`);
        }
      }
      if (outcome.replicaNode === null) await this.recoverWithoutReplica(outcome);
      else await this.afterFailover();
      this.intact = true;
    }
    const state = { entries: this.map, lastSeq: this.lastSeq };
    const behind = this.replicas.links.filter(
      (l) =>
        l.connected &&
        l.node !== outcome.replicaNode &&
        (l.state !== 'IN_SYNC' || (outcome.replicaNode !== null && l.ackedSeq !== this.lastSeq)),
    );
    await Promise.all(behind.map((l) => this.replicas.resync(l, state)));
    outcome.replicasResynced = behind.length;
    outcome.lastSeq = this.lastSeq;
    return outcome;
  }

  async snapshot(): Promise<StateSnapshot> {
    return { entries: new Map(this.map), lastSeq: this.lastSeq };
  }

  async load(state: StateSnapshot): Promise<void> {
    this.map = new Map(state.entries);
    this.lastSeq = state.lastSeq;
    this.intact = true;
    await this.replicas.start();
    const current = { entries: this.map, lastSeq: this.lastSeq };
    await Promise.all(this.replicas.links.map((l) => this.replicas.resync(l, current)));
  }

  async injectFault(fault: FaultKind, node?: number): Promise<FaultEffect> {
    if (fault === 'MEMORY_WIPE') {
      const keys = this.map.size;
      this.map = new Map();
      this.intact = false;
      return { detail: `cleared ${keys} keys from the coordinator's memory`, needsRecovery: true };
    }
    if (fault === 'REPLICA_CRASH') {
      const live = this.replicas.links.filter((l) => l.connected).map((l) => l.node);
      const target = node ?? live[Math.floor(Math.random() * live.length)] ?? 1;
      return { detail: await this.replicas.kill(target), needsRecovery: false };
    }
    if (fault === 'ALL_REPLICAS_CRASH') {
      const killed: string[] = [];
      for (const link of this.replicas.links) killed.push(await this.replicas.kill(link.node));
      return { detail: killed.join('; '), needsRecovery: false };
    }
    throw notApplicable(fault, this.kind);
  }

  async describe(): Promise<StrategyDescription> {
    return { keys: this.map.size, replicas: this.replicas.describe(), checkpoint: null };
  }

  async close(_options: { destroyData: boolean }): Promise<void> {
    await this.replicas.stop();
  }

  /** No replica held the data: REPLICATION has nothing else, so it starts empty. */
  protected async recoverWithoutReplica(outcome: RecoveryOutcome): Promise<void> {
    this.map = new Map();
    outcome.source = 'NOTHING';
    outcome.notes.push('no replica held the data: started empty');
  }

  protected async afterFailover(): Promise<void> {}
}
