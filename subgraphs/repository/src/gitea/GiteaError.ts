import { DomainError, type ErrorCodeName } from '@gitforge/errors';

/**
 * Why a Gitea call failed. `unavailable`, `timeout` and `circuit_open` are the upstream's
 * fault (they trip the circuit breaker); the others are answers about the request itself.
 */
export type GiteaFailureKind =
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'unavailable'
  | 'timeout'
  | 'circuit_open';

const CODE: Record<GiteaFailureKind, ErrorCodeName> = {
  not_found: 'NOT_FOUND',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  conflict: 'CONFLICT',
  invalid: 'BAD_USER_INPUT',
  unavailable: 'UPSTREAM_UNAVAILABLE',
  timeout: 'GATEWAY_TIMEOUT',
  circuit_open: 'UPSTREAM_UNAVAILABLE',
};

/** A failed Gitea call, already carrying the GraphQL error code it maps to (gitea `modules/util/error.go`). */
export class GiteaError extends DomainError {
  constructor(
    readonly kind: GiteaFailureKind,
    readonly operation: string,
    message: string,
    readonly status?: number,
  ) {
    super(CODE[kind], message);
    this.name = 'GiteaError';
  }

  /** Failures that say the upstream is unhealthy, as opposed to answers about the request. */
  get isUpstreamFault(): boolean {
    return this.kind === 'unavailable' || this.kind === 'timeout';
  }
}

export const isGiteaError = (err: unknown, kind?: GiteaFailureKind): err is GiteaError =>
  err instanceof GiteaError && (kind === undefined || err.kind === kind);

/** The failure a non-2xx status stands for; `message` is Gitea's own where it has one. */
export function failureForStatus(
  operation: string,
  status: number,
  message: string | undefined,
): GiteaError {
  const detail = message ? `: ${message}` : '';
  if (status === 404) return new GiteaError('not_found', operation, 'Not found', status);
  if (status === 401) {
    return new GiteaError('unauthenticated', operation, 'Gitea refused the credentials', status);
  }
  if (status === 403) return new GiteaError('forbidden', operation, `Forbidden${detail}`, status);
  if (status === 409) return new GiteaError('conflict', operation, `Conflict${detail}`, status);
  if (status === 422 && /already exist/i.test(message ?? '')) {
    return new GiteaError('conflict', operation, `Conflict${detail}`, status);
  }
  if (status === 400 || status === 422) {
    return new GiteaError('invalid', operation, `Rejected by Gitea${detail}`, status);
  }
  if (status === 504) {
    return new GiteaError('timeout', operation, 'Gitea timed out', status);
  }
  return new GiteaError('unavailable', operation, `Gitea answered ${status}`, status);
}
