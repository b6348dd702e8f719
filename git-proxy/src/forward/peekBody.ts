import type { Readable } from 'node:stream';

export type BodyStart = { kind: 'pkt-line' | 'gzip' } | { kind: 'empty' } | { kind: 'garbage' };

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Classifies a request body by its first bytes, reading no more than one chunk, and puts them
 * back (`unshift`) so the body streams on untouched. A git RPC body is pkt-lines, so it starts
 * with four hex digits (`0000`, `0001`, `0032want ...`), or with the gzip magic when git
 * compressed it.
 */
export async function peekBody(body: Readable): Promise<BodyStart> {
  const head = await readAtLeast(body, 4);
  if (head.length === 0) return { kind: 'empty' };
  // Shorter than one pkt-line length: the body has ended already, nothing to put back.
  if (head.length < 4) return { kind: 'garbage' };
  body.unshift(head);
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return { kind: 'gzip' };
  if (/^[0-9a-f]{4}$/.test(head.subarray(0, 4).toString('latin1'))) {
    return { kind: 'pkt-line' };
  }
  return { kind: 'garbage' };
}

function readAtLeast(body: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (err?: Error) => {
      body.off('readable', onReadable);
      body.off('end', onEnd);
      body.off('error', onError);
      if (err) reject(err);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while (length < bytes && (chunk = body.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) done();
    };
    const onEnd = () => done();
    const onError = (err: Error) => done(err);
    body.on('readable', onReadable);
    body.once('end', onEnd);
    body.once('error', onError);
    onReadable();
  });
}
