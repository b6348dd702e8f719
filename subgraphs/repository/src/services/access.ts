import { atLeast } from './permission';
import type { RepositoryRecord } from './records';

/**
 * GitForge's rule is Gitea's (issue 16): the viewer's level is what Gitea's `permissions` say
 * for the repository as Gitea showed it to them. A private repository is visible to whoever
 * has READ (collaborators, team members, organization owners, site admins); anyone reads a
 * public one; ADMIN manages collaborators and deletes.
 */
export function canRead(repo: RepositoryRecord): boolean {
  return atLeast(repo.viewerPermission, 'READ');
}

export function canAdminister(repo: RepositoryRecord): boolean {
  return repo.viewerPermission === 'ADMIN';
}

export const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
