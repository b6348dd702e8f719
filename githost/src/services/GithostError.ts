/** Gitea's error categories; the HTTP layer maps each to the status Gitea answers with. */
export type GithostErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'bad-request'
  | 'empty-repository';

export class GithostError extends Error {
  constructor(
    readonly kind: GithostErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GithostError';
  }
}

export const notFound = (message = 'The target could not be found.') =>
  new GithostError('not-found', message);
export const forbidden = (message: string) => new GithostError('forbidden', message);
export const unauthorized = (message = 'Unauthorized') => new GithostError('unauthorized', message);
export const invalid = (message: string) => new GithostError('invalid', message);
export const badRequest = (message: string) => new GithostError('bad-request', message);
export const conflict = (message: string) => new GithostError('conflict', message);
