import type { Route } from '@gitforge/server';
import { ADMIN_TOKEN_VIEWER } from '../auth/authenticate';
import { readCredentials } from '../auth/readCredentials';
import { GithostError } from '../services/GithostError';
import type { ApiDeps, ApiMethod, ApiRoute } from './ApiRoute';
import { ERROR_STATUS, sendGiteaError } from './apiHttp';
import { listAssignees } from './assignees';
import { getBranch, listBranches } from './branches';
import {
  addCollaborator,
  checkCollaborator,
  collaboratorPermission,
  deleteCollaborator,
  listCollaborators,
} from './collaborators';
import { listCommits } from './commits';
import { getContents, getRawFile, getRootContents } from './contents';
import { createHook, deleteHook, listHooks } from './hooks';
import {
  createOrg,
  createOrgRepo,
  deleteMember,
  deleteOrg,
  getOrg,
  isMember,
  listMembers,
  listMyOrgs,
  listOrgRepos,
  listOrgs,
  listUserOrgs,
  orgUserPermissions,
} from './orgs';
import { pullApiRoutes } from './pullRoutes';
import { createRepo, deleteRepo, getRepo, searchRepos } from './repos';
import {
  addTeamMember,
  addTeamRepo,
  createTeam,
  deleteTeam,
  editTeam,
  getTeam,
  getTeamMember,
  getTeamRepo,
  listTeamMembers,
  listTeamRepos,
  listTeams,
  removeTeamMember,
  removeTeamRepo,
} from './teams';
import { getTree } from './trees';
import { getVersion } from './version';
import {
  adminCreateUser,
  createToken,
  deleteToken,
  getCurrentUser,
  getUser,
  listMyRepos,
  listTokens,
  listUserRepos,
} from './users';

/** Every Gitea 1.21 operation githost serves; templates exactly as in the spec. */
export const apiRoutes: readonly ApiRoute[] = [
  { template: '/version', handlers: { GET: getVersion } },
  { template: '/user', handlers: { GET: getCurrentUser } },
  { template: '/user/repos', handlers: { GET: listMyRepos, POST: createRepo } },
  { template: '/users/{username}', handlers: { GET: getUser } },
  { template: '/users/{username}/tokens', handlers: { GET: listTokens, POST: createToken } },
  { template: '/users/{username}/tokens/{token}', handlers: { DELETE: deleteToken } },
  { template: '/users/{username}/repos', handlers: { GET: listUserRepos } },
  { template: '/admin/users', handlers: { POST: adminCreateUser } },
  { template: '/repos/search', handlers: { GET: searchRepos } },
  { template: '/repos/{owner}/{repo}', handlers: { GET: getRepo, DELETE: deleteRepo } },
  { template: '/repos/{owner}/{repo}/branches', handlers: { GET: listBranches } },
  { template: '/repos/{owner}/{repo}/branches/{branch}', handlers: { GET: getBranch } },
  { template: '/repos/{owner}/{repo}/commits', handlers: { GET: listCommits } },
  { template: '/repos/{owner}/{repo}/contents', handlers: { GET: getRootContents } },
  { template: '/repos/{owner}/{repo}/contents/{filepath}', handlers: { GET: getContents } },
  { template: '/repos/{owner}/{repo}/raw/{filepath}', handlers: { GET: getRawFile } },
  { template: '/repos/{owner}/{repo}/git/trees/{sha}', handlers: { GET: getTree } },
  { template: '/repos/{owner}/{repo}/hooks', handlers: { GET: listHooks, POST: createHook } },
  { template: '/repos/{owner}/{repo}/hooks/{id}', handlers: { DELETE: deleteHook } },
  {
    template: '/repos/{owner}/{repo}/collaborators',
    handlers: { GET: listCollaborators },
  },
  {
    template: '/repos/{owner}/{repo}/collaborators/{collaborator}',
    handlers: { GET: checkCollaborator, PUT: addCollaborator, DELETE: deleteCollaborator },
  },
  {
    template: '/repos/{owner}/{repo}/collaborators/{collaborator}/permission',
    handlers: { GET: collaboratorPermission },
  },
  { template: '/repos/{owner}/{repo}/assignees', handlers: { GET: listAssignees } },
  { template: '/users/{username}/orgs/{org}/permissions', handlers: { GET: orgUserPermissions } },
  { template: '/orgs', handlers: { GET: listOrgs, POST: createOrg } },
  { template: '/orgs/{org}', handlers: { GET: getOrg, DELETE: deleteOrg } },
  { template: '/user/orgs', handlers: { GET: listMyOrgs } },
  { template: '/users/{username}/orgs', handlers: { GET: listUserOrgs } },
  { template: '/orgs/{org}/members', handlers: { GET: listMembers } },
  { template: '/orgs/{org}/members/{username}', handlers: { GET: isMember, DELETE: deleteMember } },
  { template: '/orgs/{org}/repos', handlers: { GET: listOrgRepos, POST: createOrgRepo } },
  { template: '/orgs/{org}/teams', handlers: { GET: listTeams, POST: createTeam } },
  { template: '/teams/{id}', handlers: { GET: getTeam, PATCH: editTeam, DELETE: deleteTeam } },
  { template: '/teams/{id}/members', handlers: { GET: listTeamMembers } },
  {
    template: '/teams/{id}/members/{username}',
    handlers: { GET: getTeamMember, PUT: addTeamMember, DELETE: removeTeamMember },
  },
  { template: '/teams/{id}/repos', handlers: { GET: listTeamRepos } },
  {
    template: '/teams/{id}/repos/{org}/{repo}',
    handlers: { GET: getTeamRepo, PUT: addTeamRepo, DELETE: removeTeamRepo },
  },
  ...pullApiRoutes,
];

