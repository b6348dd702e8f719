import type { UserRecord } from '../store/records';
import { forbidden } from './GithostError';
import { hasScope, type ScopeCategory, type ScopeLevel } from './scopes';

/** Who is asking: a user signed in with a password, or with a token and its scopes. */
export interface Viewer {
  user: UserRecord;
  via: 'password' | 'token';
  /** Only for tokens. */
  scopes?: ReadonlySet<string>;
}

export const isPublicOnly = (viewer: Viewer): boolean => viewer.scopes?.has('public-only') ?? false;

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
