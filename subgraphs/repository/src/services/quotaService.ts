import { isSiteAdmin, type Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import { z } from 'zod';
import { isGiteaError, type GiteaAuth, type GiteaTransport } from '../gitea';
import type { QuotaLimits, QuotaLimitsSource } from './quotaLimits';
import { readQuotaUsage, type QuotaUsage } from './quotaUsage';

/** What createRepository asks before creating (RepositoryService's `beforeCreate`). */
export interface QuotaGuard {
  /** Throws QUOTA_EXCEEDED when `owner` has no room for one more repository. */
  assertCanCreate(owner: string): Promise<void>;
}

/** The usage half of an OwnerQuota entity (the issues subgraph adds the limits). */
export interface OwnerQuotaUsage extends QuotaUsage {
  owner: string;
}

export type OwnerQuotaStatus = QuotaLimits & QuotaUsage;

/** Built once per process; `OwnerQuotas` per request. */
export interface QuotaDeps {
  transport: GiteaTransport;
  /** GITEA_ADMIN_TOKEN: sees every repository of every owner. */
  adminAuth?: GiteaAuth;
  limits: QuotaLimitsSource;
  /** GITFORGE_ADMINS (lower-case), besides Gitea's is_admin. */
  siteAdmins: ReadonlySet<string>;
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

const orgPermissionsSchema = z.object({ is_owner: z.boolean().default(false) });

export const ownerKey = (owner: string) => owner.toLowerCase();

/**
 * Owner quotas as one caller sees them: usage (repository count, total size) computed from
 * Gitea, limits from the issues subgraph. The usage is shown to the owner, the owners of an
 * organization and site administrators; it is counted with the admin token when there is one
 * (private repositories included whoever asks), else as the caller.
 */
export class OwnerQuotas implements QuotaGuard {
  private readonly auth: GiteaAuth | undefined;

  constructor(
    private readonly deps: QuotaDeps,
    private readonly viewer: Viewer | null,
    /** Who to count as when there is no admin token; default the viewer's Gitea token. */
    callerAuth?: GiteaAuth,
  ) {
    this.auth =
      callerAuth ??
      (viewer?.upstreamToken ? { kind: 'token', token: viewer.upstreamToken } : undefined);
  }

  /** The owner's usage, or null when the viewer may not see it. */
  async visibleUsage(owner: string): Promise<OwnerQuotaUsage | null> {
    if (!LOGIN.test(owner) || !(await this.mayView(owner))) return null;
    return { owner: ownerKey(owner), ...(await this.usage(owner)) };
  }

  async assertCanCreate(owner: string): Promise<void> {
    const status = await this.status(owner);
    if (status.repositoryCount >= status.maxRepositories) {
      throw new DomainError(
        'QUOTA_EXCEEDED',
        `${owner} has ${status.repositoryCount} of its ${status.maxRepositories} repositories; delete one or ask a site administrator for a larger quota`,
        undefined,
        {
          owner: ownerKey(owner),
          limit: 'maxRepositories',
          maxRepositories: status.maxRepositories,
          repositoryCount: status.repositoryCount,
        },
      );
    }
  }

  /** Limits and usage together (createRepository, the git proxy's internal call). */
  async status(owner: string): Promise<OwnerQuotaStatus> {
    if (!LOGIN.test(owner)) throw new DomainError('BAD_USER_INPUT', 'owner: not a login', 'owner');
    const [limits, usage] = await Promise.all([this.deps.limits.limits(owner), this.usage(owner)]);
    return { ...limits, ...usage };
  }

  private usage(owner: string): Promise<QuotaUsage> {
    const auth = this.deps.adminAuth ?? this.auth;
    if (!auth) {
      // Anonymous counting sees public repositories only: never a quota decision.
      throw new DomainError(
        'UPSTREAM_UNAVAILABLE',
        'No Gitea credentials to count the repositories with (set GITEA_ADMIN_TOKEN)',
        undefined,
        { upstream: 'gitea', reason: 'no_credentials' },
      );
    }
    return readQuotaUsage(this.deps.transport, auth, owner);
  }

  /** The owner, an owner of the organization, a site administrator. */
  private async mayView(owner: string): Promise<boolean> {
    const viewer = this.viewer;
    if (!viewer) return false;
    if (ownerKey(viewer.login) === ownerKey(owner)) return true;
    if (isSiteAdmin(viewer, this.deps.siteAdmins)) return true;
    if (!this.auth) return false;
    try {
      const res = await this.deps.transport.json(
        {
          operation: 'orgGetUserPermissions',
          method: 'GET',
          path: `/users/${encodeURIComponent(viewer.login)}/orgs/${encodeURIComponent(owner)}/permissions`,
          auth: this.auth,
        },
        orgPermissionsSchema,
      );
      return res.body.is_owner;
    } catch (err) {
      // Not an organization, or not one the viewer may see: not theirs to look at.
      if (isGiteaError(err, 'not_found') || isGiteaError(err, 'forbidden')) return false;
      throw err;
    }
  }
}
