import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { Quorum, ReplicaInfo, StateSnapshot, WriteOp } from '../strategies/types';
import { DUMP_CHUNK, encodeMessage, type WireOp } from './protocol';
import { ReplicaLink } from './ReplicaLink';
import { isAlive, readReplicaAddress } from './replicaFiles';
import { spawnReplica } from './spawnReplica';

export interface ReplicaSetOptions {
  count: number;
  quorum: Quorum;
  /** Identifies this strategy instance; replicas loaded by another one are stale. */
  generation: string;
  dataDir: string;
  timeoutMs: number;
  orphanMs: number;
  logger: Logger;
  onChange: (replica: ReplicaInfo) => void;
}

interface PendingWrite {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const unavailable = (message: string) => new DomainError('UPSTREAM_UNAVAILABLE', message);

/**
 * N replica processes on loopback. Writes go to every connected replica in one ordered stream
 * and are acknowledged once `quorum` replicas that are in sync have applied them; a replica
 * that was down or stale counts again only after a full resynchronisation.
 */
export class ReplicaSet {
  readonly links: ReplicaLink[];
  private outbox: WireOp[] = [];
  private flushScheduled = false;
  private pending: PendingWrite[] = [];
  /** Resyncs waiting for their marker's acknowledgement; each returns true once settled. */
  private readonly syncWaiters = new Set<() => boolean>();

  constructor(private readonly options: ReplicaSetOptions) {
    this.links = Array.from(
      { length: options.count },
      (_, i) =>
        new ReplicaLink(
          i + 1,
          () => this.settle(),
          (link) => this.lost(link),
        ),
    );
  }

  get needed(): number {
    const { quorum, count } = this.options;
    return quorum === 'ONE' ? 1 : quorum === 'ALL' ? count : Math.floor(count / 2) + 1;
  }

  /** Adopts replicas still running from before (a restarted subgraph), starts the missing ones. */
  async start(): Promise<void> {
    await Promise.all(this.links.filter((l) => !l.connected).map((l) => this.adoptOrSpawn(l)));
  }

  write(ops: readonly WriteOp[]): Promise<void> {
    const live = this.links.filter((l) => l.state === 'IN_SYNC' || l.state === 'SYNCING').length;
    if (live < this.needed) {
      return Promise.reject(
        unavailable(
          `${live} of ${this.options.count} replicas up; ${this.options.quorum} needs ${this.needed}`,
        ),
      );
    }
    let seq = 0;
    for (const op of ops) {
      this.outbox.push(op.type === 'put' ? [op.seq, op.key, op.value] : [op.seq, op.key]);
      if (op.seq > seq) seq = op.seq;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = this.pending.filter((p) => p !== entry);
        reject(unavailable(`no ${this.options.quorum} quorum within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      const entry: PendingWrite = { seq, resolve, reject, timer };
      this.pending.push(entry);
    });
  }

  /** Replicas that completed a sync and are still up, most advanced first. */
  inSync(): ReplicaLink[] {
    return this.links.filter((l) => l.state === 'IN_SYNC').sort((a, b) => b.ackedSeq - a.ackedSeq);
  }

  /**
   * Loads `state` into a replica: reset, entries, then a marker it acknowledges. Writes queued
   * after this call follow the marker on the same stream, so nothing falls in between.
   */
  async resync(link: ReplicaLink, state: StateSnapshot): Promise<void> {
    this.flush();
    link.send({ t: 'reset', generation: this.options.generation });
    let chunk: [string, string][] = [];
    for (const entry of state.entries) {
      chunk.push(entry);
      if (chunk.length === DUMP_CHUNK) {
        link.send({ t: 'load', entries: chunk });
        chunk = [];
      }
    }
    if (chunk.length > 0) link.send({ t: 'load', entries: chunk });
    link.send({ t: 'synced', seq: state.lastSeq });
    link.ackedSeq = 0;
    link.setState('SYNCING');
    this.options.onChange(link.info());
    await new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if (link.state === 'DOWN') reject(unavailable(`replica ${link.node} died while syncing`));
        else if (link.ackedSeq >= state.lastSeq) resolve();
        else return false;
        return true;
      };
      if (!check()) this.syncWaiters.add(check);
    });
    link.setState('IN_SYNC');
    this.options.onChange(link.info());
    this.settle();
  }

  async restartDown(): Promise<number> {
    const down = this.links.filter((l) => !l.connected);
    await Promise.all(down.map((l) => this.adoptOrSpawn(l)));
    return down.length;
  }

  /** SIGKILLs one replica's process and waits until its connection is gone. */
  async kill(node: number): Promise<string> {
    const link = this.links[node - 1];
    if (!link) {
      throw new DomainError('BAD_USER_INPUT', `node must be 1..${this.options.count}`, 'node');
    }
    if (!link.connected || link.pid === null) return `replica ${node} was already down`;
    const pid = link.pid;
    process.kill(pid, 'SIGKILL');
    await link.whenDown();
    return `SIGKILL sent to replica ${node} (pid ${pid})`;
  }

  describe(): ReplicaInfo[] {
    return this.links.map((l) => l.info());
  }

  /** SIGTERMs every replica (they remove their pid and port files) and waits for them to go. */
  async stop(): Promise<void> {
    this.rejectPending(unavailable('replicas stopped'));
    await Promise.all(
      this.links.map(async (link) => {
        if (!link.connected || link.pid === null) return;
        try {
          process.kill(link.pid, 'SIGTERM');
        } catch {
          return;
        }
        await link.whenDown();
      }),
    );
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const message = encodeMessage({ t: 'w', ops: this.outbox });
    this.outbox = [];
    for (const link of this.links) {
      if (link.state === 'IN_SYNC' || link.state === 'SYNCING') link.send(message);
    }
  }

  private settle(): void {
    for (const waiter of this.syncWaiters) if (waiter()) this.syncWaiters.delete(waiter);
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      const acked = this.links.filter(
        (l) => l.state === 'IN_SYNC' && l.ackedSeq >= head.seq,
      ).length;
      if (acked < this.needed) return;
      this.pending.shift();
      clearTimeout(head.timer);
      head.resolve();
    }
  }

  private lost(link: ReplicaLink): void {
    this.options.logger.warn({ node: link.node, pid: link.pid }, 'replica down');
    this.options.onChange(link.info());
    const live = this.links.filter((l) => l.state === 'IN_SYNC' || l.state === 'SYNCING').length;
    if (live < this.needed) {
      this.rejectPending(unavailable(`quorum lost: replica ${link.node} went down`));
    }
    this.settle();
  }

  private rejectPending(err: Error): void {
    const pending = this.pending.splice(0);
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  private async adoptOrSpawn(link: ReplicaLink): Promise<void> {
    const { dataDir, generation, timeoutMs, orphanMs } = this.options;
    const known = readReplicaAddress(dataDir, link.node);
    if (known && isAlive(known.pid)) {
      try {
        await link.attach(known.port, generation, timeoutMs);
        this.options.onChange(link.info());
        return;
      } catch (err) {
        this.options.logger.warn({ err, node: link.node }, 'could not adopt running replica');
        if (isAlive(known.pid)) process.kill(known.pid, 'SIGKILL');
      }
    }
    const started = await spawnReplica({ node: link.node, dataDir, orphanMs, timeoutMs: 15_000 });
    await link.attach(started.port, generation, timeoutMs);
    this.options.onChange(link.info());
  }
}
