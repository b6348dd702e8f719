import {
  DomainError,
  classifyUpstreamStatus,
  upstreamExtensions,
  type ErrorCodeName,
  type UpstreamFailure,
} from '@gitforge/errors';

/** The upstream name on every Gitea failure (`extensions.upstream`). */
export const GITEA_UPSTREAM = 'gitea';

/**
 * Why a Gitea call failed, in the services' words. `unavailable` and `timeout` are the upstream's
 * fault (they trip the circuit breaker); `circuit_open` and `overloaded` are this process
 * refusing to call; the others are Gitea's answers about the request itself.
 */
export type GiteaFailureKind =
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'circuit_open'
  | 'overloaded';

const REJECTED_KIND: Partial<Record<ErrorCodeName, GiteaFailureKind>> = {
  NOT_FOUND: 'not_found',
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  CONFLICT: 'conflict',
  PAYLOAD_TOO_LARGE: 'too_large',
  RATE_LIMITED: 'rate_limited',
};

function kindOf(failure: UpstreamFailure): GiteaFailureKind {
  switch (failure.kind) {
    case 'timeout':
      return 'timeout';
    case 'circuit_open':
      return 'circuit_open';
    case 'overloaded':
      return 'overloaded';
    case 'rejected':
      return REJECTED_KIND[failure.code] ?? 'invalid';
    default:
      return 'unavailable';
  }
}

/**
 * A failed Gitea call, already carrying the code, HTTP status and `upstream`/`reason` extensions
 * the shared classification (`@gitforge/errors` upstreamFailure) gives it.
 */
export class GiteaError extends DomainError {
  readonly kind: GiteaFailureKind;

  constructor(
    readonly failure: UpstreamFailure,
    readonly operation: string,
    message: string,
  ) {
    super(failure.code, message, undefined, upstreamExtensions(failure));
    this.name = 'GiteaError';
    this.kind = kindOf(failure);
  }

  /** Gitea's HTTP status, when it answered. */
  get status(): number | undefined {
    return this.failure.status;
  }

  override get httpStatus(): number {
    return this.failure.httpStatus;
  }

  /** Failures that say Gitea is unhealthy (5xx, timeouts, refused), as opposed to answers about the request. */
  get isUpstreamFault(): boolean {
    return this.failure.isUpstreamFault;
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
  // Gitea answers 422 "... already exists" where other APIs say 409 (gitea `modules/util/error.go`).
  const effective = status === 422 && /already exist/i.test(message ?? '') ? 409 : status;
  const failure = {
    ...classifyUpstreamStatus(GITEA_UPSTREAM, effective),
    status,
    reason: `HTTP ${status}`,
  };
  const messages: Partial<Record<GiteaFailureKind, string>> = {
    not_found: 'Not found',
    unauthenticated: 'Gitea refused the credentials',
    forbidden: `Forbidden${detail}`,
    conflict: `Conflict${detail}`,
    invalid: `Rejected by Gitea${detail}`,
    too_large: `Too large for Gitea${detail}`,
    rate_limited: 'Gitea is rate limiting these calls; try again later',
    timeout: 'Gitea timed out',
  };
  return new GiteaError(
    failure,
    operation,
    messages[kindOf(failure)] ?? `Gitea answered ${status}`,
  );
}
