import type { Writable } from 'node:stream';

export interface OutputSinkOptions {
  /** Output held in memory while the reader is slow; beyond it, lines are dropped. */
  maxBufferedBytes?: number;
}

const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Where the supervisor writes its own log lines and its children's output: never blocks and
 * never grows without bound. A terminal, a pipe whose reader stopped reading (full: the
 * writes would block, or spin on EAGAIN) or one whose reader is gone (EPIPE) must not stop
 * the supervisor from reaping and stopping its children, so lines are dropped instead, and
 * the number dropped is reported once the reader catches up.
 *
 * It is also the supervisor's pino destination: pino's default destination flushes
 * synchronously on exit and retries EAGAIN forever, which is how a supervisor whose reader
 * had gone hung in a futex wait with its children unreaped.
 */
export class OutputSink {
  private readonly maxBufferedBytes: number;
  private broken = false;
  private droppedLines = 0;

  constructor(
    private readonly stream: Writable,
    options: OutputSinkOptions = {},
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    // EPIPE and friends: the reader is gone, nothing written from now on can arrive.
    stream.on('error', () => {
      this.broken = true;
    });
  }

  /** Lines dropped so far because the reader did not keep up or is gone. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** Writes `text` (whole lines) unless the reader is gone or too far behind. */
  write(text: string): boolean {
    if (this.broken || this.stream.destroyed || this.stream.writableEnded) {
      this.droppedLines += countLines(text);
      return false;
    }
    if (this.stream.writableLength > this.maxBufferedBytes) {
      this.droppedLines += countLines(text);
      return false;
    }
    if (this.droppedLines > 0 && this.stream.writableLength === 0) {
      const dropped = this.droppedLines;
      this.droppedLines = 0;
      this.stream.write(`[supervisor] ${dropped} output lines dropped: the output was not read\n`);
    }
    this.stream.write(text);
    return true;
  }

  /**
   * Calls `done` once what was written has reached the reader, or after `timeoutMs` if it does
   * not get there (a reader that stopped reading), so an exit waits for the logs but never
   * forever.
   */
  flush(done: () => void, timeoutMs = 1_000): void {
    if (this.broken || this.stream.writableLength === 0) {
      done();
      return;
    }
    let called = false;
    const finish = () => {
      if (called) return;
      called = true;
      clearTimeout(timer);
      this.stream.off('drain', finish);
      this.stream.off('error', finish);
      done();
    };
    const timer = setTimeout(finish, timeoutMs);
    timer.unref();
    this.stream.once('drain', finish);
    this.stream.once('error', finish);
  }
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines === 0 ? 1 : lines;
}
