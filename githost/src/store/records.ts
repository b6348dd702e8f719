export interface UserRecord {
  id: number;
  login: string;
  email: string;
  fullName: string;
  /** `scrypt$N$r$p$salt$hash` (base64url), see passwordHash.ts. */
  passwordHash: string;
  createdAt: string;
  /** Gitea's site administrator flag; absent in stores written before githost had it. */
  isAdmin?: boolean;
  /** Set for organizations (Gitea keeps them in the user table too: one namespace). */
  org?: OrgFields;
}

export type Visibility = 'public' | 'limited' | 'private';

export interface OrgFields {
  description: string;
  website: string;
  location: string;
  visibility: Visibility;
  repoAdminChangeTeamAccess: boolean;
}

/** Gitea's access modes, in order: none < read < write < admin < owner. */
export type AccessMode = 'none' | 'read' | 'write' | 'admin' | 'owner';

export interface TeamRecord {
  id: number;
  orgId: number;
  name: string;
  description: string;
  /** `owner` only for the Owners team made with the organization. */
  mode: AccessMode;
  /** Unit name (`repo.code`, ...) → mode; for admin/owner teams every unit at the team's mode. */
  units: Record<string, AccessMode>;
  includesAllRepositories: boolean;
  canCreateOrgRepo: boolean;
  memberIds: number[];
  /** Repositories given to the team (ignored while includesAllRepositories). */
  repoIds: number[];
}

export interface CollaboratorRecord {
  repoId: number;
  userId: number;
  mode: 'read' | 'write' | 'admin';
}

export interface TokenRecord {
  id: number;
  userId: number;
  name: string;
  /** sha256 of the token; the token itself is shown once, at creation. */
  sha256: string;
  lastEight: string;
  scopes: string[];
  createdAt: string;
}

export interface RepoRecord {
  id: number;
  ownerId: number;
  name: string;
  description: string;
  private: boolean;
  defaultBranch: string;
  empty: boolean;
  sizeKiB: number;
  createdAt: string;
  updatedAt: string;
}

export interface HookRecord {
  id: number;
  repoId: number;
  type: 'gitea' | 'gogs';
  url: string;
  contentType: 'json' | 'form';
  httpMethod: 'post';
  secret: string;
  events: string[];
  active: boolean;
  branchFilter: string;
  authorizationHeader: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoreData {
  version: 1;
  nextId: { user: number; token: number; repo: number; hook: number; team?: number };
  users: UserRecord[];
  tokens: TokenRecord[];
  repos: RepoRecord[];
  hooks: HookRecord[];
  /** Absent in stores written before githost had organizations. */
  teams?: TeamRecord[];
  collaborators?: CollaboratorRecord[];
}

export function emptyStoreData(): StoreData {
  return {
    version: 1,
    nextId: { user: 1, token: 1, repo: 1, hook: 1, team: 1 },
    users: [],
    tokens: [],
    repos: [],
    hooks: [],
    teams: [],
    collaborators: [],
  };
}