// Gitea routes these with a wildcard, so they may contain slashes.
const MULTI_SEGMENT = new Set(['filepath', 'branch']);
const API_BASE = '/api/v1';

function compile(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return MULTI_SEGMENT.has(name) ? '(.+)' : '([^/]+)';
  });
  return { regex: new RegExp(`^${API_BASE}${pattern}$`), names };
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Routes for startServiceServer: one per spec path, then Gitea's JSON 404 for the rest. */
export function createApiRoutes(deps: ApiDeps): Route[] {
  const routes = apiRoutes.map((route): Route => {
    const { regex, names } = compile(route.template);
    return {
      name: `${API_BASE}${route.template}`,
      methods: Object.keys(route.handlers),
      match: (pathname) => regex.test(pathname),
      handle: async (req, res, url) => {
        const root = deps.present.root;
        const handler = route.handlers[(req.method ?? 'GET') as ApiMethod];
        const match = regex.exec(url.pathname);
        const params: Record<string, string> = {};
        for (const [i, name] of names.entries()) {
          const value = decode(match?.[i + 1] ?? '');
          if (value === undefined) return sendGiteaError(res, 404, 'Not found', root);
          params[name] = value;
        }
        if (!handler) return sendGiteaError(res, 405, 'Method not allowed', root);
        try {
          const auth = await deps.auth.authenticate(readCredentials(req, url));
          if (auth.kind === 'invalid') return sendGiteaError(res, 401, auth.message, root);
          await handler({
            req,
            res,
            url,
            params,
            viewer:
              auth.kind === 'user'
                ? auth.viewer
                : auth.kind === 'admin'
                  ? ADMIN_TOKEN_VIEWER
                  : null,
            admin: auth.kind === 'admin',
            deps,
          });
        } catch (err) {
          if (err instanceof GithostError) {
            sendGiteaError(res, ERROR_STATUS[err.kind], err.message, root);
            return;
          }
          deps.logger.error({ err, route: route.template }, 'API request failed');
          sendGiteaError(res, 500, 'Internal Server Error', root);
        }
      },
    };
  });
  routes.push({
    name: `${API_BASE}/*`,
    match: (pathname) => pathname === API_BASE || pathname.startsWith(`${API_BASE}/`),
    handle: async (_req, res) => sendGiteaError(res, 404, 'Not found', deps.present.root),
  });
  return routes;
}
