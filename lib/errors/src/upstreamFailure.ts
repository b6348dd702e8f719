import type { ErrorCodeName } from './registry';

/**
 * What went wrong between a service and one of its upstreams (gateway → subgraph,
 * repository → Gitea, git-proxy → git host). The one classification every service uses, so a
 * timeout, a refused connection or a 429 means the same code and status everywhere.
 */
export type UpstreamFailureKind =
  /** No answer within the deadline we gave it (connect, headers or body). */
  | 'timeout'
  /** No HTTP answer at all: refused, reset, DNS, socket closed. */
  | 'unreachable'
  /** An answer that is not what the protocol promises (not JSON, too large, wrong shape, 1xx/3xx). */
  | 'bad_response'
  /** A 5xx. */
  | 'server_error'
  /** Our circuit breaker refuses to call it (it failed repeatedly just now). */
  | 'circuit_open'
  /** Our bulkhead is full: too many calls to it in flight from this process. */
  | 'overloaded'
  /** A 4xx: an answer about the request itself (404, 401, 413, 429, ...). */
  | 'rejected';

export interface UpstreamFailure {
  /** Which upstream: `gitea`, `githost`, a subgraph name. */
  upstream: string;
  kind: UpstreamFailureKind;
  /** `extensions.code` to answer with. */
  code: ErrorCodeName;
  /** The HTTP status this failure implies for our own answer. */
  httpStatus: number;
  /**
   * The upstream itself is unhealthy: counts toward opening a circuit breaker. Only timeouts,
   * unreachable, bad responses and 5xx; never a 4xx (413, 429, ...) nor our own refusals.
   */
  isUpstreamFault: boolean;
  /** A short, secret-free cause for logs and `extensions.reason`: `timeout`, `ECONNREFUSED`, `HTTP 502`. */
  reason: string;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
}

const UNAVAILABLE: Pick<UpstreamFailure, 'code' | 'isUpstreamFault'> = {
  code: 'UPSTREAM_UNAVAILABLE',
  isUpstreamFault: true,
};

/** undici and Node error codes of a deadline that passed. */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes; duck-typed, since undici's DOMExceptions may come from another realm. */
function* causeChain(err: unknown): Generator<ErrorLike> {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth += 1) {
    const like: ErrorLike = e;
    yield like;
    e = like.cause;
  }
}

/** A deadline passed: `AbortSignal.timeout`, undici's connect/headers/body timeouts, ETIMEDOUT. */
export function isTimeoutError(err: unknown): boolean {
  for (const e of causeChain(err)) {
    if (e.name === 'TimeoutError') return true;
    if (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)) return true;
  }
  return false;
}

function isBadResponse(err: unknown): boolean {
  for (const e of causeChain(err)) {
    if (e instanceof SyntaxError || e.name === 'ZodError') return true;
    if (e.code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return true;
  }
  return false;
}

function errorCode(err: unknown): string | undefined {
  for (const e of causeChain(err)) if (typeof e.code === 'string') return e.code;
  return undefined;
}

/**
 * Classifies a call that produced no usable HTTP answer (a thrown error): a deadline passed →
 * `timeout` (504); an answer that is not valid → `bad_response` (502); anything else (refused,
 * reset, DNS, closed socket) → `unreachable` (502). All three are upstream faults and answer
 * `UPSTREAM_UNAVAILABLE`: the cause is the upstream, named in `upstream` and `reason`.
 */
export function classifyUpstreamError(upstream: string, err: unknown): UpstreamFailure {
  if (isTimeoutError(err)) {
    return { upstream, kind: 'timeout', ...UNAVAILABLE, httpStatus: 504, reason: 'timeout' };
  }
  if (isBadResponse(err)) {
    return {
      upstream,
      kind: 'bad_response',
      ...UNAVAILABLE,
      httpStatus: 502,
      reason: 'invalid response',
    };
  }
  return {
    upstream,
    kind: 'unreachable',
    ...UNAVAILABLE,
    httpStatus: 502,
    reason: errorCode(err) ?? 'unreachable',
  };
}

/** 4xx answers and the code each stands for (gitea `modules/util/error.go` categories). */
const REJECTION: Record<number, ErrorCodeName> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
};

const REJECTION_STATUS: Partial<Record<ErrorCodeName, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

/**
 * Classifies a non-success HTTP status from an upstream: 4xx → `rejected` with the matching code
 * (never an upstream fault: a 413 or a 429 is the upstream working as designed); 504 →
 * `timeout`; other 5xx → `server_error`; anything else unexpected → `bad_response`.
 */
export function classifyUpstreamStatus(upstream: string, status: number): UpstreamFailure {
  const reason = `HTTP ${status}`;
  if (status >= 400 && status < 500) {
    const code = REJECTION[status] ?? 'BAD_USER_INPUT';
    return {
      upstream,
      kind: 'rejected',
      code,
      httpStatus: REJECTION_STATUS[code] ?? 400,
      isUpstreamFault: false,
      reason,
      status,
    };
  }
  if (status === 504) {
    return { upstream, kind: 'timeout', ...UNAVAILABLE, httpStatus: 504, reason, status };
  }
  if (status >= 500 && status < 600) {
    return { upstream, kind: 'server_error', ...UNAVAILABLE, httpStatus: 502, reason, status };
  }
  return { upstream, kind: 'bad_response', ...UNAVAILABLE, httpStatus: 502, reason, status };
}

/** Our breaker refused the call: fail fast without touching the network (503). */
export function circuitOpenFailure(upstream: string): UpstreamFailure {
  return {
    upstream,
    kind: 'circuit_open',
    code: 'UPSTREAM_UNAVAILABLE',
    httpStatus: 503,
    isUpstreamFault: false,
    reason: 'circuit open',
  };
}

/** Our bulkhead is full: the caller should slow down; says nothing about the upstream's health. */
export function overloadedFailure(upstream: string): UpstreamFailure {
  return {
    upstream,
    kind: 'overloaded',
    code: 'RATE_LIMITED',
    httpStatus: 429,
    isUpstreamFault: false,
    reason: 'too many concurrent calls',
  };
}

/** What a GraphQL error about this failure carries besides its code: which upstream, and why. */
export function upstreamExtensions(failure: UpstreamFailure): { upstream: string; reason: string } {
  return { upstream: failure.upstream, reason: failure.reason };
}
