import type { ServerResponse } from 'node:http';
import { NO_CACHE_HEADERS } from '../forward/responseHeaders';
import type { PushQuotaRefusal } from './pushQuotaGate';

/** A git-receive-pack result written by the proxy itself (a refused push), as the git host would. */
export function sendReceivePackResult(res: ServerResponse, result: Buffer): void {
  res.writeHead(200, {
    ...NO_CACHE_HEADERS,
    'content-type': 'application/x-git-receive-pack-result',
    'content-length': result.length,
  });
  res.end(result);
}

/** Answers a refused push (or notes that its client went away); what the access log records. */
export function answerQuotaRefusal(
  res: ServerResponse,
  refusal: PushQuotaRefusal,
): { status: number; detail: string; outcome?: 'quota_refused' } {
  if (refusal.kind === 'aborted') {
    if (!res.headersSent) res.destroy();
    return { status: 499, detail: String(refusal.error) };
  }
  sendReceivePackResult(res, refusal.response);
  return { status: 200, detail: refusal.detail, outcome: 'quota_refused' };
}
