import { z } from 'zod';
import { readCredentials } from '../auth/readCredentials';
import { requireScopes } from '../services/access';
import { forbidden, notFound, unauthorized } from '../services/GithostError';
import { mayBeName } from '../services/names';
import type { RepoRecord, UserRecord } from '../store/records';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, readPaging, sendJson, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';

export function userNamed(call: ApiCall): UserRecord {
  const name = param(call, 'username');
  const user = mayBeName(name) ? call.deps.users.byLogin(name) : undefined;
  if (!user) throw notFound(`user redirect does not exist [name: ${name}]`);
  return user;
}

/** GET /user (userGetCurrent) */
export async function getCurrentUser(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['user'], 'read');
  sendJson(call.res, 200, call.deps.present.user(viewer.user, true, true));
}

/** GET /users/{username} (userGet) */
export async function getUser(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['user'], 'read');
  // Signed-in users and the admin token see e-mail addresses, as on Gitea.
  const showEmail = call.viewer !== null || call.admin;
  const user = userNamed(call);
  // Gitea's IsUserVisibleToViewer: a limited or private organization is not there for others.
  if (user.org && !call.admin && !call.deps.perms.ownerVisible(user, call.viewer)) {
    throw notFound(`user redirect does not exist [name: ${user.login}]`);
  }
  const authed =
    call.admin || call.viewer?.user.id === user.id || call.viewer?.user.isAdmin === true;
  sendJson(call.res, 200, call.deps.present.user(user, showEmail, authed));
}

const createTokenBody = z.object({
  name: z.string().min(1, 'Required'),
  scopes: z.array(z.string()).optional(),
});

/** POST /users/{username}/tokens (userCreateToken): Basic auth with the password only. */
export async function createToken(call: ApiCall): Promise<void> {
  if (call.viewer?.via !== 'password') {
    throw unauthorized('auth required: basic authentication with a password');
  }
  const user = userNamed(call);
  if (user.id !== call.viewer.user.id) throw forbidden('tokens can only be created for yourself');
  const body = parseBody(createTokenBody, await readJson(call.req));
  const { record, token } = await call.deps.users.createToken(user, body.name, body.scopes ?? []);
  sendJson(call.res, 201, {
    id: record.id,
    name: record.name,
    sha1: token,
    token_last_eight: record.lastEight,
    scopes: record.scopes,
  });
}

/**
 * Gitea serves `/users/{username}/tokens` to Basic auth only (`reqBasicOrRevProxyAuth`: a
 * password, or a token given as the password) and to the user themself (`reqSelfOrAdmin`).
 */
function tokenOwner(call: ApiCall, level: 'read' | 'write'): UserRecord {
  const viewer = requireViewer(call);
  if (readCredentials(call.req, call.url).kind !== 'basic') throw unauthorized('auth required');
  const user = userNamed(call);
  if (user.id !== viewer.user.id) {
    throw forbidden('doer should be the site admin or be same as the contextUser');
  }
  requireScopes(viewer, ['user'], level);
  return user;
}

/** GET /users/{username}/tokens (userGetTokens): never the token values themselves. */
export async function listTokens(call: ApiCall): Promise<void> {
  const user = tokenOwner(call, 'read');
  const paging = readPaging(call.url);
  const all = call.deps.users.tokensOf(user);
  const page = all.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, all.length, paging);
  sendJson(
    call.res,
    200,
    page.map((t) => ({
      id: t.id,
      name: t.name,
      sha1: '',
      token_last_eight: t.lastEight,
      scopes: t.scopes,
    })),
  );
}

/** DELETE /users/{username}/tokens/{token} (userDeleteAccessToken): by id, else by name. */
export async function deleteToken(call: ApiCall): Promise<void> {
  const user = tokenOwner(call, 'write');
  await call.deps.users.deleteToken(user, param(call, 'token'));
  call.res.statusCode = 204;
  call.res.end();
}

export function sendRepoPage(call: ApiCall, repos: RepoRecord[]): void {
  const paging = readPaging(call.url);
  const sorted = [...repos].sort((a, b) =>
    a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
  );
  const page = sorted.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, sorted.length, paging);
  const { present, repos: service } = call.deps;
  sendJson(
    call.res,
    200,
    page.map((repo) => present.repository({ repo, owner: service.owner(repo) }, call.viewer)),
  );
}

/** GET /users/{username}/repos (userListRepos): what the viewer may see. */
export async function listUserRepos(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['user', 'repository'], 'read');
  const user = userNamed(call);
  sendRepoPage(
    call,
    call.deps.repos.readableRepos(call.viewer).filter((r) => r.ownerId === user.id),
  );
}

/** GET /user/repos (userCurrentListRepos): the caller's and those shared with them. */
export async function listMyRepos(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['user', 'repository'], 'read');
  // Like Gitea's SearchRepository with OwnerID: owned, collaborations and organization teams.
  const { perms } = call.deps;
  sendRepoPage(
    call,
    call.deps.repos
      .readableRepos(viewer)
      .filter((r) => r.ownerId === viewer.user.id || perms.grantsAccess(viewer.user, r)),
  );
}

const createUserBody = z.object({
  username: z.string().min(1, 'Required'),
  email: z.string().min(1, 'Required'),
  password: z.string().min(1, 'Required'),
  full_name: z.string().max(100).optional(),
});

/** POST /admin/users (adminCreateUser): the admin token only. */
export async function adminCreateUser(call: ApiCall): Promise<void> {
  if (!call.admin) {
    if (call.viewer) throw forbidden('reqSiteAdmin: you must be a site administrator');
    throw unauthorized('token is required');
  }
  const body = parseBody(createUserBody, await readJson(call.req));
  const user = await call.deps.users.createUser({
    login: body.username,
    email: body.email,
    password: body.password,
    fullName: body.full_name,
  });
  sendJson(call.res, 201, call.deps.present.user(user, true, true));
}
