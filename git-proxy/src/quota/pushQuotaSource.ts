import { QUOTA_SCOPE, signServiceToken } from '@gitforge/auth';
import { z } from 'zod';

/** What an owner may still store: its size limit and what its repositories take now. */
export interface OwnerSizeQuota {
  owner: string;
  maxSizeBytes: number;
  sizeBytes: number;
}

/** Where the push check gets an owner's quota; throws QuotaUnavailableError when it cannot. */
export interface PushQuotaSource {
  /** `giteaAuthorization`: the pusher's Gitea credentials, to count with when no admin token is set. */
  sizeQuota(owner: string, giteaAuthorization: string | undefined): Promise<OwnerSizeQuota>;
}

/** The quota could not be read: the push is refused (fail closed), never let through unchecked. */
export class QuotaUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`quota unavailable: ${reason}`);
    this.name = 'QuotaUnavailableError';
  }
}

const statusSchema = z.object({
  owner: z.string(),
  maxSizeBytes: z.number().int().min(0),
  sizeBytes: z.number().int().min(0),
});

/** The repository subgraph's internal route (its services/quotaRoute.ts). */
const QUOTA_PATH = '/internal/quota';
const GITEA_AUTHORIZATION_HEADER = 'x-gitforge-gitea-authorization';

/**
 * Asks the repository subgraph (limits from the issues subgraph, usage from Gitea) with a
 * service token signed with the shared JWT secret, scope `quota`.
 */
export class RepositorySubgraphQuota implements PushQuotaSource {
  private readonly origin: string;

  constructor(
    /** `REPOSITORY_SUBGRAPH_URL` (its `/graphql` or its origin). */
    repositoryUrl: string,
    private readonly jwtSecret: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.origin = new URL(repositoryUrl).origin;
  }

  async sizeQuota(owner: string, giteaAuthorization: string | undefined): Promise<OwnerSizeQuota> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${signServiceToken(this.jwtSecret, 'git-proxy', QUOTA_SCOPE)}`,
    };
    if (giteaAuthorization) headers[GITEA_AUTHORIZATION_HEADER] = giteaAuthorization;
    let res: Response;
    try {
      res = await fetch(`${this.origin}${QUOTA_PATH}/${encodeURIComponent(owner)}`, {
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'unreachable';
      throw new QuotaUnavailableError(`repository subgraph ${reason}`);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { upstream?: unknown };
      const upstream = typeof body.upstream === 'string' ? ` (${body.upstream})` : '';
      throw new QuotaUnavailableError(`repository subgraph answered ${res.status}${upstream}`);
    }
    const parsed = statusSchema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new QuotaUnavailableError('repository subgraph: bad answer');
    return parsed.data;
  }
}

/** No quota source configured (`REPOSITORY_SUBGRAPH_URL` unset): every push is refused. */
export const unconfiguredQuota: PushQuotaSource = {
  sizeQuota: () => Promise.reject(new QuotaUnavailableError('REPOSITORY_SUBGRAPH_URL is not set')),
};
