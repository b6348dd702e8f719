import type { GraphQLFormattedError } from 'graphql';
import { errorCodes } from './registry';

/**
 * Apollo `formatError`: errors with a registered code pass; anything else (a bug, a SQL
 * error) becomes INTERNAL without its message or stack, after being reported by `log`.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  log: (err: unknown) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code in errorCodes && code !== 'INTERNAL') {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code !== 'INTERNAL') {
    // Apollo's own codes (e.g. PERSISTED_QUERY_NOT_FOUND, BAD_REQUEST) are safe to pass on.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log(original);
  return {
    message: 'Internal error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL' },
  };
}
