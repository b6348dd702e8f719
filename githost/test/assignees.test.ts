import { ContractCheck, api, startGithost, type TestGithost } from './helpers';
import { buildOrgWorld, person, type OrgWorld } from './orgFixture';

/*
 * repoGetAssignees and orgGetUserPermissions: who may be assigned to a repository's issues and
 * a user's standing in an organization, for every role of the permission matrix.
 */
const isShare = (t: string) => t.endsWith('/assignees') || t.endsWith('/orgs/{org}/permissions');

describe('assignees and organization permissions', () => {
  let gh: TestGithost;
  let w: OrgWorld;
  const c = new ContractCheck(() => gh.url);
  const logins = (body: { login: string }[]) => body.map((u) => u.login);

  beforeAll(async () => {
    gh = await startGithost();
    w = await buildOrgWorld(gh);
  });
  afterAll(async () => gh.dispose());

  it('lists users with write access or more (collaborators, teams, owners) to every reader', async () => {
    for (const who of [w.owner, w.reader, w.writer, w.admin, w.teamWriter, w.teamReader]) {
      const res = await c.expect(200, 'GET', '/repos/acme/app/assignees', { auth: who.auth });
      expect({ who: who.login, logins: logins(res.body) }).toEqual({
        who: who.login,
        logins: ['alice', 'dave', 'erin', 'frank'],
      });
    }
    const admin = await c.expect(200, 'GET', '/repos/acme/app/assignees', {
      auth: w.siteAdmin.auth,
    });
    expect(logins(admin.body)).not.toContain('demo');
    await c.expect(404, 'GET', '/repos/acme/app/assignees', { auth: w.outsider.auth });
    await c.expect(404, 'GET', '/repos/acme/app/assignees');
    // A public repository: anyone reads the list; the read-everything team is not in it.
    const site = await c.expect(200, 'GET', '/repos/acme/site/assignees');
    expect(logins(site.body)).toEqual(['alice']);
    await c.expect(404, 'GET', '/repos/acme/nothing/assignees', { auth: w.owner.auth });
  });

  it('includes a user-owned repository’s owner, and follows collaborator changes at once', async () => {
    const zed = await person(gh.url, 'zed');
    await c.expect(201, 'POST', '/user/repos', { auth: zed.auth, body: { name: 'solo' } });
    const before = await c.expect(200, 'GET', '/repos/zed/solo/assignees', { auth: zed.auth });
    expect(logins(before.body)).toEqual(['zed']);
    for (const [login, permission] of [
      ['carol', 'read'],
      ['bob', 'write'],
    ]) {
      await api(gh.url, 'PUT', `/repos/zed/solo/collaborators/${login}`, {
        auth: zed.auth,
        body: { permission },
      });
    }
    const after = await c.expect(200, 'GET', '/repos/zed/solo/assignees', { auth: w.reader.auth });
    expect(logins(after.body)).toEqual(['bob', 'zed']);
    await api(gh.url, 'DELETE', '/repos/zed/solo/collaborators/bob', { auth: zed.auth });
    const removed = await c.expect(200, 'GET', '/repos/zed/solo/assignees', { auth: zed.auth });
    expect(logins(removed.body)).toEqual(['zed']);
  });

  it("answers a user's standing in an organization", async () => {
    const standing = async (login: string) =>
      (
        await c.expect(200, 'GET', `/users/${login}/orgs/acme/permissions`, {
          auth: w.outsider.auth,
        })
      ).body;
    const none = {
      can_read: false,
      can_write: false,
      is_admin: false,
      is_owner: false,
      can_create_repository: false,
    };
    expect(await standing('alice')).toEqual({
      can_read: true,
      can_write: true,
      is_admin: true,
      is_owner: true,
      can_create_repository: true,
    });
    expect(await standing('frank')).toEqual({ ...none, can_read: true, can_write: true });
    expect(await standing('grace')).toEqual({ ...none, can_read: true });
    // Collaborators, outsiders and site administrators are not members.
    for (const login of ['erin', 'bob', 'demo']) expect(await standing(login)).toEqual(none);
    await c.undeclared(401, 'GET', '/users/alice/orgs/acme/permissions');
    await c.expect(404, 'GET', '/users/alice/orgs/nothing/permissions', { auth: w.owner.auth });
    await c.expect(404, 'GET', '/users/nobody/orgs/acme/permissions', { auth: w.owner.auth });
    await api(gh.url, 'POST', '/orgs', {
      auth: w.owner.auth,
      body: { username: 'closed', visibility: 'private' },
    });
    await c.expect(404, 'GET', '/users/alice/orgs/closed/permissions', { auth: w.outsider.auth });
    const own = await c.expect(200, 'GET', '/users/alice/orgs/closed/permissions', {
      auth: w.owner.auth,
    });
    expect(own.body.is_owner).toBe(true);
  });

  it('exercised both operations', () => {
    expect(c.missing(isShare)).toEqual([]);
  });
});
