import type { Viewer } from '@gitforge/auth';
import type { RepositoryRecord } from './records';

/**
 * GitForge's rule (DESIGN.md): private repository → only its owner reads or writes; public →
 * everyone reads, only the owner writes or deletes. Gitea may show a private repository to
 * more people (collaborators, admins); this rule is narrower and wins.
 */
export function isOwner(viewer: Viewer | null, owner: string): boolean {
  return viewer !== null && viewer.login.toLowerCase() === owner.toLowerCase();
}

export function canRead(viewer: Viewer | null, repo: RepositoryRecord): boolean {
  return !repo.private || isOwner(viewer, repo.owner);
}

export function canAdminister(viewer: Viewer | null, repo: RepositoryRecord): boolean {
  return isOwner(viewer, repo.owner);
}
