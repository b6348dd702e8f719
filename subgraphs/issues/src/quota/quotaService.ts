import { isSiteAdmin, type Viewer } from '@gitforge/auth';
import { DomainError, invalidField } from '@gitforge/errors';
import type { OwnerLimits, QuotaOverride, QuotaStore } from './quotaStore';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export interface SetOwnerQuotaInput {
  owner: string;
  maxRepositories?: number | null;
  maxSizeBytes?: number | null;
}

export function validateOwner(owner: string): string {
  if (!LOGIN.test(owner)) throw invalidField('owner', 'must be a user or organization login');
  return owner;
}

function validateLimit(field: string, value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidField(field, 'must be a whole number, 0 or more');
  }
  return value;
}

/** Who may change quotas (site administrators) and what a change may be. */
export class QuotaService {
  constructor(
    private readonly store: QuotaStore,
    private readonly siteAdmins: ReadonlySet<string>,
  ) {}

  limits(owner: string): Promise<OwnerLimits> {
    return this.store.limits(validateOwner(owner));
  }

  async setOwnerQuota(viewer: Viewer | null, input: SetOwnerQuotaInput): Promise<OwnerLimits> {
    const admin = this.requireSiteAdmin(viewer);
    const owner = validateOwner(input.owner);
    const override: QuotaOverride = {
      maxRepositories: validateLimit('maxRepositories', input.maxRepositories),
      maxSizeBytes: validateLimit('maxSizeBytes', input.maxSizeBytes),
    };
    if (override.maxRepositories === undefined && override.maxSizeBytes === undefined) {
      throw invalidField('maxRepositories', 'give maxRepositories, maxSizeBytes or both');
    }
    return this.store.set(owner, override, admin.login);
  }

  async resetOwnerQuota(viewer: Viewer | null, owner: string): Promise<OwnerLimits> {
    this.requireSiteAdmin(viewer);
    return this.store.reset(validateOwner(owner));
  }

  private requireSiteAdmin(viewer: Viewer | null): Viewer {
    if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    if (!isSiteAdmin(viewer, this.siteAdmins)) {
      throw new DomainError('FORBIDDEN', 'Only a site administrator may change quotas');
    }
    return viewer;
  }
}
