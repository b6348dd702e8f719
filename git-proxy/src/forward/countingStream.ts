import { Transform } from 'node:stream';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * A pass-through that counts bytes (for `git_proxy_bytes_total`) and, with a limit, fails
 * the stream once more than `limitBytes` went through. Chunks are passed on, never copied.
 */
export function countingStream(
  onBytes: (bytes: number) => void,
  limitBytes = Number.POSITIVE_INFINITY,
): Transform & { bytes: () => number } {
  let total = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      onBytes(chunk.length);
      if (total > limitBytes) callback(new BodyTooLargeError(limitBytes));
      else callback(null, chunk);
    },
  });
  return Object.assign(stream, { bytes: () => total });
}
