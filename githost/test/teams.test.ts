import { ContractCheck, api, startGithost, type TestGithost } from './helpers';
import { buildOrgWorld, type OrgWorld } from './orgFixture';

const isTeamRoute = (t: string) => /^\/teams\/|^\/orgs\/\{org\}\/teams$/.test(t);

describe('teams (Gitea 1.21 teams API)', () => {
  let gh: TestGithost;
  let w: OrgWorld;
  let readers: number;
  const c = new ContractCheck(() => gh.url);
  const logins = (body: { login: string }[]) => body.map((u) => u.login);
  const status = async (method: string, path: string, auth?: OrgWorld['owner']['auth']) =>
    (await api(gh.url, method, path, { auth })).status;

  beforeAll(async () => {
    gh = await startGithost();
    w = await buildOrgWorld(gh);
  });
  afterAll(async () => gh.dispose());

  it('lists an organization’s teams to its members', async () => {
    const listed = await c.expect(200, 'GET', '/orgs/acme/teams', { auth: w.teamWriter.auth });
    expect(listed.body.map((t: { name: string }) => t.name)).toEqual(['devs', 'Owners', 'viewers']);
    const devs = listed.body[0];
    expect(devs).toEqual({
      id: w.devs,
      name: 'devs',
      description: '',
      includes_all_repositories: false,
      can_create_org_repo: false,
      permission: 'write',
      units: ['repo.code', 'repo.issues'],
      units_map: { 'repo.code': 'write', 'repo.issues': 'write' },
    });
    await c.expect(200, 'GET', '/orgs/acme/teams', { auth: w.siteAdmin.auth });
    // A collaborator or an outsider is no member: 403 on a visible organization.
    await c.undeclared(403, 'GET', '/orgs/acme/teams', { auth: w.reader.auth });
    await c.undeclared(403, 'GET', '/orgs/acme/teams', { auth: w.outsider.auth });
    expect(await status('GET', '/orgs/acme/teams')).toBe(401);
    await c.expect(404, 'GET', '/orgs/nothing/teams', { auth: w.owner.auth });
  });

  it('creates teams (owners), with Gitea’s units and validation', async () => {
    const body = { name: 'readers', permission: 'read', units: ['repo.code', 'repo.issues'] };
    await c.undeclared(403, 'POST', '/orgs/acme/teams', { auth: w.teamWriter.auth, body });
    await c.undeclared(403, 'POST', '/orgs/acme/teams', { auth: w.outsider.auth, body });
    const created = await c.expect(201, 'POST', '/orgs/acme/teams', { auth: w.owner.auth, body });
    readers = created.body.id;
    expect(created.body).toMatchObject({
      name: 'readers',
      permission: 'read',
      units_map: { 'repo.code': 'read', 'repo.issues': 'read' },
      organization: { name: 'acme', visibility: 'public' },
    });
    await c.expect(422, 'POST', '/orgs/acme/teams', { auth: w.owner.auth, body });
    await c.expect(422, 'POST', '/orgs/acme/teams', {
      auth: w.owner.auth,
      body: { name: 'READERS', permission: 'read', units: ['repo.code'] },
    });
    await c.expect(422, 'POST', '/orgs/acme/teams', {
      auth: w.owner.auth,
      body: { name: 'no units', permission: 'write' },
    });
    await c.expect(422, 'POST', '/orgs/acme/teams', {
      auth: w.owner.auth,
      body: { name: 'nounits', permission: 'write' },
    });
    // units_map: the team's mode is the lowest mode above none (Gitea's MinUnitAccessMode).
    const mapped = await c.expect(201, 'POST', '/orgs/acme/teams', {
      auth: w.siteAdmin.auth,
      body: { name: 'mixed', units_map: { 'repo.code': 'write', 'repo.issues': 'read' } },
    });
    expect(mapped.body).toMatchObject({
      permission: 'read',
      units_map: { 'repo.code': 'write', 'repo.issues': 'read' },
    });
    const admins = await c.expect(201, 'POST', '/orgs/acme/teams', {
      auth: w.owner.auth,
      body: { name: 'admins', permission: 'admin' },
    });
    expect(admins.body.units).toHaveLength(10);
    expect(new Set(Object.values(admins.body.units_map))).toEqual(new Set(['admin']));
  });

  it('shows a team to its members, owners and site admins', async () => {
    const got = await c.expect(200, 'GET', `/teams/${w.devs}`, { auth: w.teamWriter.auth });
    expect(got.body).toMatchObject({ name: 'devs', organization: { name: 'acme' } });
    await c.expect(200, 'GET', `/teams/${w.devs}`, { auth: w.owner.auth });
    await c.expect(200, 'GET', `/teams/${w.devs}`, { auth: w.siteAdmin.auth });
    // Gitea's reqTeamMembership: 403 for another member of the organization, 404 for others.
    await c.undeclared(403, 'GET', `/teams/${w.devs}`, { auth: w.teamReader.auth });
    await c.expect(404, 'GET', `/teams/${w.devs}`, { auth: w.outsider.auth });
    await c.expect(404, 'GET', `/teams/${w.devs}`, { auth: w.writer.auth });
    await c.expect(404, 'GET', '/teams/999', { auth: w.owner.auth });
    expect(await status('GET', `/teams/${w.devs}`)).toBe(401);

    const members = await c.expect(200, 'GET', `/teams/${w.owners}/members`, {
      auth: w.owner.auth,
    });
    expect(logins(members.body)).toEqual(['alice']);
    await c.expect(404, 'GET', `/teams/${w.owners}/members`, { auth: w.outsider.auth });
    const frank = await c.expect(200, 'GET', `/teams/${w.devs}/members/frank`, {
      auth: w.teamWriter.auth,
    });
    expect(frank.body.login).toBe('frank');
    await c.expect(404, 'GET', `/teams/${w.devs}/members/grace`, { auth: w.owner.auth });

    const repos = await c.expect(200, 'GET', `/teams/${w.devs}/repos`, { auth: w.teamWriter.auth });
    expect(repos.body.map((r: { full_name: string }) => r.full_name)).toEqual(['acme/app']);
    expect(repos.body[0].permissions).toEqual({ admin: false, push: true, pull: true });
    const all = await c.expect(200, 'GET', `/teams/${w.viewers}/repos`, {
      auth: w.teamReader.auth,
    });
    expect(all.body.map((r: { name: string }) => r.name)).toEqual(['app', 'site']);
    await c.expect(200, 'GET', `/teams/${w.devs}/repos/acme/app`, { auth: w.teamWriter.auth });
    await c.expect(404, 'GET', `/teams/${w.devs}/repos/acme/site`, { auth: w.teamWriter.auth });
    await c.expect(404, 'GET', `/teams/${w.devs}/repos/other/app`, { auth: w.teamWriter.auth });
  });

  it('edits teams (owners; a team member gets 404 as on Gitea)', async () => {
    await c.expect(404, 'PATCH', `/teams/${w.devs}`, {
      auth: w.teamWriter.auth,
      body: { name: 'devs', description: 'x' },
    });
    await c.undeclared(403, 'PATCH', `/teams/${readers}`, {
      auth: w.teamWriter.auth,
      body: { name: 'readers' },
    });
    const edited = await c.expect(200, 'PATCH', `/teams/${readers}`, {
      auth: w.owner.auth,
      body: {
        name: 'readers2',
        description: 'Read-only',
        permission: 'write',
        units: ['repo.code'],
      },
    });
    expect(edited.body).toMatchObject({
      name: 'readers2',
      description: 'Read-only',
      permission: 'write',
      units_map: { 'repo.code': 'write' },
    });
    const owners = await api(gh.url, 'PATCH', `/teams/${w.owners}`, {
      auth: w.owner.auth,
      body: { name: 'Owners', permission: 'read', description: 'the owners' },
    });
    expect(owners.status).toBe(200);
    expect(owners.body).toMatchObject({ permission: 'owner', description: 'the owners' });
    await c.undeclared(422, 'PATCH', `/teams/${w.owners}`, {
      auth: w.owner.auth,
      body: { name: 'Bosses' },
    });
    await c.undeclared(422, 'PATCH', `/teams/${readers}`, {
      auth: w.owner.auth,
      body: { name: 'devs' },
    });
  });

  it('adds and removes members (owners only); membership gives the team’s access', async () => {
    const bob = w.outsider;
    expect(await status('GET', '/repos/acme/app', bob.auth)).toBe(404);
    await c.expect(404, 'PUT', `/teams/${w.devs}/members/bob`, { auth: w.teamWriter.auth });
    await c.expect(404, 'PUT', `/teams/${w.devs}/members/nobody`, { auth: w.owner.auth });
    await c.expect(204, 'PUT', `/teams/${w.devs}/members/bob`, { auth: w.owner.auth });
    await c.expect(204, 'PUT', `/teams/${w.devs}/members/bob`, { auth: w.owner.auth });
    const repo = await api(gh.url, 'GET', '/repos/acme/app', { auth: bob.auth });
    expect(repo.body.permissions).toEqual({ admin: false, push: true, pull: true });
    expect(await status('GET', '/orgs/acme/members/bob', w.owner.auth)).toBe(204);

    await c.expect(404, 'DELETE', `/teams/${w.devs}/members/bob`, { auth: w.teamWriter.auth });
    await c.expect(204, 'DELETE', `/teams/${w.devs}/members/bob`, { auth: w.siteAdmin.auth });
    expect(await status('GET', '/repos/acme/app', bob.auth)).toBe(404);
    // Out of its last team, out of the organization.
    expect(await status('GET', '/orgs/acme/members/bob', w.owner.auth)).toBe(404);
    await c.undeclared(422, 'DELETE', `/teams/${w.owners}/members/alice`, { auth: w.owner.auth });
    await c.undeclared(422, 'PUT', `/teams/${w.devs}/members/acme`, { auth: w.owner.auth });
  });

  it('gives and takes repositories: team members who administer the repository', async () => {
    await c.undeclared(403, 'PUT', `/teams/${readers}/repos/acme/app`, { auth: w.teamWriter.auth });
    await c.expect(404, 'PUT', `/teams/${readers}/repos/acme/app`, { auth: w.admin.auth });
    await c.expect(404, 'PUT', `/teams/${readers}/repos/acme/nothing`, { auth: w.owner.auth });
    await c.expect(204, 'PUT', `/teams/${readers}/repos/acme/app`, { auth: w.owner.auth });
    await c.expect(204, 'PUT', `/teams/${w.devs}/members/carol`, { auth: w.owner.auth });
    // carol, a read collaborator, now writes through devs.
    const viaTeam = await api(gh.url, 'GET', '/repos/acme/app/collaborators/carol/permission', {
      auth: w.owner.auth,
    });
    expect(viaTeam.body.permission).toBe('write');
    await c.undeclared(403, 'DELETE', `/teams/${w.devs}/repos/acme/app`, { auth: w.reader.auth });
    await c.expect(204, 'DELETE', `/teams/${w.devs}/repos/acme/app`, { auth: w.owner.auth });
    const after = await api(gh.url, 'GET', '/repos/acme/app/collaborators/carol/permission', {
      auth: w.owner.auth,
    });
    expect(after.body.permission).toBe('read');
    expect(await status('GET', '/repos/acme/app', w.teamWriter.auth)).toBe(404);
  });

  it('an admin team is owner of its repositories; deleting a team takes its access', async () => {
    const admins = await api(gh.url, 'POST', '/orgs/acme/teams', {
      auth: w.owner.auth,
      body: { name: 'ops', permission: 'admin', includes_all_repositories: true },
    });
    await api(gh.url, 'PUT', `/teams/${admins.body.id}/members/bob`, { auth: w.owner.auth });
    const perm = await api(gh.url, 'GET', '/repos/acme/app/collaborators/bob/permission', {
      auth: w.outsider.auth,
    });
    expect(perm.body.permission).toBe('owner');
    // Downgraded without new units: its units follow the new mode.
    const downgraded = await c.expect(200, 'PATCH', `/teams/${admins.body.id}`, {
      auth: w.owner.auth,
      body: { name: 'ops', permission: 'write' },
    });
    expect(downgraded.body.units).toHaveLength(10);
    expect(new Set(Object.values(downgraded.body.units_map))).toEqual(new Set(['write']));
    const write = await api(gh.url, 'GET', '/repos/acme/app/collaborators/bob/permission', {
      auth: w.outsider.auth,
    });
    expect(write.body.permission).toBe('write');
    await c.undeclared(422, 'DELETE', `/teams/${w.owners}`, { auth: w.owner.auth });
    await c.expect(404, 'DELETE', `/teams/${admins.body.id}`, { auth: w.outsider.auth });
    await c.expect(204, 'DELETE', `/teams/${admins.body.id}`, { auth: w.owner.auth });
    expect(await status('GET', '/repos/acme/app', w.outsider.auth)).toBe(404);
    await c.expect(404, 'GET', `/teams/${admins.body.id}`, { auth: w.owner.auth });
  });

  it('exercised every team operation', () => {
    expect(c.missing(isTeamRoute)).toEqual([]);
  });
});
