import type { IncomingHttpHeaders } from 'node:http';
import type { GitService } from '../protocol/gitServices';

/** GitHub refuses pushes over 2 GiB; so does GitForge unless told otherwise. */
export const DEFAULT_MAX_PUSH_BYTES = 2 * 1024 * 1024 * 1024;

export interface RequestBodyLimits {
  /** Largest git-upload-pack request body (the fetch negotiation, not the pack). */
  maxUploadPackRequestBytes: number;
  /** Largest git-receive-pack request body: the pushed pack (`GIT_PROXY_MAX_PUSH_BYTES`). */
  maxPushBytes?: number;
}

/** The largest request body passed on to the git host for `service`. */
export function requestBodyLimit(service: GitService, limits: RequestBodyLimits): number {
  return service === 'git-upload-pack'
    ? limits.maxUploadPackRequestBytes
    : (limits.maxPushBytes ?? DEFAULT_MAX_PUSH_BYTES);
}

/**
 * The 413 message when a body declares (`Content-Length`) more than the limit, so that it is
 * refused before anything reaches the git host. A chunked body declares nothing: it is counted
 * while it streams (`countingStream`) and refused with the same message once over the limit.
 */
export function declaredBodyTooLarge(
  service: GitService,
  headers: IncomingHttpHeaders,
  limits: RequestBodyLimits,
): string | undefined {
  const limit = requestBodyLimit(service, limits);
  const declared = Number(headers['content-length']);
  return declared > limit ? bodyTooLargeMessage(service, limit) : undefined;
}

export function bodyTooLargeMessage(service: GitService, limitBytes: number): string {
  return service === 'git-receive-pack'
    ? `The push exceeds the limit of ${limitBytes} bytes`
    : `The git-upload-pack request body exceeds ${limitBytes} bytes`;
}
