import { z } from 'zod';
import { requireScopes } from '../services/access';
import { forbidden, invalid, notFound } from '../services/GithostError';
import { mayBeName } from '../services/names';
import { atLeast } from '../services/Permissions';
import type { UserRecord } from '../store/records';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, sendJson, sendNoContent } from './apiHttp';
import { sendPage } from './paged';
import { parseBody } from './parseBody';

/** `/repos/{owner}/{repo}/collaborators`: a token and a repository the caller may read. */
function readableRepo(call: ApiCall, level: 'read' | 'write') {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['repository'], level);
  const ref = call.deps.repos.findReadable(viewer, param(call, 'owner'), param(call, 'repo'));
  return { viewer, ...ref };
}

/** Gitea answers an unknown collaborator name with 422 on these routes. */
function collaboratorNamed(call: ApiCall): UserRecord {
  const name = param(call, 'collaborator');
  const user = mayBeName(name) ? call.deps.users.byLogin(name) : undefined;
  if (!user) throw invalid(`user does not exist [uid: 0, name: ${name}]`);
  return user;
}

/** GET /repos/{owner}/{repo}/collaborators (repoListCollaborators): any reader. */
export async function listCollaborators(call: ApiCall): Promise<void> {
  const { repo } = readableRepo(call, 'read');
  const { collaborators, present } = call.deps;
  sendPage(call, collaborators.list(repo), ({ user }) => present.user(user, true));
}

/** GET /repos/{owner}/{repo}/collaborators/{collaborator} (repoCheckCollaborator): 204 or 404. */
export async function checkCollaborator(call: ApiCall): Promise<void> {
  const { repo } = readableRepo(call, 'read');
  const user = collaboratorNamed(call);
  if (!call.deps.collaborators.mode(repo, user)) throw notFound('');
  sendNoContent(call.res);
}

const addBody = z.object({ permission: z.enum(['read', 'write', 'admin']).optional() });

/** Like findAtLeast(admin): Gitea's reqAdmin, 403 for a reader of the repository. */
function administered(call: ApiCall) {
  const found = readableRepo(call, 'write');
  if (!atLeast(call.deps.repos.level(found.viewer, found.repo), 'admin')) {
    throw forbidden('user should be an owner or a collaborator with admin write of a repository');
  }
  return found;
}

/**
 * PUT /repos/{owner}/{repo}/collaborators/{collaborator} (repoAddCollaborator): repository
 * admins; `permission` read, write or admin (a new collaborator without one gets write, as in
 * Gitea; githost answers 422 for another value, which Gitea silently ignores).
 */
export async function addCollaborator(call: ApiCall): Promise<void> {
  const { viewer, repo } = administered(call);
  const user = collaboratorNamed(call);
  const body = parseBody(addBody, await readJson(call.req));
  const outcome = await call.deps.collaborators.set(repo, user, body.permission);
  if (outcome !== 'unchanged') {
    call.deps.accessEvents.changed({
      action: outcome === 'added' ? 'collaborator_added' : 'collaborator_updated',
      repos: [repo],
      sender: viewer.user,
      member: user,
    });
  }
  sendNoContent(call.res);
}

/** DELETE /repos/{owner}/{repo}/collaborators/{collaborator} (repoDeleteCollaborator) */
export async function deleteCollaborator(call: ApiCall): Promise<void> {
  const { viewer, repo } = administered(call);
  const user = collaboratorNamed(call);
  if (await call.deps.collaborators.remove(repo, user)) {
    call.deps.accessEvents.changed({
      action: 'collaborator_removed',
      repos: [repo],
      sender: viewer.user,
      member: user,
    });
  }
  sendNoContent(call.res);
}

/**
 * GET /repos/{owner}/{repo}/collaborators/{collaborator}/permission (repoGetRepoPermissions):
 * the user's effective mode (`none`, `read`, `write`, `admin`, `owner`). Site admins and
 * repository admins may ask about anyone, others about themselves (403 otherwise).
 */
export async function collaboratorPermission(call: ApiCall): Promise<void> {
  const { viewer, repo } = readableRepo(call, 'read');
  const { perms, users, present } = call.deps;
  const name = param(call, 'collaborator');
  const self = viewer.user.login.toLowerCase() === name.toLowerCase();
  if (!self && !atLeast(perms.level(viewer, repo), 'admin')) {
    throw forbidden(
      'Only admins can query all permissions, repo admins can query all repo permissions, collaborators can query only their own',
    );
  }
  const user = mayBeName(name) ? users.byLogin(name) : undefined;
  if (!user || user.org) throw notFound(`user does not exist [uid: 0, name: ${name}]`);
  const mode = perms.levelOfUser(user, repo);
  sendJson(call.res, 200, {
    permission: mode,
    role_name: mode,
    user: present.user(user, true, viewer.user.isAdmin === true || self),
  });
}
