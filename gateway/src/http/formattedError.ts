import type { GraphQLFormattedError } from 'graphql';
import { gitforgeError, type ErrorCodeName } from '@gitforge/errors';
import { currentRequestTraceId } from '@gitforge/logging';

/** A registered error in its wire shape, for bodies and WebSocket messages written by hand. */
export function formattedError(
  code: ErrorCodeName,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLFormattedError {
  return withoutHttpHint(gitforgeError(code, message, extensions).toJSON());
}

/** `extensions.http` is a status hint for Apollo's HTTP responses; it is not sent. */
export function withoutHttpHint(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.extensions || !('http' in error.extensions)) return error;
  const { http: _http, ...extensions } = error.extensions;
  return { ...error, extensions };
}

/**
 * Tracing on: `extensions.traceId` names the request's trace, so a user can report it and an
 * operator find every span of it. Tracing off: the error as it is.
 */
export function withTraceId(error: GraphQLFormattedError): GraphQLFormattedError {
  const traceId = currentRequestTraceId();
  if (traceId === undefined) return error;
  return { ...error, extensions: { ...error.extensions, traceId } };
}
