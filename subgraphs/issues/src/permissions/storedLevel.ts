import type { Viewer } from '@gitforge/auth';
import type { AccessLevel } from '../services/repositoryAccess';
import type { PermissionFactsStore } from './PermissionFactsStore';
import type { RepositoryFacts } from './RepositoryFactsStore';

/**
 * A viewer's level from what the database holds (the repository subgraph or Gitea is down):
 * anonymous READ on a public repository, nothing on a private one; the owner ADMIN; anyone else
 * the level last answered for them, or the baseline (READ when public, NONE when private) when
 * none is stored or it cannot be read. Never more than what they were last shown.
 */
export async function storedLevel(
  levels: PermissionFactsStore,
  repository: string,
  facts: RepositoryFacts,
  viewer: Viewer | null,
): Promise<AccessLevel> {
  const baseline: AccessLevel = facts.private ? 'none' : 'read';
  if (!viewer) return baseline;
  if (facts.owner.toLowerCase() === viewer.login.toLowerCase()) return 'admin';
  const stored = await levels.get(repository, viewer.login).catch(() => undefined);
  return stored ?? baseline;
}
