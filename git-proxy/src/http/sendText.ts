import type { IncomingMessage, ServerResponse } from 'node:http';
import { NO_CACHE_HEADERS } from '../forward/responseHeaders';

export const CHALLENGE = 'Basic realm="GitForge"';

/**
 * A plain-text refusal, the form git prints to the user (`remote: ...` / `fatal: ...`). When
 * the request body was not read, the connection is closed after a bounded moment of discarding
 * it, instead of draining a possibly huge upload to its end.
 */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${message}\n`;
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] ?? '0') !== '0';
  const bodyUnread = hasBody && !req.complete;
  res.writeHead(status, {
    ...NO_CACHE_HEADERS,
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  if (bodyUnread) {
    // Read and discard what the client is still sending, for a moment, rather than answering
    // `Connection: close`: Node would then close the socket with unread data in its receive
    // buffer, which resets it (RST), and a client still uploading sees "broken pipe" instead of
    // this answer. After that moment, stop receiving its body.
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), 2000);
    timer.unref();
    req.socket.once('close', () => clearTimeout(timer));
  }
}
