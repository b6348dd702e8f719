import type { IncomingHttpHeaders } from 'node:http';

/** Gitea's `HTTPBackend` no-cache headers: git answers must never be cached on the way. */
export const NO_CACHE_HEADERS: Readonly<Record<string, string>> = {
  expires: 'Fri, 01 Jan 1980 00:00:00 GMT',
  pragma: 'no-cache',
  'cache-control': 'no-cache, max-age=0, must-revalidate',
};

const PASSED_BACK = ['content-type', 'content-length', 'content-encoding'] as const;

/** The upstream headers the client gets (hop-by-hop and host-specific ones are dropped). */
export function responseHeaders(
  upstream: Record<string, string | string[] | undefined>,
): IncomingHttpHeaders {
  const headers: Record<string, string> = { ...NO_CACHE_HEADERS };
  for (const name of PASSED_BACK) {
    const value = upstream[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

const PASSED_ON = ['git-protocol', 'content-type', 'content-encoding', 'accept', 'user-agent'];

/** The client headers the git host gets, plus the caller's upstream credentials. */
export function requestHeaders(
  client: IncomingHttpHeaders,
  upstreamAuthorization: string | undefined,
  requestId: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = client[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const length = client['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) headers['content-length'] = length;
  if (upstreamAuthorization) headers.authorization = upstreamAuthorization;
  if (requestId) headers['x-request-id'] = requestId;
  return headers;
}
