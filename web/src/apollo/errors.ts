import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

export interface DescribedError {
  code: string;
  message: string;
}

function codeOf(extensions: Record<string, unknown> | undefined): string {
  const code = extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

/** The GraphQL error codes (`extensions.code`) carried by an Apollo error. */
export function errorCodes(error: unknown): string[] {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => codeOf(e.extensions));
  }
  if (ServerError.is(error)) return [error.statusCode === 401 ? 'UNAUTHENTICATED' : 'NETWORK'];
  return error ? ['NETWORK'] : [];
}

export function hasErrorCode(error: unknown, code: string): boolean {
  return errorCodes(error).includes(code);
}

const UNAVAILABLE = new Set(['UPSTREAM_UNAVAILABLE', 'GATEWAY_TIMEOUT']);

export function isUnavailable(error: unknown): boolean {
  return errorCodes(error).some((code) => UNAVAILABLE.has(code));
}

/** A user-facing description of the first error. */
export function describeError(error: unknown): DescribedError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    return {
      code: codeOf(first?.extensions),
      message: first?.message ?? 'Something went wrong',
    };
  }
  if (ServerError.is(error)) {
    return { code: `HTTP_${error.statusCode}`, message: `The server answered ${error.statusCode}` };
  }
  if (error instanceof Error) {
    return { code: 'NETWORK', message: `Cannot reach GitForge (${error.message})` };
  }
  return { code: 'INTERNAL', message: 'Something went wrong' };
}

/** The message of the first error on `field` (e.g. `name` of a create form), if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  return error.errors.find((e) => e.extensions?.field === field)?.message;
}
