import type { IncomingMessage } from 'node:http';

/**
 * The address per-client limits count against: the peer's socket address. Forwarded headers
 * are not trusted here (anyone can send `X-Forwarded-For`).
 */
export function requestClientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
