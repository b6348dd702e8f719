import type { Viewer } from '@gitforge/auth';

/** A user's level in a repository, Gitea's order (NONE < READ < WRITE < ADMIN). */
export type AccessLevel = 'none' | 'read' | 'write' | 'admin';

const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2, admin: 3 };

/** Whether `level` is `wanted` or above. */
export const atLeast = (level: AccessLevel, wanted: AccessLevel): boolean =>
  RANK[level] >= RANK[wanted];

/** The lower of two levels. */
export const lowerOf = (a: AccessLevel, b: AccessLevel): AccessLevel =>
  RANK[a] <= RANK[b] ? a : b;

/**
 * Who may do what in a repository: the port the services ask. Production wires the repository
 * subgraph's answer (`permissions/RepositorySubgraphAccess`); there is no allow-all default, so
 * a process without a permission source cannot start (it would otherwise serve private issues).
 */
export interface RepositoryAccess {
  /** `level(viewer, repository)` is READ or above (anyone, even anonymous, on a public one). */
  canRead(viewer: Viewer | null, repository: string): Promise<boolean>;
  /**
   * The viewer's level: what Gitea shows them (collaborator, team, owner, site admin); READ on
   * a public repository for everyone (signing in is still needed to write anything); NONE when
   * they may not see it.
   */
  level(viewer: Viewer | null, repository: string): Promise<AccessLevel>;
}

/**
 * Whether users may be assigned to the repository's issues (Gitea's assignees: WRITE or above),
 * asked with the viewer's identity.
 */
export interface AssigneeCheck {
  /** Those of `logins` that may be assigned (compared case-insensitively), as Gitea spells them. */
  assignable(viewer: Viewer, repository: string, logins: readonly string[]): Promise<string[]>;
}

/**
 * The seed's owner-or-not port, which test doubles written for it still implement (the
 * gateway's tests): `levelsFromOwnerRule` reads it as levels (owner ADMIN, readable READ).
 */
export interface OwnerRuleAccess {
  canRead(viewer: Viewer | null, repository: string): Promise<boolean>;
  isOwner(viewer: Viewer | null, repository: string): Promise<boolean>;
}

export function levelsFromOwnerRule(access: RepositoryAccess | OwnerRuleAccess): RepositoryAccess {
  if ('level' in access) return access;
  return {
    canRead: (viewer, repository) => access.canRead(viewer, repository),
    async level(viewer, repository) {
      if (!(await access.canRead(viewer, repository))) return 'none';
      return (await access.isOwner(viewer, repository)) ? 'admin' : 'read';
    },
  };
}

/**
 * Assignees decided by the levels `access` gives each user (test doubles, which answer for any
 * login; the repository subgraph is asked for its assignable users instead).
 */
export function assigneesByLevel(access: RepositoryAccess): AssigneeCheck {
  return {
    async assignable(_viewer, repository, logins) {
      const levels = await Promise.all(logins.map((login) => access.level({ login }, repository)));
      return logins.filter((_, i) => atLeast(levels[i]!, 'write'));
    },
  };
}
