import type { EntityManager } from '@mikro-orm/postgresql';
import type { Transactor } from '../db/createTransactor';

/** An owner's limits, as enforced: its override where a site administrator set one, else the default. */
export interface OwnerLimits {
  /** The owner's login, lower-case (Gitea's logins are case-insensitive). */
  owner: string;
  maxRepositories: number;
  maxSizeBytes: number;
  /** Some limit of this owner is an override (not both defaults). */
  overridden: boolean;
}

export interface QuotaDefaults {
  maxRepositories: number;
  maxSizeBytes: number;
}

export interface QuotaOverride {
  maxRepositories?: number | null;
  maxSizeBytes?: number | null;
}

interface QuotaRow {
  max_repositories: number | null;
  max_size_bytes: string | number | null;
}

/**
 * Per-owner quota overrides in the issues database (`owner_quotas`); an owner without one gets
 * the defaults (QUOTA_MAX_REPOSITORIES, QUOTA_MAX_SIZE_BYTES). Writes go through the SERIALIZABLE
 * transactor (retried on 40001), so PostgreSQL and CockroachDB behave the same.
 */
export class QuotaStore {
  constructor(
    private readonly em: EntityManager,
    private readonly transact: Transactor,
    private readonly defaults: QuotaDefaults,
  ) {}

  async limits(owner: string): Promise<OwnerLimits> {
    const key = owner.toLowerCase();
    const rows = await this.em
      .fork()
      .execute<QuotaRow[]>(
        'select max_repositories, max_size_bytes from owner_quotas where owner = ?',
        [key],
      );
    return this.limitsOf(key, rows[0]);
  }

  /** Sets the given limits of `owner` (an absent one keeps its current value). */
  async set(owner: string, override: QuotaOverride, by: string): Promise<OwnerLimits> {
    const key = owner.toLowerCase();
    return this.transact(async (tx) => {
      const [current] = await tx.execute<QuotaRow[]>(
        'select max_repositories, max_size_bytes from owner_quotas where owner = ?',
        [key],
      );
      const maxRepositories =
        override.maxRepositories ?? (current ? current.max_repositories : null);
      const maxSizeBytes = override.maxSizeBytes ?? (current ? current.max_size_bytes : null);
      await tx.execute(
        `insert into owner_quotas (owner, max_repositories, max_size_bytes, updated_by, updated_at)
         values (?, ?, ?, ?, ?)
         on conflict (owner) do update set max_repositories = excluded.max_repositories,
           max_size_bytes = excluded.max_size_bytes, updated_by = excluded.updated_by,
           updated_at = excluded.updated_at`,
        [key, maxRepositories, maxSizeBytes, by.toLowerCase(), new Date()],
      );
      return this.limitsOf(key, {
        max_repositories: maxRepositories,
        max_size_bytes: maxSizeBytes,
      });
    });
  }

  /** Back to the defaults. */
  async reset(owner: string): Promise<OwnerLimits> {
    const key = owner.toLowerCase();
    await this.transact((tx) => tx.execute('delete from owner_quotas where owner = ?', [key]));
    return this.limitsOf(key, undefined);
  }

  private limitsOf(owner: string, row: QuotaRow | undefined): OwnerLimits {
    const repositories = row?.max_repositories ?? null;
    const size = row?.max_size_bytes ?? null;
    return {
      owner,
      maxRepositories: repositories ?? this.defaults.maxRepositories,
      maxSizeBytes: size === null ? this.defaults.maxSizeBytes : Number(size),
      overridden: repositories !== null || size !== null,
    };
  }
}
