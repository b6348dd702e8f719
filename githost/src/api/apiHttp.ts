import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError, readBody, sendJson } from '@gitforge/server';
import { invalid, type GithostErrorKind } from '../services/GithostError';

export const ERROR_STATUS: Record<GithostErrorKind, number> = {
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  invalid: 422,
  'bad-request': 400,
  'empty-repository': 409,
};

/** Gitea's error body: `{message, url}` (url points at the API documentation). */
export function sendGiteaError(
  res: ServerResponse,
  status: number,
  message: string,
  rootUrl: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { message, url: `${rootUrl}/api/swagger` });
}

export interface Paging {
  page: number;
  limit: number;
}

/**
 * Gitea's paging: `page` from 1, `limit` default 30 capped at 50 (MAX_RESPONSE_ITEMS);
 * values that are not positive integers fall back to the defaults, as in Gitea.
 */
export function readPaging(
  url: URL,
  names: { page: string; limit: string } = { page: 'page', limit: 'limit' },
  defaults: { limit: number; max: number } = { limit: 30, max: 50 },
): Paging {
  const int = (name: string) => {
    const raw = url.searchParams.get(name);
    return raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
  };
  const page = Math.max(int(names.page), 1);
  const requested = int(names.limit);
  const limit = requested <= 0 ? defaults.limit : Math.min(requested, defaults.max);
  return { page, limit };
}

/** `X-Total-Count` and a `Link` header with next/last/first/prev like Gitea's. */
export function setPagingHeaders(
  res: ServerResponse,
  requestUrl: URL,
  rootUrl: string,
  total: number,
  { page, limit }: Paging,
  limitName = 'limit',
): void {
  res.setHeader('x-total-count', String(total));
  res.setHeader('access-control-expose-headers', 'X-Total-Count, Link');
  const last = Math.max(Math.ceil(total / limit), 1);
  const link = (p: number, rel: string) => {
    const url = new URL(`${requestUrl.pathname}${requestUrl.search}`, rootUrl);
    url.searchParams.set('page', String(p));
    url.searchParams.set(limitName, String(limit));
    url.searchParams.delete('token');
    url.searchParams.delete('access_token');
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  if (links.length > 0) res.setHeader('link', links.join(','));
}

/** A JSON request body; a malformed one is Gitea's 422. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw: Buffer;
  try {
    raw = await readBody(req, 1024 * 1024);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) throw invalid(err.message);
    throw err;
  }
  if (raw.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid('request body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export { sendJson };
