/**
 * Statuses Gitea answers on pull request routes that GithostError has no kind for (405 when a
 * merge is refused, 412 for a merged pull request's state); the pull routes send them.
 */
export class PullStatusError extends Error {
  constructor(
    readonly status: 405 | 409 | 412,
    message: string,
  ) {
    super(message);
    this.name = 'PullStatusError';
  }
}

export const notAllowed = (message: string) => new PullStatusError(405, message);
export const preconditionFailed = (message: string) => new PullStatusError(412, message);
