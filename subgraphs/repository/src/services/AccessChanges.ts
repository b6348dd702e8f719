import type { RepositoryChangePublisher } from '../webhooks/repositoryChanges';
import type { RepositoryCache } from './RepositoryCache';

/** What a change announcement needs to know about a repository. */
export interface ChangedRepository {
  fullName: string;
  owner: string;
  private: boolean;
}

/**
 * Announces that who may do what on repositories changed (a collaborator, a team's members or
 * repositories): this replica forgets every caller's cached answer at once, then an `updated`
 * change goes out on the bus (every replica forgets, the issues subgraph drops its cached
 * permissions) before the mutation returns. Gitea's webhook announces it again later.
 */
export class AccessChanges {
  constructor(
    private readonly cache: RepositoryCache,
    private readonly changes?: RepositoryChangePublisher,
  ) {}

  async changed(repositories: readonly ChangedRepository[]): Promise<void> {
    const unique = new Map(repositories.map((r) => [r.fullName.toLowerCase(), r]));
    for (const repo of unique.values()) this.cache.invalidate(repo.fullName);
    const at = new Date().toISOString();
    const changes = this.changes;
    if (!changes) return;
    await Promise.all(
      [...unique.values()].map((repo) =>
        changes.publish({
          action: 'updated',
          repository: repo.fullName,
          owner: repo.owner,
          private: repo.private,
          at,
        }),
      ),
    );
  }
}
