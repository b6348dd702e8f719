import type { ServerResponse } from 'node:http';
import { NO_CACHE_HEADERS } from '../forward/responseHeaders';

/** A git-receive-pack result written by the proxy itself (a refused push), as the git host would. */
export function sendReceivePackResult(res: ServerResponse, result: Buffer): void {
  res.writeHead(200, {
    ...NO_CACHE_HEADERS,
    'content-type': 'application/x-git-receive-pack-result',
    'content-length': result.length,
  });
  res.end(result);
}
