import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { FsyncPolicy } from '../strategies/types';
import { fsyncDirectory } from './atomicWriteFile';
import { segmentPath } from './walFiles';

type Entry =
  | { kind: 'data'; buf: Buffer; resolve: () => void; reject: (err: Error) => void }
  | { kind: 'roll'; segment: number };

/**
 * Appends log records to the current segment under an fsync policy. One loop does all I/O in
 * queue order, so an acknowledgement means the record (and all before it) reached the file:
 * ALWAYS fsyncs each append on its own, GROUP lets everything queued during an fsync share the
 * next one (group commit), NONE only write(2)s — safe against a process kill, not a power loss.
 */
export class WalWriter {
  private readonly queue: Entry[] = [];
  private handle: FileHandle | undefined;
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};
  segment: number;
  bytesWritten = 0;
  fsyncs = 0;

  private constructor(
    private readonly dir: string,
    private readonly policy: FsyncPolicy,
    segment: number,
  ) {
    this.segment = segment;
  }

  static async open(dir: string, policy: FsyncPolicy, segment: number): Promise<WalWriter> {
    const writer = new WalWriter(dir, policy, segment);
    writer.handle = await writer.openSegment(segment);
    return writer;
  }

  append(buf: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'data', buf, resolve, reject });
      this.kick();
    });
  }

  /** Records queued after this call go to a new segment; returns its number. */
  roll(): number {
    const last = this.queue.findLast((e) => e.kind === 'roll');
    const next = (last?.kind === 'roll' ? last.segment : this.segment) + 1;
    this.queue.push({ kind: 'roll', segment: next });
    this.kick();
    return next;
  }

  /** Resolves once everything queued so far is written. */
  async flush(): Promise<void> {
    while (this.running || this.queue.length > 0) await this.idle;
  }

  async close(): Promise<void> {
    await this.flush();
    const handle = this.handle;
    this.handle = undefined;
    if (handle) {
      if (this.policy !== 'NONE') await handle.datasync();
      await handle.close();
    }
  }

  private async openSegment(segment: number): Promise<FileHandle> {
    const handle = await open(segmentPath(this.dir, segment), 'a');
    if (this.policy !== 'NONE') await fsyncDirectory(this.dir);
    return handle;
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    void this.drain();
  }

  /**
   * Runs until the queue is empty. `running` drops in the same tick as the last emptiness
   * check, so an append made by a continuation of the last batch starts a new drain.
   */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.kind === 'roll') {
        this.queue.shift();
        const old = this.handle;
        this.handle = undefined;
        try {
          if (old && this.policy !== 'NONE') await old.datasync();
          await old?.close();
          this.handle = await this.openSegment(head.segment);
          this.segment = head.segment;
        } catch {
          // Without a segment every later append fails (unacknowledged) until recovery reopens the log.
        }
        continue;
      }
      const batch: Extract<Entry, { kind: 'data' }>[] = [];
      while (this.queue[0]?.kind === 'data') {
        batch.push(this.queue.shift() as Extract<Entry, { kind: 'data' }>);
        if (this.policy === 'ALWAYS') break;
      }
      try {
        if (!this.handle) throw new Error('write-ahead log is closed');
        const data = batch.length === 1 ? batch[0]!.buf : Buffer.concat(batch.map((e) => e.buf));
        await this.handle.appendFile(data);
        this.bytesWritten += data.length;
        if (this.policy !== 'NONE') {
          await this.handle.datasync();
          this.fsyncs++;
        }
        for (const entry of batch) entry.resolve();
      } catch (err) {
        for (const entry of batch) entry.reject(err as Error);
      }
    }
    this.running = false;
    this.markIdle();
  }
}
