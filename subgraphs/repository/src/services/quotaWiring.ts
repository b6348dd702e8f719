import type { Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { Route } from '@gitforge/server';
import type { GiteaAuth, GiteaTransport } from '../gitea';
import { IssuesQuotaLimits, type QuotaLimitsSource } from './quotaLimits';
import { quotaRoute } from './quotaRoute';
import { OwnerQuotas, type QuotaDeps } from './quotaService';

/** createRepositoryServer's `quota` option (env `quota`: main.ts always passes it). */
export interface RepositoryQuotaOptions {
  /** `ISSUES_SUBGRAPH_URL`: where the limits are. Unset: unreadable, so creation is refused. */
  issuesUrl?: string;
  /** Deadline of one limits call (`QUOTA_TIMEOUT_MS`); default 2 s. */
  timeoutMs?: number;
  /** `GITFORGE_ADMINS`, lower-case. */
  siteAdmins?: readonly string[];
}

export interface QuotaWiring {
  /** `GET /internal/quota/{owner}` for the git proxy. */
  route: Route;
  /** The request's quotas (`ctx.quota`). */
  forViewer(viewer: Viewer | null): OwnerQuotas;
  /** Whether createRepository checks the count (the `quota` option was given). */
  enforced: boolean;
}

const unconfigured: QuotaLimitsSource = {
  limits: () =>
    Promise.reject(
      new DomainError(
        'UPSTREAM_UNAVAILABLE',
        'Quota limits cannot be read: ISSUES_SUBGRAPH_URL is not set',
        undefined,
        { upstream: 'issues', reason: 'not_configured' },
      ),
    ),
};

/** Everything quotas need in the repository subgraph, made once per process. */
export function createQuotaWiring(
  base: { transport: GiteaTransport; adminAuth?: GiteaAuth; jwtSecret: string; logger: Logger },
  options: RepositoryQuotaOptions | undefined,
): QuotaWiring {
  const deps: QuotaDeps = {
    transport: base.transport,
    adminAuth: base.adminAuth,
    limits: options?.issuesUrl
      ? new IssuesQuotaLimits(options.issuesUrl, base.jwtSecret, options.timeoutMs)
      : unconfigured,
    siteAdmins: new Set(options?.siteAdmins ?? []),
  };
  return {
    route: quotaRoute({ deps, jwtSecret: base.jwtSecret, logger: base.logger }),
    forViewer: (viewer) => new OwnerQuotas(deps, viewer),
    enforced: options !== undefined,
  };
}
