import { z } from 'zod';
import { teamJson } from '../presentation/orgJson';
import { requireScopes, type Viewer } from '../services/access';
import { forbidden, notFound } from '../services/GithostError';
import { mayBeName } from '../services/names';
import { atLeast } from '../services/Permissions';
import type { RepoRecord, TeamRecord, UserRecord } from '../store/records';
import type { AccessAction } from '../webhooks/AccessEvents';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, sendJson, sendNoContent } from './apiHttp';
import { requireOrgOwner, visibleOrg } from './orgs';
import { byLogin, sendPage } from './paged';
import { parseBody } from './parseBody';
import { sendRepoPage, userNamed } from './users';

const teamFields = {
  description: z.string().max(255, 'MaxSize(255)').optional(),
  permission: z.enum(['', 'read', 'write', 'admin']).optional(),
  units: z.array(z.string()).optional(),
  units_map: z.record(z.string(), z.string()).optional(),
  includes_all_repositories: z.boolean().optional(),
  can_create_org_repo: z.boolean().optional(),
};
const teamName = z
  .string()
  .max(255, 'MaxSize(255)')
  .regex(/^[\w.-]*$/, 'AlphaDashDot');
const createTeamBody = z.object({ name: teamName.min(1, 'Required'), ...teamFields });
// Gitea's binding does not require the name here, whatever the spec says.
const editTeamBody = z.object({ name: teamName.optional(), ...teamFields });

const input = (body: z.infer<typeof editTeamBody>) => ({
  name: body.name,
  description: body.description,
  permission: body.permission || undefined,
  units: body.units,
  unitsMap: body.units_map,
  includesAllRepositories: body.includes_all_repositories,
  canCreateOrgRepo: body.can_create_org_repo,
});

/** Gitea's reqOrgMembership on `/orgs/{org}`: site admins and members, else 403. */
function requireOrgMember(call: ApiCall, org: UserRecord, viewer: Viewer): void {
  if (viewer.user.isAdmin === true || call.deps.perms.isMember(org, viewer.user.id)) return;
  throw forbidden('Must be an organization member');
}

/** GET /orgs/{org}/teams (orgListTeams): members only. */
export async function listTeams(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'read');
  const org = visibleOrg(call);
  requireOrgMember(call, org, viewer);
  const teams = [...call.deps.perms.teamsOf(org)].sort((a, b) =>
    a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
  );
  sendPage(call, teams, (t) => teamJson(call.deps.present, t, undefined));
}

/** POST /orgs/{org}/teams (orgCreateTeam): owners; a duplicate name is Gitea's 422. */
export async function createTeam(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], 'write');
  const org = visibleOrg(call);
  requireOrgMember(call, org, viewer);
  requireOrgOwner(call, org, viewer);
  const body = parseBody(createTeamBody, await readJson(call.req));
  const team = await call.deps.orgs.createTeam(org, { ...input(body), name: body.name });
  sendJson(call.res, 201, teamJson(call.deps.present, team, org));
}

interface TeamCall {
  viewer: Viewer;
  team: TeamRecord;
  org: UserRecord;
}

/**
 * `/teams/{id}`: Gitea's reqTeamMembership (site admins, organization owners and the team's
 * members; 403 for other members of the organization, 404 for everyone else), then for
 * changes reqOrgOwnership, which answers 404 on team paths.
 */
function teamCall(
  call: ApiCall,
  change: 'read' | 'write',
  ownerOnly = change === 'write',
): TeamCall {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['organization'], change);
  const { orgs, perms } = call.deps;
  const team = orgs.team(param(call, 'id'));
  const org = orgs.orgOf(team);
  const admin = viewer.user.isAdmin === true;
  const owner = perms.isOwner(org, viewer.user.id);
  if (!admin && !owner && !team.memberIds.includes(viewer.user.id)) {
    if (perms.isMember(org, viewer.user.id)) throw forbidden('Must be a team member');
    throw notFound(`team does not exist [id: ${team.id}]`);
  }
  if (ownerOnly && !admin && !owner) throw notFound(`team does not exist [id: ${team.id}]`);
  return { viewer, team, org };
}

function notify(
  call: ApiCall,
  { viewer, team }: TeamCall,
  action: AccessAction,
  repos: readonly RepoRecord[],
  member?: UserRecord,
): void {
  call.deps.accessEvents.changed({
    action,
    repos,
    sender: viewer.user,
    member,
    team: { id: team.id, name: team.name, permission: team.mode },
  });
}

/** GET /teams/{id} (orgGetTeam) */
export async function getTeam(call: ApiCall): Promise<void> {
  const { team, org } = teamCall(call, 'read');
  sendJson(call.res, 200, teamJson(call.deps.present, team, org));
}

