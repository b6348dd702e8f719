export interface Signature {
  name: string;
  email: string;
  /** ISO 8601 with offset, as git prints it (`%aI`). */
  date: string;
}

export type ChangeStatus = 'added' | 'modified' | 'removed' | 'changed';

export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  additions: number;
  deletions: number;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** The raw message, trailing newline included (what Gitea returns). */
  message: string;
  /** Present when asked for (diff against the first parent). */
  files?: ChangedFile[];
}

export type ObjectType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  mode: string;
  type: ObjectType;
  sha: string;
  /** Blob size in bytes; 0 for trees and submodules. */
  size: number;
  /** Path from the repository root. */
  path: string;
  name: string;
}

export interface BranchInfo {
  name: string;
  commit: CommitInfo;
}

export interface RefUpdate {
  ref: string;
  before: string;
  after: string;
}

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface ResolvedRef {
  sha: string;
  /** How the client named it; Gitea's URLs differ per kind (`src/branch/...`, `src/commit/...`). */
  kind: 'branch' | 'tag' | 'commit';
}
