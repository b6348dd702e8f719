import type { Viewer } from '@gitforge/auth';
import type { BrowseService } from './services/BrowseService';
import type { CollaboratorService } from './services/CollaboratorService';
import type { LoginService } from './services/LoginService';
import type { OwnerQuotas } from './services/quotaService';
import type { OrganizationService } from './services/OrganizationService';
import type { RepositoryService } from './services/RepositoryService';
import type { UserService } from './services/UserService';

export interface RepositoryContext {
  viewer: Viewer | null;
  /** The client's address (X-Forwarded-For only from TRUSTED_PROXIES), for sign-in limits. */
  clientAddress: string;
  repositories: RepositoryService;
  browse: BrowseService;
  collaborators: CollaboratorService;
  organizations: OrganizationService;
  users: UserService;
  login: LoginService;
  /** Owner quotas: usage as this viewer may see it, createRepository's check. */
  quota: OwnerQuotas;
  /** `GITFORGE_PUBLIC_GIT_URL`: clone URLs are `${base}/${owner}/${name}.git`. */
  publicGitUrl: string;
}
