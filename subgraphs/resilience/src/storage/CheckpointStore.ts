import { mkdir, open, readFile, rm, stat, truncate, unlink } from 'node:fs/promises';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { CheckpointInfo, FsyncPolicy, StateSnapshot, WriteOp } from '../strategies/types';
import { emptyOutcome, type RecoveryOutcome } from '../strategies/types';
import { atomicWriteFile, fsyncDirectory } from './atomicWriteFile';
import { replayLog } from './replayLog';
import { decodeSnapshot, encodeSnapshot, type SnapshotHeader } from './snapshotFile';
import { encodeRecord } from './walRecord';
import { listCheckpointFiles, segmentPath, snapshotPath } from './walFiles';
import { WalWriter } from './WalWriter';

export interface CheckpointOptions {
  fsync: FsyncPolicy;
  snapshotEveryWrites: number;
  snapshotIntervalMs: number;
}

/**
 * Snapshots plus a write-ahead log in one directory. A checkpoint serialises the state
 * synchronously, rolls the log to a new segment and writes the snapshot atomically in the
 * background; the two newest snapshots and the segments they need are kept, so a corrupt
 * newest snapshot falls back to the one before it and a longer replay.
 */
export class CheckpointStore {
  private wal: WalWriter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checkpointing: Promise<void> | undefined;
  private writesSinceSnapshot = 0;
  private readonly snapshots = new Map<number, { seq: number; bytes: number; createdAt: Date }>();

  constructor(
    private readonly dir: string,
    private readonly options: CheckpointOptions,
    private readonly source: () => StateSnapshot,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.timer = setInterval(() => {
      if (this.wal && this.writesSinceSnapshot > 0) void this.checkpoint();
    }, this.options.snapshotIntervalMs);
    this.timer.unref();
  }

  /** Starts over from `state`: one snapshot, an empty log. */
  async reset(state: StateSnapshot): Promise<void> {
    await this.closeLog();
    const files = await listCheckpointFiles(this.dir);
    await Promise.all([
      ...files.segments.map((s) => unlink(segmentPath(this.dir, s))),
      ...files.snapshots.map((s) => unlink(snapshotPath(this.dir, s))),
      ...files.temps.map((t) => unlink(t)),
    ]);
    this.snapshots.clear();
    await this.writeSnapshot(encodeSnapshot(state, 1), state, 1);
    this.wal = await WalWriter.open(this.dir, this.options.fsync, 1);
    this.writesSinceSnapshot = 0;
  }

  /** Loads the newest valid snapshot and replays the log after it, stopping at a torn or corrupt tail. */
  async recover(): Promise<{ state: StateSnapshot; outcome: RecoveryOutcome }> {
    await this.closeLog();
    const files = await listCheckpointFiles(this.dir);
    await Promise.all(files.temps.map((t) => unlink(t)));
    const outcome = emptyOutcome('NOTHING', 0);
    let base: { header: SnapshotHeader; state: StateSnapshot } | undefined;
    this.snapshots.clear();
    for (const segment of files.snapshots) {
      const decoded = decodeSnapshot(await readFile(snapshotPath(this.dir, segment)));
      if (decoded.ok) {
        base ??= decoded;
        const { seq, bytes, createdAt } = decoded.header;
        this.snapshots.set(segment, { seq, bytes, createdAt: new Date(createdAt) });
      } else if (!base) {
        outcome.snapshotsRejected++;
        outcome.notes.push(`snapshot ${segment} rejected: ${decoded.reason}`);
        await unlink(snapshotPath(this.dir, segment));
      }
    }
    const state: StateSnapshot = base?.state ?? { entries: new Map(), lastSeq: 0 };
    const from = base?.header.segment ?? files.segments[0] ?? 1;
    if (!base && files.snapshots.length > 0) {
      outcome.notes.push('no valid snapshot: replaying every log segment still on disk');
    }
    const segments = files.segments.filter((s) => s >= from);
    const replay = await replayLog(this.dir, segments, state);
    outcome.logRecordsReplayed = replay.replayed;
    outcome.logBytesDiscarded = replay.discardedBytes;
    if (replay.stoppedAt) {
      outcome.notes.push(
        `log segment ${replay.stoppedAt.segment} ${replay.stoppedAt.reason} at byte ${replay.stoppedAt.offset}: ` +
          `${replay.discardedBytes} bytes discarded`,
      );
      await truncate(segmentPath(this.dir, replay.stoppedAt.segment), replay.stoppedAt.offset);
      for (const later of segments.filter((s) => s > replay.stoppedAt!.segment)) {
        await unlink(segmentPath(this.dir, later));
      }
    }
    outcome.snapshotSeq = base ? base.header.seq : null;
    outcome.lastSeq = state.lastSeq;
    outcome.source = base ? 'SNAPSHOT_AND_LOG' : replay.replayed > 0 ? 'LOG_ONLY' : 'NOTHING';
    const next = Math.max(from, ...segments) + 1;
    this.wal = await WalWriter.open(this.dir, this.options.fsync, next);
    this.writesSinceSnapshot = replay.replayed;
    return { state, outcome };
  }

