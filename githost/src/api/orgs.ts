import { z } from 'zod';
import { organizationJson } from '../presentation/orgJson';
import { requireScopes, type Viewer } from '../services/access';
import { forbidden, notFound } from '../services/GithostError';
import { atLeast } from '../services/Permissions';
import type { UserRecord } from '../store/records';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, sendJson, sendNoContent } from './apiHttp';
import { byLogin, sendPage } from './paged';
import { parseBody } from './parseBody';
import { createRepoBody } from './repos';
import { sendRepoPage, userNamed } from './users';

/**
 * The organization of the path when the viewer may see it (Gitea's HasOrgOrUserVisible), else
 * 404; private organizations never leak their existence.
 */
export function visibleOrg(call: ApiCall): UserRecord {
  const org = call.deps.orgs.find(param(call, 'org'));
  if (!call.deps.perms.ownerVisible(org, call.viewer)) {
    throw notFound(`org does not exist [id: 0, name: ${param(call, 'org')}]`);
  }
  return org;
}

/** Gitea's reqOrgOwnership on `/orgs/{org}`: site admins and owners, else 403. */
export function requireOrgOwner(call: ApiCall, org: UserRecord, viewer: Viewer): void {
  if (viewer.user.isAdmin === true || call.deps.perms.isOwner(org, viewer.user.id)) return;
  throw forbidden('Must be an organization owner');
}

const sortedOrgs = (orgs: UserRecord[]) => [...orgs].sort(byLogin);

const createOrgBody = z.object({
  username: z.string().min(1, 'Required').max(40, 'MaxSize(40)'),
  full_name: z.string().max(100, 'MaxSize(100)').optional(),
  email: z.string().max(255, 'MaxSize(255)').optional(),
  description: z.string().max(255, 'MaxSize(255)').optional(),
  website: z
    .string()
    .max(255, 'MaxSize(255)')
    .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), 'ValidUrl')
    .optional(),
  location: z.string().max(50, 'MaxSize(50)').optional(),
  visibility: z.enum(['', 'public', 'limited', 'private']).optional(),
  repo_admin_change_team_access: z.boolean().optional(),
});

/** POST /orgs (orgCreate): the creator becomes the first member of the Owners team. */
export async function createOrg(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'write');
  const body = parseBody(createOrgBody, await readJson(call.req));
  const org = await call.deps.orgs.create(viewer.user, {
    name: body.username,
    fullName: body.full_name,
    email: body.email,
    description: body.description,
    website: body.website,
    location: body.location,
    visibility: body.visibility || undefined,
    repoAdminChangeTeamAccess: body.repo_admin_change_team_access,
  });
  sendJson(call.res, 201, organizationJson(call.deps.present, org));
}

/** GET /orgs/{org} (orgGet) */
export async function getOrg(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['organization'], 'read');
  sendJson(call.res, 200, organizationJson(call.deps.present, visibleOrg(call)));
}

/** GET /orgs (orgGetAll): public ones; limited too when signed in; all for site admins. */
export async function listOrgs(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['organization'], 'read');
  const admin = call.viewer?.user.isAdmin === true;
  const orgs = call.deps.orgs.all().filter((o) => {
    const visibility = o.org?.visibility ?? 'public';
    return visibility === 'public' || admin || (visibility === 'limited' && call.viewer !== null);
  });
  sendPage(call, sortedOrgs(orgs), (o) => organizationJson(call.deps.present, o));
}

/** GET /user/orgs (orgListCurrentUserOrgs): every organization the caller belongs to. */
export async function listMyOrgs(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['user', 'organization'], 'read');
  const { orgs, perms, present } = call.deps;
  const mine = orgs.all().filter((o) => perms.isMember(o, viewer.user.id));
  sendPage(call, sortedOrgs(mine), (o) => organizationJson(present, o));
}

/**
 * GET /users/{username}/orgs (orgListUserOrgs): all memberships for the user themself and site
 * admins; others only public memberships of public organizations, and githost (like a Gitea
 * whose members never publicize themselves) has none.
 */
export async function listUserOrgs(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['user', 'organization'], 'read');
  const user = userNamed(call);
  const { orgs, perms, present } = call.deps;
  const showPrivate = viewer.user.isAdmin === true || viewer.user.id === user.id;
  const theirs = showPrivate ? orgs.all().filter((o) => perms.isMember(o, user.id)) : [];
  sendPage(call, sortedOrgs(theirs), (o) => organizationJson(present, o));
}

