import type { Readable } from 'node:stream';

/**
 * Reads a request body into memory only as far as asked (`fill`), leaving the rest in the
 * socket: the push quota check holds at most the owner's remaining quota plus one byte.
 */
export class BodyReader {
  private chunks: Buffer[] = [];
  length = 0;
  private sawEnd = false;

  constructor(private readonly body: Readable) {}

  /**
   * The body has ended: its `end` was seen here, or emitted after the last read here (when that
   * read took the last bytes, `end` follows on the next tick, with no listener of ours).
   */
  get ended(): boolean {
    return this.sawEnd || this.body.readableEnded;
  }

  /** The bytes read so far. */
  held(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Reads until more than `limit` bytes are held or the body has ended. */
  fill(limit: number): Promise<void> {
    const { body } = this;
    if (this.ended || this.length > limit) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        body.off('readable', onReadable);
        body.off('end', onEnd);
        body.off('error', onError);
        body.off('close', onClose);
      };
      const onReadable = () => {
        let chunk: Buffer | null;
        while (this.length <= limit && (chunk = body.read() as Buffer | null) !== null) {
          this.chunks.push(chunk);
          this.length += chunk.length;
        }
        if (this.length > limit) {
          cleanup();
          resolve();
        }
      };
      const onEnd = () => {
        this.sawEnd = true;
        cleanup();
        resolve();
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const onClose = () => {
        if (this.ended) return;
        cleanup();
        reject(new Error('the client closed the connection'));
      };
      body.on('readable', onReadable);
      body.once('end', onEnd);
      body.once('error', onError);
      body.once('close', onClose);
      if (body.readableEnded) onEnd();
      else onReadable();
    });
  }

  /** Reads and discards the rest of the body; false when it exceeds `limit` more bytes. */
  discardRest(limit: number): Promise<boolean> {
    const { body } = this;
    if (this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      let discarded = 0;
      const done = (ok: boolean) => {
        body.off('data', onData);
        body.off('end', onEnd);
        body.off('close', onClose);
        resolve(ok);
      };
      const onData = (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > limit) {
          done(false);
          body.destroy();
        }
      };
      const onEnd = () => {
        this.sawEnd = true;
        done(true);
      };
      const onClose = () => done(this.ended);
      body.on('data', onData);
      body.once('end', onEnd);
      body.once('close', onClose);
      body.resume();
    });
  }
}