  /**
   * Makes `state` (recovered from elsewhere, e.g. a replica) the base of the disk copy: new log
   * segment now, snapshot in the background. Until that snapshot is written, a disk recovery
   * replays the old files and then the new segment, which still ends in the same state.
   */
  async rebase(): Promise<void> {
    await this.closeLog();
    const files = await listCheckpointFiles(this.dir);
    const next = Math.max(0, ...files.segments, ...files.snapshots) + 1;
    this.wal = await WalWriter.open(this.dir, this.options.fsync, next);
    void this.checkpoint();
  }

  /** Resolves once the records are durable under the fsync policy. */
  append(ops: readonly WriteOp[]): Promise<void> {
    if (!this.wal) return Promise.reject(new Error('write-ahead log is not open'));
    const buf =
      ops.length === 1 ? encodeRecord(ops[0]!) : Buffer.concat(ops.map((op) => encodeRecord(op)));
    const written = this.wal.append(buf);
    this.writesSinceSnapshot += ops.length;
    if (this.writesSinceSnapshot >= this.options.snapshotEveryWrites) void this.checkpoint();
    return written;
  }

  /** Takes a checkpoint unless one is running; the state is captured before this returns. */
  checkpoint(): Promise<void> {
    if (this.checkpointing || !this.wal) return this.checkpointing ?? Promise.resolve();
    const state = this.source();
    const segment = this.wal.roll();
    const data = encodeSnapshot(state, segment);
    this.writesSinceSnapshot = 0;
    this.checkpointing = this.writeSnapshot(data, state, segment)
      .then(() => this.prune())
      .catch((err: unknown) => this.logger.error({ err }, 'checkpoint failed'))
      .finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  /** CORRUPT_SNAPSHOT: flips bytes in the middle of the newest snapshot's body, in place. */
  async corruptNewestSnapshot(): Promise<string> {
    await this.checkpointing;
    const [newest] = (await listCheckpointFiles(this.dir)).snapshots;
    if (newest === undefined) throw new DomainError('BAD_USER_INPUT', 'No snapshot to corrupt yet');
    const path = snapshotPath(this.dir, newest);
    const { size } = await stat(path);
    const handle = await open(path, 'r+');
    try {
      const at = Math.max(0, Math.floor(size * 0.6) - 8);
      const chunk = Buffer.alloc(16);
      await handle.read(chunk, 0, 16, at);
      for (let i = 0; i < chunk.length; i++) chunk[i] = chunk[i]! ^ 0xff;
      await handle.write(chunk, 0, 16, at);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return `flipped 16 bytes at ${Math.round(size * 0.6)} of ${path}`;
  }

  /** TORN_WAL_TAIL: appends the first part of a record, as a write cut short by a crash would. */
  async tearWalTail(): Promise<string> {
    await this.closeLog();
    const { segments } = await listCheckpointFiles(this.dir);
    const last = segments.at(-1) ?? 1;
    const record = encodeRecord({
      type: 'put',
      key: '__torn_write__',
      value: 'x'.repeat(200),
      seq: this.source().lastSeq + 1,
    });
    const torn = record.subarray(0, Math.floor(record.length * 0.6));
    const handle = await open(segmentPath(this.dir, last), 'a');
    try {
      await handle.appendFile(torn);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return `appended ${torn.length} of ${record.length} bytes of a record to log segment ${last}`;
  }

  describe(): CheckpointInfo {
    return {
      snapshots: [...this.snapshots.values()].sort((a, b) => b.seq - a.seq),
      walSegments: this.wal ? this.wal.segment : 0,
      walBytes: this.wal?.bytesWritten ?? 0,
      writesSinceSnapshot: this.writesSinceSnapshot,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checkpointing;
    await this.closeLog();
  }

  async destroy(): Promise<void> {
    await this.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async closeLog(): Promise<void> {
    await this.checkpointing;
    const wal = this.wal;
    this.wal = undefined;
    await wal?.close();
  }

  private async writeSnapshot(data: Buffer, state: StateSnapshot, segment: number): Promise<void> {
    await atomicWriteFile(snapshotPath(this.dir, segment), data);
    this.snapshots.set(segment, { seq: state.lastSeq, bytes: data.length, createdAt: new Date() });
  }

  /** Keeps the two newest snapshots and the log segments from the older one on. */
  private async prune(): Promise<void> {
    const files = await listCheckpointFiles(this.dir);
    const keep = files.snapshots.slice(0, 2);
    const oldestKept = keep.at(-1);
    if (keep.length < 2 || oldestKept === undefined) return;
    for (const s of files.snapshots.slice(2)) {
      await unlink(snapshotPath(this.dir, s));
      this.snapshots.delete(s);
    }
    for (const s of files.segments.filter((seg) => seg < oldestKept)) {
      await unlink(segmentPath(this.dir, s));
    }
    if (this.options.fsync !== 'NONE') await fsyncDirectory(this.dir);
  }
}
