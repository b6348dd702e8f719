import type { RepositoryPermission } from '../../gql/graphql';

/** The levels one may grant (NONE is "no access", never granted). */
export const GRANTABLE_LEVELS = ['READ', 'WRITE', 'ADMIN'] as const;
export type GrantableLevel = (typeof GRANTABLE_LEVELS)[number];

export const LEVEL_LABELS: Record<RepositoryPermission, string> = {
  NONE: 'No access',
  READ: 'Read',
  WRITE: 'Write',
  ADMIN: 'Admin',
};

export const LEVEL_HINTS: Record<GrantableLevel, string> = {
  READ: 'See and clone, open issues and comment',
  WRITE: 'Also push, and close, label and assign any issue',
  ADMIN: 'Also manage collaborators and settings, delete the repository',
};

const ORDER: RepositoryPermission[] = ['NONE', 'READ', 'WRITE', 'ADMIN'];

/** `level` is at least `minimum` (NONE < READ < WRITE < ADMIN); unknown (undefined) is NONE. */
export function atLeast(
  level: RepositoryPermission | null | undefined,
  minimum: RepositoryPermission,
): boolean {
  return ORDER.indexOf(level ?? 'NONE') >= ORDER.indexOf(minimum);
}
