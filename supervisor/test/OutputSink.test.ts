import { Writable } from 'node:stream';
import { OutputSink } from '../src/OutputSink';

/** A reader that has stopped reading: accepts the first write, never completes it. */
class StalledReader extends Writable {
  received = '';
  private pending: (() => void) | undefined;
  constructor() {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.received += chunk.toString();
    this.pending = done;
  }
  resume(): void {
    const done = this.pending;
    this.pending = undefined;
    done?.();
  }
}

describe('OutputSink', () => {
  it('drops lines instead of buffering without bound while the reader is stalled', () => {
    const reader = new StalledReader();
    const sink = new OutputSink(reader, { maxBufferedBytes: 100 });
    for (let i = 0; i < 50; i += 1) sink.write(`line ${i} ${'x'.repeat(20)}\n`);
    expect(reader.writableLength).toBeLessThanOrEqual(100 + 40);
    expect(sink.dropped).toBeGreaterThan(40);
  });

  it('says how many lines were dropped once the reader catches up', async () => {
    const reader = new StalledReader();
    const sink = new OutputSink(reader, { maxBufferedBytes: 10 });
    sink.write('first\n');
    sink.write('second\n');
    sink.write('third\n');
    // The first is in _write; the second waits in the buffer; the third is over the bound.
    expect(sink.dropped).toBe(1);
    const drained = new Promise((resolve) => reader.once('drain', resolve));
    reader.resume();
    reader.resume();
    await drained;
    sink.write('fourth\n');
    reader.resume();
    reader.resume();
    expect(reader.received).toBe(
      'first\nsecond\n[supervisor] 1 output lines dropped: the output was not read\nfourth\n',
    );
  });

  it('flush gives up after its timeout when the reader never catches up', async () => {
    const reader = new StalledReader();
    const sink = new OutputSink(reader);
    sink.write('a\n');
    sink.write('b\n');
    const flushed = await new Promise<string>((resolve) => sink.flush(() => resolve('done'), 50));
    expect(flushed).toBe('done');
  });

  it('keeps accepting writes after the reader is gone (EPIPE), without throwing', async () => {
    const gone = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const sink = new OutputSink(gone);
    const failed = new Promise((resolve) => gone.once('error', resolve));
    sink.write('into a closed pipe\n');
    await failed;
    expect(() => sink.write('more\n')).not.toThrow();
    expect(sink.dropped).toBe(1);
    await new Promise<void>((resolve) => sink.flush(resolve));
  });
});
