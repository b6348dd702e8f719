import { classifyUpstreamError, type UpstreamFailure } from '@gitforge/errors';

/** The upstream name in classifications and logs. */
export const GIT_HOST_UPSTREAM = 'githost';

/** Something went wrong between the proxy and the git host (not the client's fault). */
export class UpstreamError extends Error {
  constructor(
    /** The status the client gets: 504 when the git host did not answer in time, else 502. */
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}

/**
 * Maps a failed call to the git host through the shared classification (`@gitforge/errors`):
 * a deadline that passed (connect, headers, body, `AbortSignal.timeout`) is 504, anything else
 * (refused, reset, bad response) 502.
 */
export function toUpstreamError(err: unknown, what: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const failure: UpstreamFailure = classifyUpstreamError(GIT_HOST_UPSTREAM, err);
  const message =
    failure.kind === 'timeout'
      ? `The git host did not answer in time (${what})`
      : `The git host is unreachable (${what}: ${failure.reason})`;
  return new UpstreamError(failure.httpStatus, message, { cause: err });
}
