import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { errorCodes, type ErrorCodeName } from './registry';

/** A GraphQL error carrying a registered `extensions.code` (and its HTTP status hint). */
export function gitforgeError(
  code: ErrorCodeName,
  message: string,
  extensions: Record<string, unknown> = {},
  /** Where in the document (`nodes`), and what caused it (`originalError`). */
  options: Pick<GraphQLErrorOptions, 'nodes' | 'originalError'> = {},
): GraphQLError {
  return new GraphQLError(message, {
    ...options,
    extensions: { ...extensions, code, http: { status: errorCodes[code].httpStatus } },
  });
}

export function badUserInput(field: string, message: string): GraphQLError {
  return gitforgeError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

export function isGitforgeError(err: unknown): err is GraphQLError {
  return (
    err instanceof GraphQLError &&
    typeof err.extensions.code === 'string' &&
    err.extensions.code in errorCodes
  );
}
