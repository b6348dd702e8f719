import { errors } from 'undici';
import type { Rejection } from '../protocol/parseGitRequest';

/** Something went wrong between the proxy and the git host (not the client's fault). */
export class UpstreamError extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/**
 * Maps a failed call to the git host to the status it implies for the client: timeouts on
 * connect or headers are 504, everything else (refused, reset, bad response) 502.
 */
export function toUpstreamError(err: unknown, what: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const timedOut =
    err instanceof errors.ConnectTimeoutError ||
    err instanceof errors.HeadersTimeoutError ||
    (err instanceof Error && err.name === 'TimeoutError') ||
    (typeof code === 'string' && TIMEOUT_CODES.has(code));
  if (timedOut) {
    return new UpstreamError(504, `The git host did not answer in time (${what})`, { cause: err });
  }
  const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : 'error';
  return new UpstreamError(502, `The git host is unreachable (${what}: ${detail})`, {
    cause: err,
  });
}

export function upstreamRejection(err: UpstreamError): Rejection {
  return { status: err.status, message: err.message };
}
