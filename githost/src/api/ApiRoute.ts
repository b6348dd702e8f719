import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gitforge/logging';
import type { Authenticator } from '../auth/authenticate';
import type { Viewer } from '../services/access';
import { unauthorized } from '../services/GithostError';
import type { CollaboratorService } from '../services/CollaboratorService';
import type { HookService } from '../services/HookService';
import type { OrgService } from '../services/OrgService';
import type { PullServices } from '../services/createPullServices';
import type { Permissions } from '../services/Permissions';
import type { AccessEvents } from '../webhooks/AccessEvents';
import type { RepositoryService } from '../services/RepositoryService';
import type { UserService } from '../services/UserService';
import type { Presenter } from '../presentation/Presenter';

export interface ApiDeps {
  users: UserService;
  repos: RepositoryService;
  hooks: HookService;
  orgs: OrgService;
  collaborators: CollaboratorService;
  perms: Permissions;
  accessEvents: AccessEvents;
  /** Pull requests, reviews, forks, branch protections, commit statuses (issue 17). */
  pulls: PullServices;
  present: Presenter;
  auth: Authenticator;
  logger: Logger;
}

export interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters, named as in the spec template, percent-decoded. */
  params: Record<string, string>;
  viewer: Viewer | null;
  /** Signed in with the admin token (GITEA_ADMIN_TOKEN). */
  admin: boolean;
  deps: ApiDeps;
}

export type ApiHandler = (call: ApiCall) => Promise<void>;

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One path of the Gitea spec (template below `/api/v1`) and the methods served on it. */
export interface ApiRoute {
  template: string;
  handlers: Partial<Record<ApiMethod, ApiHandler>>;
}

export function requireViewer(call: ApiCall): Viewer {
  if (!call.viewer) throw unauthorized('token is required');
  return call.viewer;
}

export function param(call: ApiCall, name: string): string {
  return call.params[name] ?? '';
}
