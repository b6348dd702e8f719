import type { Viewer } from '@gitforge/auth';
import { DomainError, notFound } from '@gitforge/errors';
import { atLeast, type AccessLevel, type RepositoryAccess } from './repositoryAccess';

/**
 * The rules of issue 16 over Gitea's levels, in one place so services and the viewerCan*
 * fields agree: READ (on a public repository: signed in) opens issues and comments; WRITE
 * closes, reopens, labels and assigns any issue and edits or deletes anyone's comment; an
 * author keeps those rights over their own issue or comment while they may read it.
 */
export const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** May `viewer` change (edit, close, reopen; for a comment: edit, delete) what `author` wrote? */
export async function mayModify(
  access: RepositoryAccess,
  viewer: Viewer | null,
  repository: string,
  author: string,
): Promise<boolean> {
  if (!viewer) return false;
  // The author needs only to read, which facts in memory usually decide without a level.
  if (sameLogin(viewer.login, author)) return access.canRead(viewer, repository);
  return atLeast(await access.level(viewer, repository), 'write');
}

/**
 * The viewer's level for a change, failing as the API promises: NOT_FOUND when they may not
 * read the repository (`what` names the thing, never the repository), FORBIDDEN when they may
 * read it but `allowed` says no.
 */
export async function requireLevel(
  access: RepositoryAccess,
  viewer: Viewer,
  repository: string,
  what: string,
  allowed: (level: AccessLevel) => boolean,
  refusal: string,
): Promise<AccessLevel> {
  const level = await access.level(viewer, repository);
  if (!atLeast(level, 'read')) throw notFound(what);
  if (!allowed(level)) throw new DomainError('FORBIDDEN', refusal);
  return level;
}
