import type { RepoRecord, UserRecord } from '../store/records';
import { forbidden } from './GithostError';
import { hasScope, type ScopeCategory, type ScopeLevel } from './scopes';

/** Who is asking: a user signed in with a password, or with a token and its scopes. */
export interface Viewer {
  user: UserRecord;
  via: 'password' | 'token';
  /** Only for tokens. */
  scopes?: ReadonlySet<string>;
}

const publicOnly = (viewer: Viewer) => viewer.scopes?.has('public-only') ?? false;

const isOwner = (viewer: Viewer | null, repo: RepoRecord): viewer is Viewer =>
  viewer !== null && viewer.user.id === repo.ownerId && !(repo.private && publicOnly(viewer));

/** Private: only the owner; public: everyone. */
export const canRead = (viewer: Viewer | null, repo: RepoRecord): boolean =>
  !repo.private || isOwner(viewer, repo);

/** Only the owner writes, deletes and manages hooks. */
export const canWrite = (viewer: Viewer | null, repo: RepoRecord): boolean => isOwner(viewer, repo);

/**
 * Gitea checks a token's scopes per route group; password sign-ins carry every scope. Each
 * category listed must be granted at the level the HTTP method implies.
 */
export function requireScopes(
  viewer: Viewer | null,
  categories: readonly ScopeCategory[],
  level: ScopeLevel,
): void {
  const scopes = viewer?.scopes;
  if (!scopes) return;
  const missing = categories.filter((c) => !hasScope(scopes, c, level));
  if (missing.length > 0) {
    throw forbidden(
      `token does not have at least one of required scope(s): [${missing.map((c) => `${level}:${c}`).join(' ')}]`,
    );
  }
}
