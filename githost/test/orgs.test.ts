import { validateResponse } from '@gitforge/gitea-contract';
import { ContractCheck, api, startGithost, type TestGithost } from './helpers';
import { buildOrgWorld, person, type OrgWorld, type Person } from './orgFixture';

const isOrgRoute = (t: string) =>
  /^\/orgs(\/\{org\}(\/members.*|\/repos)?)?$|^\/user\/orgs$|^\/users\/\{username\}\/orgs$/.test(t);

describe('organizations (Gitea 1.21 orgs API)', () => {
  let gh: TestGithost;
  let w: OrgWorld;
  let carl: Person;
  const c = new ContractCheck(() => gh.url);
  const names = (body: { name?: string; login?: string }[]) => body.map((x) => x.name ?? x.login);

  beforeAll(async () => {
    gh = await startGithost();
    w = await buildOrgWorld(gh);
    carl = await person(gh.url, 'carl');
  });
  afterAll(async () => gh.dispose());

  it('creates organizations: the creator owns it through the Owners team', async () => {
    expect((await api(gh.url, 'POST', '/orgs', { body: { username: 'x1' } })).status).toBe(401);
    const created = await c.expect(201, 'POST', '/orgs', {
      auth: carl.auth,
      body: {
        username: 'hidden',
        full_name: 'Hidden Inc.',
        description: 'private one',
        visibility: 'private',
      },
    });
    expect(created.body).toMatchObject({
      name: 'hidden',
      username: 'hidden',
      full_name: 'Hidden Inc.',
      visibility: 'private',
    });
    await c.expect(201, 'POST', '/orgs', {
      auth: carl.auth,
      body: { username: 'members-only', visibility: 'limited' },
    });
    // Gitea: a taken name (a user's too) and an invalid one are 422.
    await c.expect(422, 'POST', '/orgs', { auth: carl.auth, body: { username: 'acme' } });
    await c.expect(422, 'POST', '/orgs', { auth: carl.auth, body: { username: 'bob' } });
    await c.expect(422, 'POST', '/orgs', { auth: carl.auth, body: { username: 'no way' } });
    // Any signed-in user may create one (Gitea's default AllowCreateOrganization).
    await c.expect(201, 'POST', '/orgs', { auth: w.outsider.auth, body: { username: 'nope' } });
    const teams = await c.expect(200, 'GET', '/orgs/hidden/teams', { auth: carl.auth });
    expect(teams.body).toEqual([
      expect.objectContaining({
        name: 'Owners',
        permission: 'owner',
        includes_all_repositories: true,
      }),
    ]);
    expect(teams.body[0].units).toContain('repo.code');
  });

  it('refuses a token without the organization scope', async () => {
    const limited = await api(gh.url, 'POST', `/users/carl/tokens`, {
      auth: { basic: ['carl', carl.password] },
      body: { name: 'repo-only', scopes: ['write:repository'] },
    });
    const res = await c.expect(403, 'POST', '/orgs', {
      auth: { token: limited.body.sha1 },
      body: { username: 'scoped' },
    });
    expect(res.body.message).toContain('write:organization');
  });

  it('shows an organization to those who may see it', async () => {
    expect((await c.expect(200, 'GET', '/orgs/acme')).body.name).toBe('acme');
    for (const auth of [undefined, w.outsider.auth, w.owner.auth]) {
      await c.expect(404, 'GET', '/orgs/hidden', { auth });
    }
    await c.expect(200, 'GET', '/orgs/hidden', { auth: carl.auth });
    await c.expect(200, 'GET', '/orgs/hidden', { auth: w.siteAdmin.auth });
    await c.expect(404, 'GET', '/orgs/members-only');
    await c.expect(200, 'GET', '/orgs/members-only', { auth: w.outsider.auth });
    await c.expect(404, 'GET', '/orgs/bob'); // a user is no organization
    // As a user (Gitea keeps organizations in the user table), with the same visibility.
    expect((await api(gh.url, 'GET', '/users/acme')).body).toMatchObject({ login: 'acme' });
    expect((await api(gh.url, 'GET', '/users/hidden', { auth: w.outsider.auth })).status).toBe(404);
    expect((await api(gh.url, 'GET', '/users/hidden', { auth: carl.auth })).status).toBe(200);
    // An organization never signs in.
    const asOrg = await api(gh.url, 'GET', '/user', { auth: { basic: ['acme', ''] } });
    expect(asOrg.status).toBe(401);
  });

  it('lists organizations by visibility, and memberships', async () => {
    expect(names((await c.expect(200, 'GET', '/orgs')).body)).toEqual(['acme', 'nope']);
    const signedIn = await c.expect(200, 'GET', '/orgs?page=1&limit=10', { auth: w.outsider.auth });
    expect(names(signedIn.body)).toEqual(['acme', 'members-only', 'nope']);
    const admin = await c.expect(200, 'GET', '/orgs', { auth: w.siteAdmin.auth });
    expect(names(admin.body)).toEqual(['acme', 'hidden', 'members-only', 'nope']);
    expect(admin.headers.get('x-total-count')).toBe('4');

    expect((await api(gh.url, 'GET', '/user/orgs')).status).toBe(401);
    expect(names((await c.expect(200, 'GET', '/user/orgs', { auth: carl.auth })).body)).toEqual([
      'hidden',
      'members-only',
    ]);
    const frank = await c.expect(200, 'GET', '/user/orgs', { auth: w.teamWriter.auth });
    expect(names(frank.body)).toEqual(['acme']);
    // A collaborator is no member.
    expect((await c.expect(200, 'GET', '/user/orgs', { auth: w.reader.auth })).body).toEqual([]);

    await c.expect(200, 'GET', '/users/carl/orgs', { auth: carl.auth });
    const bySelf = await c.expect(200, 'GET', '/users/carl/orgs', { auth: carl.auth });
    expect(names(bySelf.body)).toEqual(['hidden', 'members-only']);
    const byAdmin = await c.expect(200, 'GET', '/users/carl/orgs', { auth: w.siteAdmin.auth });
    expect(names(byAdmin.body)).toEqual(['hidden', 'members-only']);
    // Others see public memberships only, and nobody publicizes theirs here.
    expect(
      (await c.expect(200, 'GET', '/users/carl/orgs', { auth: w.outsider.auth })).body,
    ).toEqual([]);
    await c.expect(404, 'GET', '/users/nobody/orgs', { auth: carl.auth });
  });

  it('lists and checks members for members; sends others to the public list', async () => {
    expect((await api(gh.url, 'GET', '/orgs/acme/members')).status).toBe(401);
    const members = await c.expect(200, 'GET', '/orgs/acme/members', { auth: w.teamWriter.auth });
    expect(names(members.body)).toEqual(['alice', 'frank', 'grace']);
    expect(members.body[0].email).toBe('alice@example.com');
    expect(
      (await c.expect(200, 'GET', '/orgs/acme/members', { auth: w.outsider.auth })).body,
    ).toEqual([]);
    expect(
      names((await c.expect(200, 'GET', '/orgs/acme/members', { auth: w.siteAdmin.auth })).body),
    ).toEqual(['alice', 'frank', 'grace']);
    await c.expect(404, 'GET', '/orgs/hidden/members', { auth: w.outsider.auth });

    await c.expect(204, 'GET', '/orgs/acme/members/grace', { auth: w.teamWriter.auth });
    await c.expect(404, 'GET', '/orgs/acme/members/carol', { auth: w.owner.auth });
    await c.expect(404, 'GET', '/orgs/acme/members/nobody', { auth: w.owner.auth });
    const redirected = await fetch(`${gh.url}/api/v1/orgs/acme/members/grace`, {
      headers: { authorization: `token ${w.outsider.token}` },
      redirect: 'manual',
    });
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe(
      `${gh.url}/api/v1/orgs/acme/public_members/grace`,
    );
    expect(validateResponse('GET', '/orgs/acme/members/grace', 303, undefined).errors).toEqual([]);
  });

  it('lists and creates organization repositories as Gitea allows', async () => {
    const anonymous = await c.expect(200, 'GET', '/orgs/acme/repos');
    expect(names(anonymous.body)).toEqual(['site']);
    const owner = await c.expect(200, 'GET', '/orgs/acme/repos', { auth: w.owner.auth });
    expect(names(owner.body)).toEqual(['app', 'site']);
    expect(owner.body[0].permissions).toEqual({ admin: true, push: true, pull: true });
    const reader = await c.expect(200, 'GET', '/orgs/acme/repos', { auth: w.reader.auth });
    expect(names(reader.body)).toEqual(['app', 'site']);
    expect(reader.body[0].permissions).toEqual({ admin: false, push: false, pull: true });
    expect(
      names((await c.expect(200, 'GET', '/orgs/acme/repos', { auth: w.outsider.auth })).body),
    ).toEqual(['site']);
    await c.expect(404, 'GET', '/orgs/hidden/repos', { auth: w.outsider.auth });

    const body = { name: 'tool', private: true };
    expect((await api(gh.url, 'POST', '/orgs/acme/repos', { body })).status).toBe(401);
    for (const who of [w.outsider, w.teamWriter, w.admin]) {
      await c.expect(403, 'POST', '/orgs/acme/repos', { auth: who.auth, body });
    }
    await c.expect(404, 'POST', '/orgs/hidden/repos', { auth: w.outsider.auth, body });
    // A team that may create repositories: its member becomes the new repository's admin.
    const makers = await api(gh.url, 'POST', '/orgs/acme/teams', {
      auth: w.owner.auth,
      body: { name: 'makers', permission: 'read', units: ['repo.code'], can_create_org_repo: true },
    });
    await api(gh.url, 'PUT', `/teams/${makers.body.id}/members/frank`, { auth: w.owner.auth });
    const made = await c.expect(201, 'POST', '/orgs/acme/repos', { auth: w.teamWriter.auth, body });
    expect(made.body).toMatchObject({ full_name: 'acme/tool', private: true });
    expect(made.body.owner.login).toBe('acme');
    expect(made.body.permissions).toEqual({ admin: true, push: true, pull: true });
    const perm = await api(gh.url, 'GET', '/repos/acme/tool/collaborators/frank/permission', {
      auth: w.owner.auth,
    });
    expect(perm.body.permission).toBe('admin');
    await c.undeclared(409, 'POST', '/orgs/acme/repos', { auth: w.owner.auth, body });
    const byAdmin = await c.expect(201, 'POST', '/orgs/hidden/repos', {
      auth: w.siteAdmin.auth,
      body: { name: 'ops' },
    });
    expect(byAdmin.body.full_name).toBe('hidden/ops');
  });

  it('removes members (owners only, never the last owner)', async () => {
    await c.undeclared(403, 'DELETE', '/orgs/acme/members/grace', { auth: w.teamWriter.auth });
    await c.undeclared(403, 'DELETE', '/orgs/acme/members/grace', { auth: w.outsider.auth });
    await c.expect(404, 'DELETE', '/orgs/hidden/members/carl', { auth: w.outsider.auth });
    expect((await api(gh.url, 'DELETE', '/orgs/acme/members/grace')).status).toBe(401);
    await c.expect(204, 'DELETE', '/orgs/acme/members/grace', { auth: w.owner.auth });
    await c.expect(404, 'GET', '/orgs/acme/members/grace', { auth: w.owner.auth });
    // grace lost the viewers team, and with it the private repository.
    expect((await api(gh.url, 'GET', '/repos/acme/app', { auth: w.teamReader.auth })).status).toBe(
      404,
    );
    const last = await c.undeclared(422, 'DELETE', '/orgs/acme/members/alice', {
      auth: w.owner.auth,
    });
    expect(last.body.message).toContain('last member of owner team');
  });

  it('deletes organizations (owners; not while they own repositories)', async () => {
    await c.undeclared(403, 'DELETE', '/orgs/acme', { auth: w.teamWriter.auth });
    await c.expect(404, 'DELETE', '/orgs/hidden', { auth: w.outsider.auth });
    await c.undeclared(422, 'DELETE', '/orgs/acme', { auth: w.owner.auth });
    await c.expect(204, 'DELETE', '/orgs/members-only', { auth: carl.auth });
    await c.expect(404, 'GET', '/orgs/members-only', { auth: carl.auth });
    await c.expect(204, 'DELETE', '/orgs/nope', { auth: w.siteAdmin.auth });
    // The name is free again, for a user or an organization.
    await c.expect(201, 'POST', '/orgs', { auth: carl.auth, body: { username: 'nope' } });
  });

  it('exercised every organization operation', () => {
    expect(c.missing(isOrgRoute)).toEqual([]);
  });
});