/** PATCH /teams/{id} (orgEditTeam) */
export async function editTeam(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'write');
  const body = parseBody(editTeamBody, await readJson(call.req));
  const before = call.deps.perms.reposOf(tc.team);
  await call.deps.orgs.editTeam(tc.team, input(body));
  const after = call.deps.perms.reposOf(tc.team);
  if (tc.team.memberIds.length > 0)
    notify(call, tc, 'team_updated', [...new Set([...before, ...after])]);
  sendJson(call.res, 200, teamJson(call.deps.present, tc.team, undefined));
}

/** DELETE /teams/{id} (orgDeleteTeam): not the Owners team (422). */
export async function deleteTeam(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'write');
  const repos = call.deps.perms.reposOf(tc.team);
  await call.deps.orgs.deleteTeam(tc.team);
  if (tc.team.memberIds.length > 0) notify(call, tc, 'team_deleted', repos);
  sendNoContent(call.res);
}

/** GET /teams/{id}/members (orgListTeamMembers) */
export async function listTeamMembers(call: ApiCall): Promise<void> {
  const { team } = teamCall(call, 'read');
  const { users, present } = call.deps;
  const members = team.memberIds.flatMap((id) => users.byId(id) ?? []).sort(byLogin);
  sendPage(call, members, (u) => present.user(u, true));
}

/** GET /teams/{id}/members/{username} (orgListTeamMember): 404 unless a member. */
export async function getTeamMember(call: ApiCall): Promise<void> {
  const { team } = teamCall(call, 'read');
  const user = userNamed(call);
  if (!team.memberIds.includes(user.id)) throw notFound('');
  sendJson(call.res, 200, call.deps.present.user(user, true));
}

/** PUT /teams/{id}/members/{username} (orgAddTeamMember) */
export async function addTeamMember(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'write');
  const user = userNamed(call);
  if (await call.deps.orgs.addMember(tc.team, user)) {
    notify(call, tc, 'team_member_added', call.deps.perms.reposOf(tc.team), user);
  }
  sendNoContent(call.res);
}

/** DELETE /teams/{id}/members/{username} (orgRemoveTeamMember): not the last owner (422). */
export async function removeTeamMember(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'write');
  const user = userNamed(call);
  if (await call.deps.orgs.removeMember(tc.team, user)) {
    notify(call, tc, 'team_member_removed', call.deps.perms.reposOf(tc.team), user);
  }
  sendNoContent(call.res);
}

/** GET /teams/{id}/repos (orgListTeamRepos) */
export async function listTeamRepos(call: ApiCall): Promise<void> {
  const { team } = teamCall(call, 'read');
  sendRepoPage(call, call.deps.perms.reposOf(team));
}

/** The repository `{org}/{repo}` of the team's organization (Gitea looks it up there), or 404. */
function teamOrgRepo(call: ApiCall, tc: TeamCall): RepoRecord {
  const name = param(call, 'repo');
  const repo =
    param(call, 'org').toLowerCase() === tc.org.login.toLowerCase() && mayBeName(name)
      ? call.deps.repos.findOwned(tc.org, name)
      : undefined;
  if (!repo)
    throw notFound(`repository does not exist [owner: ${param(call, 'org')}, name: ${name}]`);
  return repo;
}

/** GET /teams/{id}/repos/{org}/{repo} (orgListTeamRepo): 404 unless the team has it. */
export async function getTeamRepo(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'read');
  const repo = teamOrgRepo(call, tc);
  if (!call.deps.perms.teamCovers(tc.team, repo)) throw notFound('');
  sendJson(call.res, 200, call.deps.present.repository({ repo, owner: tc.org }, tc.viewer));
}

/** Gitea: any team member may give or take the team's access to a repository they administer. */
function administeredRepo(call: ApiCall, tc: TeamCall): RepoRecord {
  const repo = teamOrgRepo(call, tc);
  if (!atLeast(call.deps.perms.level(tc.viewer, repo), 'admin')) {
    throw forbidden('Must have admin-level access to the repository');
  }
  return repo;
}

/** PUT /teams/{id}/repos/{org}/{repo} (orgAddTeamRepository) */
export async function addTeamRepo(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'write', false);
  const repo = administeredRepo(call, tc);
  if (await call.deps.orgs.addRepo(tc.team, repo)) {
    notify(call, tc, 'team_repository_added', [repo]);
  }
  sendNoContent(call.res);
}

/** DELETE /teams/{id}/repos/{org}/{repo} (orgRemoveTeamRepository) */
export async function removeTeamRepo(call: ApiCall): Promise<void> {
  const tc = teamCall(call, 'write', false);
  const repo = administeredRepo(call, tc);
  if (await call.deps.orgs.removeRepo(tc.team, repo)) {
    notify(call, tc, 'team_repository_removed', [repo]);
  }
  sendNoContent(call.res);
}
