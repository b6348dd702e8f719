import { writeSync } from 'node:fs';
import pino from 'pino';

export interface BufferedDestinationOptions {
  /** Pending output is written once it reaches this many bytes (0: every line at once). */
  minLength?: number;
  /** A line waits at most this long before it is written (unless the reader is behind). */
  flushIntervalMs?: number;
  /** Held while the reader does not keep up; beyond it, lines are dropped and counted. */
  maxBufferedLength?: number;
  /** At exit, how long a full pipe is waited for before what is left is given up. */
  exitFlushMs?: number;
  /** While the reader is behind (EAGAIN), how often writing is tried again. */
  retryMs?: number;
}

/**
 * Writes bytes to the output without blocking and returns how many were taken; throws the
 * errno error (EAGAIN when the pipe is full, EPIPE when its reader is gone).
 */
export type WriteOut = (data: Buffer) => number;

const DEFAULTS: Required<BufferedDestinationOptions> = {
  minLength: 64 * 1024,
  flushIntervalMs: 100,
  maxBufferedLength: 8 * 1024 * 1024,
  exitFlushMs: 2_000,
  retryMs: 20,
};

/** pino's level for `error`: such lines (and `fatal`) are written at once. */
const WRITE_AT_ONCE_LEVEL = 50;

/**
 * A pino destination that gathers whole log lines and writes them in one write(2) per batch:
 * once `minLength` bytes are pending, `flushIntervalMs` after the first pending line, at once
 * for `error` and `fatal` lines, and at exit (`flushAtExit`).
 *
 * It never blocks: stdout, once Node has opened it as a pipe or socket, is non-blocking, so a
 * full pipe answers EAGAIN; what was not taken is kept, in order, and tried again every
 * `retryMs` while new lines wait behind it, up to `maxBufferedLength` (beyond that lines are
 * dropped, and their count is written once the reader catches up). After EPIPE (the reader is
 * gone) everything is dropped. At exit a full pipe is waited for at most `exitFlushMs`: pino's
 * default destination retried there forever, sleeping, which is how a process whose stdout was
 * no longer read could not exit (issue 13).
 */
export class BufferedDestination {
  /** Makes pino set `lastLevel` before each write. */
  readonly [pino.symbols.needsMetadataGsym] = true;
  lastLevel = 0;

  private readonly options: Required<BufferedDestinationOptions>;
  private pending: string[] = [];
  private pendingLength = 0;
  /** The part of a batch the output has not taken yet (a full pipe); written before `pending`. */
  private stalled: Buffer | undefined;
  private droppedLines = 0;
  private broken = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onTimer = () => {
    this.timer = undefined;
    this.flush();
  };

  constructor(
    private readonly writeOut: WriteOut,
    options: BufferedDestinationOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** A destination writing to the file descriptor `fd` (1: stdout). */
  static forFd(fd: number, options?: BufferedDestinationOptions): BufferedDestination {
    return new BufferedDestination((data) => writeSync(fd, data), options);
  }

  /** Lines dropped so far (and not yet reported) because the reader did not keep up or is gone. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** Takes one whole line (pino writes one per call). */
  write(line: string): boolean {
    const held = this.pendingLength + (this.stalled?.length ?? 0);
    if (this.broken || held + line.length > this.options.maxBufferedLength) {
      this.droppedLines += 1;
      return true;
    }
    if (this.droppedLines > 0) this.noteDropped();
    this.pending.push(line);
    this.pendingLength += Buffer.byteLength(line);
    if (this.stalled) return true; // the retry timer is armed
    if (this.lastLevel >= WRITE_AT_ONCE_LEVEL || this.pendingLength >= this.options.minLength) {
      this.flush();
    } else if (!this.timer) {
      this.arm(this.options.flushIntervalMs);
    }
    return true;
  }

  /** Writes what is pending as far as the output takes it now (pino's `logger.flush`). */
  flush(done?: (err?: Error) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writeAvailable();
    if (this.stalled && !this.broken) this.arm(this.options.retryMs);
    done?.();
  }

  /** For process 'exit': writes everything, waiting for a full pipe at most `exitFlushMs`. */
  flushAtExit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + this.options.exitFlushMs;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      this.writeAvailable();
      if (!this.stalled || this.broken || Date.now() >= deadline) return;
      Atomics.wait(pause, 0, 0, Math.min(5, this.options.retryMs));
    }
  }

  /** Writes the stalled bytes, then the pending lines, until done or the output is full. */
  private writeAvailable(): void {
    if (this.broken) return;
    if (!this.stalled) {
      if (this.pending.length === 0) return;
      this.stalled = Buffer.from(this.takePending());
    }
    while (this.stalled) {
      let written: number;
      try {
        written = this.writeOut(this.stalled);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return;
        this.giveUp(); // EPIPE and any other failure: nothing written from now on arrives
        return;
      }
      if (written < this.stalled.length) {
        this.stalled = this.stalled.subarray(written);
      } else if (this.pending.length > 0) {
        this.stalled = Buffer.from(this.takePending());
      } else {
        this.stalled = undefined;
      }
    }
  }

  /** Where lines were dropped, a line that says how many. */
  private noteDropped(): void {
    const note = {
      level: 40,
      time: new Date().toISOString(),
      msg: `${this.droppedLines} log lines dropped: the output was not read`,
    };
    this.droppedLines = 0;
    const line = `${JSON.stringify(note)}\n`;
    this.pending.push(line);
    this.pendingLength += line.length;
  }

  private takePending(): string {
    if (this.droppedLines > 0 && !this.broken) this.noteDropped();
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    return text;
  }

  private giveUp(): void {
    this.broken = true;
    this.droppedLines += this.pending.length + (this.stalled ? 1 : 0);
    this.pending = [];
    this.pendingLength = 0;
    this.stalled = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.onTimer, ms);
    this.timer.unref();
  }
}
