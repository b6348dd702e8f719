import { errorCodes, type ErrorCodeName } from './registry';

/**
 * A failure raised by domain services (which know nothing of GraphQL or HTTP); `maskError`
 * turns it into a GraphQL error carrying the same code, and the REST layer into a status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCodeName,
    message: string,
    readonly field?: string,
    /** Extra `extensions` for the client (e.g. `upstream`, `reason`); never secrets. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get httpStatus(): number {
    return errorCodes[this.code].httpStatus;
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const invalidField = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);
