import { badRequest } from './GithostError';

export const SCOPE_CATEGORIES = [
  'activitypub',
  'admin',
  'issue',
  'misc',
  'notification',
  'organization',
  'package',
  'repository',
  'user',
] as const;
export type ScopeCategory = (typeof SCOPE_CATEGORIES)[number];
export type ScopeLevel = 'read' | 'write';

const VALID = new Set<string>([
  'all',
  'public-only',
  ...SCOPE_CATEGORIES.flatMap((c) => [`read:${c}`, `write:${c}`]),
]);

/** Normalises the scopes of a token request like Gitea 1.21: at least one, all known. */
export function parseScopes(requested: readonly string[]): string[] {
  const scopes = [
    ...new Set(
      requested
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = scopes.filter((s) => !VALID.has(s));
  if (unknown.length > 0)
    throw badRequest(`invalid access token scope provided: ${unknown.join(', ')}`);
  if (scopes.length === 0) throw badRequest('access token must have a scope');
  return scopes;
}

export function hasScope(
  scopes: ReadonlySet<string>,
  category: ScopeCategory,
  level: ScopeLevel,
): boolean {
  return (
    scopes.has('all') ||
    scopes.has(`write:${category}`) ||
    (level === 'read' && scopes.has(`read:${category}`))
  );
}
