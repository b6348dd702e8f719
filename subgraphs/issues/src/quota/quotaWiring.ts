import type { EntityManager } from '@mikro-orm/postgresql';
import type { Transactor } from '../db/createTransactor';
import { DEFAULT_QUOTA_MAX_SIZE_BYTES, type QuotaEnv } from './quotaEnv';
import { QuotaService } from './quotaService';
import { QuotaStore } from './quotaStore';

/** What createIssuesServer takes: the `quota` env model as parsed (or a part of it in tests). */
export type QuotaOptions = Partial<QuotaEnv>;

export function createQuotaService(
  em: EntityManager,
  transact: Transactor,
  options: QuotaOptions = {},
): QuotaService {
  const store = new QuotaStore(em, transact, {
    maxRepositories: options.QUOTA_MAX_REPOSITORIES ?? 100,
    maxSizeBytes: options.QUOTA_MAX_SIZE_BYTES ?? DEFAULT_QUOTA_MAX_SIZE_BYTES,
  });
  return new QuotaService(store, new Set(options.GITFORGE_ADMINS ?? []));
}
