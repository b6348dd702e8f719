import type { GiteaBranch, GiteaCommit, GiteaRepository, GiteaUser } from '../gitea';
import type {
  BranchRecord,
  CommitRecord,
  GitActor,
  RepositoryRecord,
  TreeEntryType,
  UserRecord,
} from './records';
import { levelOfRepository } from './permission';

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function toUser(user: GiteaUser): UserRecord {
  return {
    login: user.login,
    fullName: user.full_name || null,
    avatarUrl: user.avatar_url || null,
  };
}

/** A repository as Gitea showed it to the caller (its `permissions` are the caller's). */
export function toRepository(repo: GiteaRepository): RepositoryRecord {
  const owner = repo.owner.login;
  return {
    giteaId: repo.id,
    owner,
    name: repo.name,
    fullName: `${owner}/${repo.name}`,
    description: repo.description,
    private: repo.private,
    defaultBranch: repo.default_branch,
    empty: repo.empty,
    updatedAt: date(repo.updated_at),
    ownerUser: toUser(repo.owner),
    viewerPermission: levelOfRepository(repo),
  };
}

function actor(user: { name: string; email: string; date: string } | null | undefined): GitActor {
  return { name: user?.name ?? '', email: user?.email ?? '', date: date(user?.date) };
}

export function toCommit(commit: GiteaCommit): CommitRecord {
  return {
    oid: commit.sha,
    message: commit.commit.message,
    author: actor(commit.commit.author),
    committer: actor(commit.commit.committer),
    parentOids: commit.parents.map((p) => p.sha),
  };
}

export function toBranch(branch: GiteaBranch, defaultBranch: string): BranchRecord {
  return {
    name: branch.name,
    isDefault: branch.name === defaultBranch,
    isProtected: branch.protected,
    headOid: branch.commit?.id || null,
    headMessage: branch.commit?.message ?? null,
  };
}

/** Git's modes: 040000 tree, 160000 gitlink (submodule), 120000 symlink, 100644/100755 blob. */
export function entryType(mode: string, giteaType: string): TreeEntryType {
  const normalized = mode.padStart(6, '0');
  if (normalized === '040000' || giteaType === 'tree') return 'TREE';
  if (normalized === '160000' || giteaType === 'commit') return 'SUBMODULE';
  if (normalized === '120000') return 'SYMLINK';
  return 'BLOB';
}
