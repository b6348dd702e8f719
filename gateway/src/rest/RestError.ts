import type { GraphQLFormattedError } from 'graphql';
import { errorCodes } from '@gitforge/errors';

/** A REST failure: `{ error: { code, message, field? } }` with the code's HTTP status. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RestError';
  }

  static fromCode(code: string, message: string, field?: string): RestError {
    return new RestError(httpStatusOf(code), code, message, field);
  }

  static fromGraphQL(error: GraphQLFormattedError): RestError {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL';
    const field = typeof error.extensions?.field === 'string' ? error.extensions.field : undefined;
    return RestError.fromCode(code, error.message, field);
  }

  toJSON(): { error: { code: string; message: string; field?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
      },
    };
  }
}

/** The HTTP status a GraphQL error code implies; Apollo's request-error codes are 400. */
export function httpStatusOf(code: string): number {
  if (code in errorCodes) return errorCodes[code as keyof typeof errorCodes].httpStatus;
  if (code === 'BAD_REQUEST' || code.startsWith('GRAPHQL_')) return 400;
  if (code === 'DOWNSTREAM_SERVICE_ERROR') return 502;
  return 500;
}
