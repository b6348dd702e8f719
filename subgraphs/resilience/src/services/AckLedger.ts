import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../storage/atomicWriteFile';
import type { WriteOp } from '../strategies/types';

interface LedgerEntry {
  seq: number;
  /** Hash of the acknowledged value; null when the last acknowledged write was a delete. */
  hash: string | null;
}

export interface LossCount {
  acknowledgedKeys: number;
  lost: number;
  /** Acknowledged value absent after recovery. */
  missing: number;
  /** A different value (an older one, or one whose write was never acknowledged). */
  stale: number;
  /** Acknowledged delete, yet the key is back. */
  resurrected: number;
  sample: string[];
}

const hashOf = (value: string) =>
  createHash('sha256').update(value).digest('base64url').slice(0, 22);

/**
 * The acknowledgement ledger: for every key, the last write the service acknowledged. It is
 * appended (write(2), no fsync) before the client sees the acknowledgement and lives in its own
 * file, so it survives SIGKILL of this process and every fault of the strategies; it does not
 * survive losing the machine, which no fault here does. Recovery counts loss against it.
 */
export class AckLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private buffer: string[] = [];
  private flushing: Promise<void> | undefined;
  private maxSeq = 0;

  private constructor(
    private readonly path: string,
    private handle: FileHandle,
  ) {}

  static async open(dir: string): Promise<AckLedger> {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'acks.log');
    const ledger = new AckLedger(path, await open(path, 'a'));
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // no ledger yet
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const [seq, key, hash] = JSON.parse(line) as [number, string, string | null];
        ledger.apply(seq, key, hash);
      } catch {
        // a line cut short by a crash was never acknowledged
      }
    }
    return ledger;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Some acknowledged key, for the first read after a recovery. */
  anyKey(): string | undefined {
    for (const key of this.entries.keys()) return key;
    return undefined;
  }

  get highestSeq(): number {
    return this.maxSeq;
  }

  /** Resolves once the records are in the file; only then may the writes be acknowledged. */
  record(ops: readonly WriteOp[]): Promise<void> {
    for (const op of ops) {
      const hash = op.type === 'put' ? hashOf(op.value) : null;
      this.apply(op.seq, op.key, hash);
      this.buffer.push(`${JSON.stringify([op.seq, op.key, hash])}\n`);
    }
    return this.flush();
  }

  /** Counts acknowledged writes whose effect is not in `state`. */
  verify(state: ReadonlyMap<string, string>): LossCount {
    const count: LossCount = {
      acknowledgedKeys: this.entries.size,
      lost: 0,
      missing: 0,
      stale: 0,
      resurrected: 0,
      sample: [],
    };
    for (const [key, entry] of this.entries) {
      const value = state.get(key);
      let problem: 'missing' | 'stale' | 'resurrected' | undefined;
      if (entry.hash === null) problem = value === undefined ? undefined : 'resurrected';
      else if (value === undefined) problem = 'missing';
      else if (hashOf(value) !== entry.hash) problem = 'stale';
      if (!problem) continue;
      count[problem]++;
      count.lost++;
      if (count.sample.length < 10) count.sample.push(key);
    }
    return count;
  }

  /** After a recovery the recovered state is what the service stands behind from then on. */
  async rebase(state: ReadonlyMap<string, string>, seq: number): Promise<void> {
    await this.flush();
    this.entries.clear();
    const lines: string[] = [];
    for (const [key, value] of state) {
      const hash = hashOf(value);
      this.entries.set(key, { seq, hash });
      lines.push(`${JSON.stringify([seq, key, hash])}\n`);
    }
    this.maxSeq = Math.max(this.maxSeq, seq);
    await this.replaceFile(lines.join(''));
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  private apply(seq: number, key: string, hash: string | null): void {
    const known = this.entries.get(key);
    if (!known || known.seq <= seq) this.entries.set(key, { seq, hash });
    if (seq > this.maxSeq) this.maxSeq = seq;
  }

  private async replaceFile(text: string): Promise<void> {
    await this.handle.close();
    await atomicWriteFile(this.path, text);
    this.handle = await open(this.path, 'a');
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.buffer.length === 0) return Promise.resolve();
    const text = this.buffer.join('');
    this.buffer = [];
    this.flushing = this.handle.appendFile(text).finally(() => (this.flushing = undefined));
    return this.flushing;
  }
}
