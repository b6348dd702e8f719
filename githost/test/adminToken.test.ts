import { ADMIN_TOKEN, api, createUser, startGithost } from './helpers';

/**
 * The admin token (GITEA_ADMIN_TOKEN) is what GitForge holds of a Gitea admin account: beyond
 * the admin routes it acts as a site administrator, seeing and administering every repository
 * (the repository subgraph counts quota usage and carries out ADMIN collaborators' deletions
 * with it), answered as Gitea answers an admin, and checked against the spec.
 */
describe('the admin token outside the admin routes', () => {
  it('sees every repository with admin permissions, lists private ones and deletes', async () => {
    const gh = await startGithost();
    try {
      const alice = await createUser(gh.url, 'alice');
      const bob = await createUser(gh.url, 'bob');
      for (const name of ['secret', 'doomed']) {
        const made = await api(gh.url, 'POST', '/user/repos', {
          auth: { token: alice.token },
          body: { name, private: true },
        });
        expect(made.status).toBe(201);
      }
      const asAdmin = { token: ADMIN_TOKEN };

      const repo = await api(gh.url, 'GET', '/repos/alice/secret', { auth: asAdmin });
      expect([repo.status, repo.responseErrors]).toEqual([200, []]);
      expect(repo.body.permissions).toEqual({ admin: true, push: true, pull: true });
      // Another user does not see it at all.
      expect(
        (await api(gh.url, 'GET', '/repos/alice/secret', { auth: { token: bob.token } })).status,
      ).toBe(404);

      const listed = await api(gh.url, 'GET', '/users/alice/repos', { auth: asAdmin });
      expect(listed.responseErrors).toEqual([]);
      expect(listed.body.map((r: { name: string }) => r.name).sort()).toEqual(['doomed', 'secret']);
      const bobsView = await api(gh.url, 'GET', '/users/alice/repos', {
        auth: { token: bob.token },
      });
      expect(bobsView.body).toEqual([]);

      expect(
        (await api(gh.url, 'DELETE', '/repos/alice/doomed', { auth: { token: bob.token } })).status,
      ).toBe(404);
      const deleted = await api(gh.url, 'DELETE', '/repos/alice/doomed', { auth: asAdmin });
      expect(deleted.status).toBe(204);
      expect((await api(gh.url, 'GET', '/repos/alice/doomed', { auth: asAdmin })).status).toBe(404);
    } finally {
      await gh.dispose();
    }
  });

  it('still refuses a wrong token everywhere', async () => {
    const gh = await startGithost();
    try {
      const wrong = await api(gh.url, 'GET', '/repos/demo/hello', {
        auth: { token: `${ADMIN_TOKEN}x` },
      });
      expect(wrong.status).toBe(401);
    } finally {
      await gh.dispose();
    }
  });
});
