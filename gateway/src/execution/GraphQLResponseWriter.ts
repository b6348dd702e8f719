import type { ServerResponse } from 'node:http';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import Negotiator from 'negotiator';

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const CALLBACK_TYPE = 'application/json; callbackSpec=1.0; charset=utf-8';

export type FormatError = (
  formatted: GraphQLFormattedError,
  error: unknown,
) => GraphQLFormattedError;

/** Apollo Server's cache policy as `RemoteGraphQLDataSource` restricts it per subgraph answer. */
export class CachePolicy {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';

  restrict(hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }): void {
    if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) {
      this.maxAge = hint.maxAge;
    }
    if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
  }

  replace(hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }): void {
    if (hint.maxAge !== undefined) this.maxAge = hint.maxAge;
    if (hint.scope !== undefined) this.scope = hint.scope;
  }

  policyIfCacheable(): { maxAge: number; scope: 'PUBLIC' | 'PRIVATE' } | null {
    if (this.maxAge === undefined || this.maxAge === 0) return null;
    return { maxAge: this.maxAge, scope: this.scope ?? 'PUBLIC' };
  }
}

const negotiated = new Map<string, string | null>();

/**
 * The media type Apollo Server answers a single result with (`chooseContentTypeForSingleResultResponse`);
 * null when only Apollo can answer (406, or a subscription-callback type). Memoised per Accept value.
 */
export function responseTypeFor(accept: string | undefined): string | null {
  if (!accept) return JSON_TYPE;
  const known = negotiated.get(accept);
  if (known !== undefined) return known;
  const type =
    new Negotiator({ headers: { accept } }).mediaType([
      JSON_TYPE,
      GRAPHQL_RESPONSE_TYPE,
      CALLBACK_TYPE,
    ]) ?? null;
  const result = type === JSON_TYPE || type === GRAPHQL_RESPONSE_TYPE ? type : null;
  if (negotiated.size >= 256) negotiated.clear();
  negotiated.set(accept, result);
  return result;
}

export interface ResponseHead {
  status?: number;
  headers: Map<string, string>;
}

/** Apollo Server's `normalizeAndFormatErrors`: code defaulted, `extensions.http` taken into the head. */
export function formatErrors(
  errors: readonly unknown[],
  formatError: FormatError,
  head: ResponseHead,
): GraphQLFormattedError[] {
  const enrich = (maybe: unknown): GraphQLFormattedError => {
    const error = ensureGraphQLError(maybe);
    const extensions: Record<string, unknown> = {
      ...error.extensions,
      code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
    };
    const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
    if (
      http &&
      typeof http === 'object' &&
      (!('status' in http) || typeof http.status === 'number') &&
      (!('headers' in http) || http.headers instanceof Map)
    ) {
      if (typeof http.status === 'number') head.status = http.status;
      if (http.headers instanceof Map) {
        for (const [name, value] of http.headers as Map<string, string>)
          head.headers.set(name, value);
      }
      delete extensions.http;
    }
    return { ...error.toJSON(), extensions };
  };
  return errors.map((error) => {
    try {
      return formatError(enrich(error), error);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
}

function ensureGraphQLError(maybe: unknown): GraphQLError {
  const error =
    maybe instanceof Error ? maybe : new GraphQLError(`Unexpected error value: ${String(maybe)}`);
  return error instanceof GraphQLError
    ? error
    : new GraphQLError(error.message, { originalError: error });
}

export interface SingleResult {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/**
 * Writes a result as Apollo Server and the gateway's plugins would: status from the errors'
 * hints (else `defaultStatus`), adjusted per GraphQL-over-HTTP (`graphqlOverHttpStatusPlugin`),
 * `retry-after` for RATE_LIMITED (`complexityLimitPlugin`), `cache-control` (Apollo's cache
 * control plugin), fields in Apollo's order and its trailing newline.
 */
export function writeResult(
  res: ServerResponse,
  contentType: string,
  result: SingleResult,
  head: ResponseHead,
  cachePolicy: CachePolicy | undefined,
  defaultStatus = 200,
): void {
  let status = head.status ?? defaultStatus;
  if (status >= 400) {
    const hasData = result.data !== undefined && result.data !== null;
    const wellFormed = !result.errors?.some((e) => e.extensions?.code === 'BAD_REQUEST');
    if (hasData || (contentType === JSON_TYPE && status === 400 && wellFormed)) status = 200;
  }
  for (const [name, value] of head.headers) res.setHeader(name, value);
  const retryAfter = result.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED')?.extensions
    ?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  const cacheable = cachePolicy?.policyIfCacheable();
  res.setHeader(
    'cache-control',
    cacheable && !result.errors
      ? `max-age=${cacheable.maxAge}, ${cacheable.scope.toLowerCase()}`
      : 'no-store',
  );
  res.setHeader('content-type', contentType);
  res.statusCode = status;
  res.end(
    `${JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })}\n`,
  );
}
