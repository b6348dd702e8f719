import type { RepositoryLevel } from './permission';

/** What the schema exposes, independent of Gitea's wire shapes. */

export interface UserRecord {
  login: string;
  fullName: string | null;
  avatarUrl: string | null;
}

export interface RepositoryRecord {
  /**
   * Gitea's numeric repository id: unique per repository incarnation (a repository deleted and
   * re-created under the same name gets a new one), so consumers can tell the two apart.
   */
  giteaId: number;
  owner: string;
  name: string;
  /** `owner/name`, the federation key. */
  fullName: string;
  description: string;
  private: boolean;
  /** Empty when the repository has no commits yet. */
  defaultBranch: string;
  empty: boolean;
  updatedAt: Date | null;
  ownerUser: UserRecord;
  /** The caller's level, from the `permissions` Gitea answered this caller with. */
  viewerPermission: RepositoryLevel;
}

export interface GitActor {
  name: string;
  email: string;
  date: Date | null;
}

export interface CommitRecord {
  oid: string;
  message: string;
  author: GitActor;
  committer: GitActor;
  parentOids: string[];
}

export interface BranchRecord {
  name: string;
  isDefault: boolean;
  isProtected: boolean;
  headOid: string | null;
  headMessage: string | null;
}

export type TreeEntryType = 'BLOB' | 'TREE' | 'SUBMODULE' | 'SYMLINK';

export interface TreeEntryRecord {
  name: string;
  /** From the repository root. */
  path: string;
  type: TreeEntryType;
  /** Git file mode as six octal digits: 100644, 100755, 040000, 120000, 160000. */
  mode: string;
  /** Bytes, for blobs and symlinks. */
  size: number | null;
  oid: string;
}

export interface BlobRecord {
  path: string;
  /** Null for binary content. */
  text: string | null;
  isBinary: boolean;
  byteSize: number;
  /** The text holds only the first bytes of the file. */
  truncated: boolean;
}

/** A Relay connection page; cursors are opaque offsets into Gitea's page/limit lists. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

export interface OrganizationRecord {
  login: string;
  fullName: string | null;
  description: string | null;
  avatarUrl: string | null;
}

export interface TeamRecord {
  /** Gitea's team id. */
  id: number;
  name: string;
  description: string | null;
  /** The team's level on its repositories (the Owners team: ADMIN). */
  permission: RepositoryLevel;
  includesAllRepositories: boolean;
  /** The organization's login. */
  organization: string;
}