/** DELETE /orgs/{org} (orgDelete): owners; an organization owning repositories stays (422). */
export async function deleteOrg(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'write');
  const org = visibleOrg(call);
  requireOrgOwner(call, org, viewer);
  await call.deps.orgs.delete(org);
  sendNoContent(call.res);
}

/** GET /orgs/{org}/members (orgListMembers): members see members; others public ones (none). */
export async function listMembers(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'read');
  const org = visibleOrg(call);
  const { perms, users, present } = call.deps;
  const full = viewer.user.isAdmin === true || perms.isMember(org, viewer.user.id);
  const members = full ? perms.memberIds(org).flatMap((id) => users.byId(id) ?? []) : [];
  sendPage(call, members.sort(byLogin), (u) => present.user(u, true));
}

/**
 * GET /orgs/{org}/members/{username} (orgIsMember): 204 or 404 for members and site admins;
 * others are sent (303) to the public membership check, as Gitea does.
 */
export async function isMember(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'read');
  const org = visibleOrg(call);
  const user = userNamed(call);
  const { perms } = call.deps;
  if (viewer.user.isAdmin === true || perms.isMember(org, viewer.user.id)) {
    if (perms.isMember(org, user.id)) return sendNoContent(call.res);
    throw notFound('');
  }
  if (viewer.user.id === user.id) throw notFound('');
  const target = `${call.deps.present.root}/api/v1/orgs/${encodeURIComponent(org.login)}/public_members/${encodeURIComponent(user.login)}`;
  call.res.writeHead(303, { location: target });
  call.res.end();
}

/** DELETE /orgs/{org}/members/{username} (orgDeleteMember): out of every team; owners only. */
export async function deleteMember(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'write');
  const org = visibleOrg(call);
  requireOrgOwner(call, org, viewer);
  const user = userNamed(call);
  const teams = await call.deps.orgs.removeFromOrg(org, user);
  const repos = [...new Set(teams.flatMap((t) => call.deps.perms.reposOf(t)))];
  call.deps.accessEvents.changed({
    action: 'team_member_removed',
    repos,
    sender: viewer.user,
    member: user,
  });
  sendNoContent(call.res);
}

/** GET /orgs/{org}/repos (orgListRepos): the organization's repositories the caller may read. */
export async function listOrgRepos(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['organization'], 'read');
  const org = visibleOrg(call);
  sendRepoPage(
    call,
    call.deps.repos.readableRepos(call.viewer).filter((r) => r.ownerId === org.id),
  );
}

/**
 * POST /orgs/{org}/repos (createOrgRepo): owners, members of a team that may create
 * repositories, site admins. A creator who is not already an admin of the new repository
 * becomes an admin collaborator, as in Gitea's CreateRepository.
 */
export async function createOrgRepo(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'write');
  const org = visibleOrg(call);
  const { perms, repos, present } = call.deps;
  if (!perms.canCreateRepo(org, viewer.user)) {
    throw forbidden('Given user is not allowed to create repository in organization.');
  }
  const body = parseBody(createRepoBody, await readJson(call.req));
  const repo = await repos.create(org, {
    name: body.name,
    description: body.description,
    private: body.private,
    autoInit: body.auto_init,
    defaultBranch: body.default_branch,
  });
  if (!atLeast(perms.levelOfUser(viewer.user, repo), 'admin')) {
    await call.deps.collaborators.set(repo, viewer.user, 'admin');
  }
  sendJson(call.res, 201, present.repository({ repo, owner: org }, viewer));
}

/**
 * GET /users/{username}/orgs/{org}/permissions (orgGetUserPermissions): any signed-in caller
 * who may see the organization learns the user's standing in it, as Gitea 1.21's
 * GetUserOrgsPermissions: from the highest team mode (read → can_read, write → can_write,
 * admin → is_admin, owner → is_owner) and whether a team lets them create repositories.
 * Site administration is not membership (Gitea answers the same).
 */
export async function orgUserPermissions(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['user', 'organization'], 'read');
  const user = userNamed(call);
  const org = visibleOrg(call);
  const { perms } = call.deps;
  const level = perms.orgLevel(org, user.id);
  sendJson(call.res, 200, {
    can_read: atLeast(level, 'read'),
    can_write: atLeast(level, 'write'),
    is_admin: atLeast(level, 'admin'),
    is_owner: atLeast(level, 'owner'),
    can_create_repository: perms
      .teamsOfMember(org, user.id)
      .some((t) => t.mode === 'owner' || t.canCreateOrgRepo),
  });
}
