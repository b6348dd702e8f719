import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from './DomainError';
import { errorCodes } from './registry';

function causeOf(original: unknown): unknown {
  const inner = (original as { originalError?: unknown } | null)?.originalError;
  return inner ?? original;
}

/**
 * Apollo `formatError`: errors with a registered code pass (DomainErrors get theirs); Apollo's
 * own request errors pass; anything else (a bug, a SQL error) becomes INTERNAL without its
 * message or stack, after being reported by `log`.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  log: (err: unknown) => void,
): GraphQLFormattedError {
  const cause = causeOf(original);
  if (cause instanceof DomainError) {
    return {
      ...formatted,
      message: cause.message,
      extensions: {
        ...cause.extensions,
        code: cause.code,
        http: { status: cause.httpStatus },
        ...(cause.field ? { field: cause.field } : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code !== 'INTERNAL') {
    // Registered codes, and Apollo's own request errors (BAD_REQUEST, GRAPHQL_VALIDATION_FAILED, ...).
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log(cause);
  return {
    message: 'Internal error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL', http: { status: errorCodes.INTERNAL.httpStatus } },
  };
}
