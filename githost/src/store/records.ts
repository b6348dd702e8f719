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
  nextId: { user: number; token: number; repo: number; hook: number };
  users: UserRecord[];
  tokens: TokenRecord[];
  repos: RepoRecord[];
  hooks: HookRecord[];
}

export function emptyStoreData(): StoreData {
  return {
    version: 1,
    nextId: { user: 1, token: 1, repo: 1, hook: 1 },
    users: [],
    tokens: [],
    repos: [],
    hooks: [],
  };
}
