import { QUOTA_SCOPE, signServiceToken } from '@gitforge/auth';
import {
  DomainError,
  classifyUpstreamError,
  classifyUpstreamStatus,
  upstreamExtensions,
} from '@gitforge/errors';
import { z } from 'zod';

/** An owner's limits as the issues subgraph keeps them (`owner_quotas`, or the defaults). */
export interface QuotaLimits {
  owner: string;
  maxRepositories: number;
  maxSizeBytes: number;
}

/** Where the limits come from; fails closed (UPSTREAM_UNAVAILABLE), never with a made-up limit. */
export interface QuotaLimitsSource {
  limits(owner: string): Promise<QuotaLimits>;
}

const limitsSchema = z.object({
  owner: z.string(),
  maxRepositories: z.number().int().min(0),
  maxSizeBytes: z.number().int().min(0),
});

/** The issues subgraph's path (its quota/quotaLimitsRoute.ts) and the service-token scope. */
const LIMITS_PATH = '/internal/quota-limits';
const UPSTREAM = 'issues';

/**
 * Reads limits from the issues subgraph's internal endpoint with a service token signed with
 * the shared JWT secret. Any failure (refused, timeout, 5xx, an answer of the wrong shape) is
 * UPSTREAM_UNAVAILABLE naming `issues`: a quota that cannot be read is never "no quota".
 */
export class IssuesQuotaLimits implements QuotaLimitsSource {
  private readonly origin: string;

  constructor(
    /** The issues subgraph's URL (`ISSUES_SUBGRAPH_URL`, its `/graphql` or its origin). */
    issuesUrl: string,
    private readonly jwtSecret: string,
    private readonly timeoutMs = 2_000,
  ) {
    this.origin = new URL(issuesUrl).origin;
  }

  async limits(owner: string): Promise<QuotaLimits> {
    const url = `${this.origin}${LIMITS_PATH}/${encodeURIComponent(owner)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          authorization: `Bearer ${signServiceToken(this.jwtSecret, 'repository', QUOTA_SCOPE)}`,
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw unavailable(upstreamExtensions(classifyUpstreamError(UPSTREAM, err)));
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw unavailable(upstreamExtensions(classifyUpstreamStatus(UPSTREAM, res.status)));
    }
    try {
      return limitsSchema.parse(await res.json());
    } catch {
      throw unavailable({ upstream: UPSTREAM, reason: 'bad_response' });
    }
  }
}

function unavailable(extensions: { upstream: string; reason: string }): DomainError {
  return new DomainError(
    'UPSTREAM_UNAVAILABLE',
    `Quota limits cannot be read (${extensions.upstream}: ${extensions.reason}); refused rather than unchecked`,
    undefined,
    extensions,
  );
}
