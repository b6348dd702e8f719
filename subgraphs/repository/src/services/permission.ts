import { invalidField } from '@gitforge/errors';
import type { GiteaAccessMode, GiteaLevel, GiteaRepository } from '../gitea';

/** Gitea's levels as GitForge names them: NONE < READ < WRITE < ADMIN. */
export type RepositoryLevel = 'NONE' | 'READ' | 'WRITE' | 'ADMIN';

const RANK: Record<RepositoryLevel, number> = { NONE: 0, READ: 1, WRITE: 2, ADMIN: 3 };

export const atLeast = (level: RepositoryLevel, needed: RepositoryLevel): boolean =>
  RANK[level] >= RANK[needed];

/**
 * The viewer's level from Gitea's `permissions` in the repository as Gitea showed it to them
 * (admin → ADMIN, push → WRITE, pull → READ). Anyone reads a public repository; a private one
 * without `permissions` gives nothing (fail closed).
 */
export function levelOfRepository(repo: GiteaRepository): RepositoryLevel {
  const p = repo.permissions;
  const level: RepositoryLevel = p?.admin ? 'ADMIN' : p?.push ? 'WRITE' : p?.pull ? 'READ' : 'NONE';
  return level === 'NONE' && !repo.private ? 'READ' : level;
}

/** Gitea's access modes (collaborator permission, team permission): owner counts as ADMIN. */
export function levelOfMode(mode: GiteaAccessMode): RepositoryLevel {
  switch (mode) {
    case 'owner':
    case 'admin':
      return 'ADMIN';
    case 'write':
      return 'WRITE';
    case 'read':
      return 'READ';
    default:
      return 'NONE';
  }
}

/** A level to grant (collaborator, team): READ, WRITE or ADMIN; NONE is BAD_USER_INPUT. */
export function grantableLevel(field: string, level: RepositoryLevel): GiteaLevel {
  switch (level) {
    case 'READ':
      return 'read';
    case 'WRITE':
      return 'write';
    case 'ADMIN':
      return 'admin';
    default:
      throw invalidField(field, 'must be READ, WRITE or ADMIN');
  }
}
