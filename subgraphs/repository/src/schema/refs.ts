import type {
  BlobRecord,
  BranchRecord,
  CommitRecord,
  OrganizationRecord,
  RepositoryRecord,
  TeamRecord,
  TreeEntryRecord,
  UserRecord,
} from '../services/records';
import { builder } from './builder';
import { connectionOf } from './connection';

/** A user known by login; the rest is loaded from Gitea only when a field asks for it. */
export interface UserShape {
  login: string;
  record?: UserRecord | null;
}

// Declared before they are implemented so that types referring to each other need no cycles.
export const RepositoryRef = builder.objectRef<RepositoryRecord>('Repository');
export const UserRef = builder.objectRef<UserShape>('User');
export const CommitRef = builder.objectRef<CommitRecord>('Commit');
export const BranchRef = builder.objectRef<BranchRecord>('Branch');
export const TreeEntryRef = builder.objectRef<TreeEntryRecord>('TreeEntry');
export const BlobRef = builder.objectRef<BlobRecord>('Blob');
export const OrganizationRef = builder.objectRef<OrganizationRecord>('Organization');
export const TeamRef = builder.objectRef<TeamRecord>('Team');
export const RepositoryConnection = connectionOf('Repository', RepositoryRef);
export const CommitConnection = connectionOf('Commit', CommitRef);
export const BranchConnection = connectionOf('Branch', BranchRef);
export const UserConnection = connectionOf('User', UserRef);
export const TeamConnection = connectionOf('Team', TeamRef);
