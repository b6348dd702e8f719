import { GraphQLError } from 'graphql';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  extensions?: { response?: { status?: unknown } };
}

/** The error and its causes; duck-typed, since undici's DOMExceptions may come from another realm. */
function* causeChain(err: unknown): Generator<ErrorLike> {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth += 1) {
    const like: ErrorLike = e;
    yield like;
    e = like.cause;
  }
}

function isTimeout(err: unknown): boolean {
  for (const e of causeChain(err)) {
    if (e.name === 'TimeoutError') return true;
    if (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)) return true;
  }
  return false;
}

function responseStatus(err: unknown): number | undefined {
  const status =
    err instanceof GraphQLError ? (err as ErrorLike).extensions?.response?.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** A short description of a transport failure for logs (`ECONNREFUSED`, `HTTP 502`, ...). */
export function describeUpstreamFailure(err: unknown): string {
  const status = responseStatus(err);
  if (status !== undefined) return `HTTP ${status}`;
  for (const e of causeChain(err)) {
    if (typeof e.code === 'string') return e.code;
    if (e.name === 'TimeoutError') return 'TimeoutError';
  }
  for (const e of causeChain(err)) {
    if (typeof e.message === 'string') return e.message;
  }
  return String(err);
}

/**
 * Maps a failed subgraph call to a coded error: a deadline passed → GATEWAY_TIMEOUT; refused,
 * reset, 5xx or a non-GraphQL answer → UPSTREAM_UNAVAILABLE. No `http` extension: a partial
 * result with other subgraphs' data is still a 200 GraphQL response.
 */
export function toUpstreamError(subgraph: string, err: unknown): GraphQLError {
  if (isTimeout(err)) {
    return new GraphQLError(`Subgraph "${subgraph}" did not answer in time`, {
      extensions: { code: 'GATEWAY_TIMEOUT', subgraph },
    });
  }
  const status = responseStatus(err);
  if (status === 401 || status === 403) {
    return new GraphQLError(`Subgraph "${subgraph}" refused the request`, {
      extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', subgraph },
    });
  }
  return new GraphQLError(`Subgraph "${subgraph}" is unavailable`, {
    extensions: { code: 'UPSTREAM_UNAVAILABLE', subgraph },
  });
}
