import { GraphQLError } from 'graphql';
import {
  classifyUpstreamError,
  classifyUpstreamStatus,
  gitforgeError,
  type UpstreamFailure,
} from '@gitforge/errors';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  extensions?: { response?: { status?: unknown } };
}

function responseStatus(err: unknown): number | undefined {
  const status =
    err instanceof GraphQLError ? (err as ErrorLike).extensions?.response?.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** Bare 4xx answers a subgraph may give about the request itself; see `classifySubgraphFailure`. */
const MEANINGFUL_REJECTIONS = new Set([401, 403, 413, 429]);

/**
 * The shared classification of a failed subgraph call (a non-GraphQL HTTP answer, or no answer).
 * A GraphQL endpoint answers about the request with GraphQL errors (`acceptGraphQLErrorStatus`),
 * so a bare 404 or 400 means a wrong URL or a broken server: unavailable, not NOT_FOUND.
 */
export function classifySubgraphFailure(subgraph: string, err: unknown): UpstreamFailure {
  const status = responseStatus(err);
  if (status === undefined) return classifyUpstreamError(subgraph, err);
  const failure = classifyUpstreamStatus(subgraph, status);
  if (failure.kind !== 'rejected' || MEANINGFUL_REJECTIONS.has(status)) return failure;
  return {
    ...failure,
    kind: 'bad_response',
    code: 'UPSTREAM_UNAVAILABLE',
    httpStatus: 502,
    isUpstreamFault: true,
  };
}

/** A short description of a transport failure for logs (`ECONNREFUSED`, `HTTP 502`, `timeout`, ...). */
export function describeUpstreamFailure(err: unknown): string {
  const failure = classifySubgraphFailure('', err);
  const generic =
    failure.status === undefined &&
    (failure.kind === 'bad_response' || failure.reason === 'unreachable');
  if (!generic) return failure.reason;
  // Nothing more specific than the message (e.g. "Unexpected token < in JSON").
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth += 1) {
    const like = e as ErrorLike;
    if (typeof like.message === 'string') return like.message;
    e = like.cause;
  }
  return String(err);
}

const MESSAGE: Partial<Record<UpstreamFailure['kind'], string>> = {
  timeout: 'did not answer in time',
  rejected: 'refused the request',
};

/**
 * Maps a failed subgraph call to a coded error through the shared classification: a deadline
 * passed, refused, reset, 5xx or a non-GraphQL answer → UPSTREAM_UNAVAILABLE naming the subgraph
 * (`upstream`, `subgraph`) and the `reason`; a 401/403 keeps its meaning. No `http` extension: a
 * partial result with other subgraphs' data is still a 200 GraphQL response.
 */
export function toUpstreamError(subgraph: string, err: unknown): GraphQLError {
  const failure = classifySubgraphFailure(subgraph, err);
  const what = MESSAGE[failure.kind] ?? 'is unavailable';
  const error = gitforgeError(failure.code, `Subgraph "${subgraph}" ${what}`, {
    subgraph,
    upstream: subgraph,
    reason: failure.reason,
  });
  // The gateway's response status is not this subgraph's to decide (see above).
  delete (error.extensions as { http?: unknown }).http;
  return error;
}
