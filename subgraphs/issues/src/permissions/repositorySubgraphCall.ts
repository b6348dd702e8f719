import { signSessionToken, type Viewer } from '@gitforge/auth';
import { TIMEOUT_HEADER } from '@gitforge/errors';
import { currentRequestId, REQUEST_ID_HEADER } from '@gitforge/logging';
import { traceClientCall } from '@gitforge/tracing';

/** The subgraph did not answer in time or could not ask Gitea: use the stored facts. */
export class Unanswered extends Error {
  constructor(
    message: string,
    /** The subgraph itself (or Gitea behind it) is down or hung, not just this one call. */
    readonly upstreamDown: boolean,
  ) {
    super(message);
  }
}

/**
 * The subgraph could not ask Gitea for this viewer: Gitea down or hung, the subgraph failing,
 * or its Gitea bulkhead full (RATE_LIMITED). The viewer's session is valid (this process
 * verified it), so the stored facts answer for them; other refusals answer as for anonymous.
 */
export const UPSTREAM_CODES = new Set([
  'UPSTREAM_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  'INTERNAL',
  'RATE_LIMITED',
]);

export interface RepositorySubgraphCallOptions {
  /** The repository subgraph's GraphQL endpoint (called directly, not through the gateway). */
  url: string;
  /** Secret of the session JWT: the viewer's identity is re-signed for the call. */
  jwtSecret: string;
  /** Deadline of the call, sent as `x-gitforge-timeout-ms` too; default 1 s. */
  timeoutMs?: number;
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/**
 * One query to the repository subgraph as `viewer` (anonymous when null), with the request id
 * and the deadline. Throws `Unanswered` (upstream down) when no answer came.
 */
export async function callRepositorySubgraph<T>(
  options: RepositorySubgraphCallOptions,
  viewer: Viewer | null,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLAnswer<T>> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [TIMEOUT_HEADER]: String(timeoutMs),
  };
  const requestId = currentRequestId();
  if (requestId) headers[REQUEST_ID_HEADER] = requestId;
  if (viewer) {
    const token = await signSessionToken(options.jwtSecret, viewer.login, {
      expiresIn: '60s',
      upstreamToken: viewer.upstreamToken,
      ...(viewer.isAdmin ? { isAdmin: true } : {}),
    });
    headers.authorization = `Bearer ${token}`;
  }
  try {
    // Tracing on: a CLIENT span, and `traceparent` for the repository subgraph's SERVER span.
    return await traceClientCall(
      'POST repository permission',
      { 'http.request.method': 'POST', 'url.full': options.url },
      async (traceHeaders) => {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: traceHeaders ? { ...headers, ...traceHeaders } : headers,
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        return (await res.json()) as GraphQLAnswer<T>;
      },
    );
  } catch (err) {
    throw new Unanswered(err instanceof Error ? err.message : String(err), true);
  }
}

/** The error of an answer without data, as `Unanswered` (upstream down or not). */
export function unansweredOf(answer: GraphQLAnswer<unknown>): Unanswered {
  const code = answer.errors?.[0]?.extensions?.code;
  return new Unanswered(
    `${code ?? 'no code'}: ${answer.errors?.[0]?.message ?? 'no answer'}`,
    UPSTREAM_CODES.has(code ?? ''),
  );
}
