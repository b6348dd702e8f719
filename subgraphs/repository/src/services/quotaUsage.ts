import { DomainError } from '@gitforge/errors';
import { z } from 'zod';
import { GITEA_MAX_LIMIT, isGiteaError, type GiteaAuth, type GiteaTransport } from '../gitea';

/** What an owner's repositories take, as Gitea counts them. */
export interface QuotaUsage {
  repositoryCount: number;
  /** Gitea's repository `size` is KiB: the sum times 1024. */
  sizeBytes: number;
}

/** The two properties of Gitea's Repository this needs (contracts: `size` in KiB). */
const sizedRepositories = z.array(
  z.object({ id: z.number().int(), size: z.number().int().min(0).default(0) }),
);

/** No owner has more pages than this (50 × 400 = 20,000 repositories): a bound, not a limit. */
const MAX_PAGES = 400;

/**
 * Counts an owner's repositories and adds up their sizes from Gitea's `GET /users/{owner}/repos`
 * (userListRepos: users and organizations alike), as `auth` sees them. Counting private
 * repositories needs a caller who sees them all: the admin token (GITEA_ADMIN_TOKEN), else the
 * owner themself, an organization owner or a site administrator.
 */
export async function readQuotaUsage(
  transport: GiteaTransport,
  auth: GiteaAuth | undefined,
  owner: string,
): Promise<QuotaUsage> {
  const seen = new Set<number>();
  let sizeKiB = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    let items: z.infer<typeof sizedRepositories>;
    let total: number | undefined;
    try {
      ({ items, total } = await transport.page(
        {
          operation: 'userListRepos',
          method: 'GET',
          path: `/users/${encodeURIComponent(owner)}/repos`,
          auth,
        },
        { page, limit: GITEA_MAX_LIMIT },
        sizedRepositories,
      ));
    } catch (err) {
      if (isGiteaError(err, 'not_found')) throw new DomainError('NOT_FOUND', `${owner} not found`);
      throw err;
    }
    for (const repo of items) {
      // A repository created between two pages shifts the next one: count each id once.
      if (seen.has(repo.id)) continue;
      seen.add(repo.id);
      sizeKiB += repo.size;
    }
    const done = items.length < GITEA_MAX_LIMIT || (total !== undefined && seen.size >= total);
    if (done) return { repositoryCount: seen.size, sizeBytes: sizeKiB * 1024 };
  }
  throw new DomainError('INTERNAL', `${owner} has more repositories than can be counted`);
}
