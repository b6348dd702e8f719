import { z } from 'zod';
import { parseSiteAdmins } from '@gitforge/auth';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** 1 GiB: the default total repository size of an owner. */
export const DEFAULT_QUOTA_MAX_SIZE_BYTES = 1024 * 1024 * 1024;

/**
 * Owner quotas (issue 16): the defaults every owner gets until a site administrator overrides
 * them (`setOwnerQuota`), and who the site administrators are besides Gitea's `is_admin`.
 */
export const quotaEnvModel = z.object({
  /** Repositories an owner (user or organization) may have. */
  QUOTA_MAX_REPOSITORIES: z.coerce.number().int().min(0).default(100),
  /** Total size of an owner's repositories, in bytes (Gitea's `size`, KiB, times 1024). */
  QUOTA_MAX_SIZE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_QUOTA_MAX_SIZE_BYTES),
  /** Site administrators besides Gitea's is_admin: comma-separated logins. */
  GITFORGE_ADMINS: z
    .string()
    .optional()
    .transform(parseSiteAdmins)
    .pipe(z.array(z.string().regex(LOGIN, 'must be comma-separated user logins'))),
});

export type QuotaEnv = z.infer<typeof quotaEnvModel>;
