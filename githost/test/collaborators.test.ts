import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ContractCheck,
  api,
  eventually,
  startGithost,
  type Auth,
  type TestGithost,
} from './helpers';
import { buildOrgWorld, type OrgWorld } from './orgFixture';

const isCollaboratorRoute = (t: string) => t.includes('/collaborators');

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, deliveries, server };
}

describe('collaborators and effective permissions', () => {
  let gh: TestGithost;
  let w: OrgWorld;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const c = new ContractCheck(() => gh.url);
  const SECRET = 'hook-secret';

  beforeAll(async () => {
    gh = await startGithost();
    w = await buildOrgWorld(gh);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await gh.dispose();
    receiver.server.close();
  });

  const permissionOf = async (login: string, auth: Auth = w.owner.auth) =>
    (await c.expect(200, 'GET', `/repos/acme/app/collaborators/${login}/permission`, { auth }))
      .body;

  it('reports every role’s effective level on a private organization repository', async () => {
    const expected: [string, string][] = [
      ['alice', 'owner'], // organization owner
      ['demo', 'owner'], // site administrator
      ['erin', 'admin'],
      ['dave', 'write'],
      ['carol', 'read'],
      ['frank', 'write'], // team devs (write)
      ['grace', 'read'], // team viewers (read, every repository)
      ['bob', 'none'],
    ];
    for (const [login, mode] of expected) {
      const body = await permissionOf(login);
      expect({ login, permission: body.permission, role: body.role_name }).toEqual({
        login,
        permission: mode,
        role: mode,
      });
      expect(body.user.login).toBe(login);
    }
    // On the public repository everyone signed in reads.
    const bob = await c.expect(200, 'GET', '/repos/acme/site/collaborators/bob/permission', {
      auth: w.outsider.auth,
    });
    expect(bob.body.permission).toBe('read');
  });

  it('lets users ask about themselves, admins about anyone', async () => {
    expect((await permissionOf('carol', w.reader.auth)).permission).toBe('read');
    expect((await permissionOf('dave', w.admin.auth)).permission).toBe('write');
    expect((await permissionOf('dave', w.siteAdmin.auth)).permission).toBe('write');
    await c.expect(403, 'GET', '/repos/acme/app/collaborators/dave/permission', {
      auth: w.reader.auth,
    });
    await c.expect(403, 'GET', '/repos/acme/app/collaborators/dave/permission', {
      auth: w.teamWriter.auth,
    });
    // The private repository does not exist for bob; the unknown user does not for alice.
    await c.expect(404, 'GET', '/repos/acme/app/collaborators/bob/permission', {
      auth: w.outsider.auth,
    });
    await c.expect(404, 'GET', '/repos/acme/app/collaborators/nobody/permission', {
      auth: w.owner.auth,
    });
    expect((await api(gh.url, 'GET', '/repos/acme/app/collaborators/bob/permission')).status).toBe(
      401,
    );
  });

  it('lists and checks collaborators for readers of the repository', async () => {
    const listed = await c.expect(200, 'GET', '/repos/acme/app/collaborators', {
      auth: w.reader.auth,
    });
    expect(listed.body.map((u: { login: string }) => u.login)).toEqual(['carol', 'dave', 'erin']);
    expect(listed.headers.get('x-total-count')).toBe('3');
    await c.expect(200, 'GET', '/repos/acme/app/collaborators?page=2&limit=2', {
      auth: w.teamReader.auth,
    });
    await c.expect(404, 'GET', '/repos/acme/app/collaborators', { auth: w.outsider.auth });
    expect((await api(gh.url, 'GET', '/repos/acme/app/collaborators')).status).toBe(401);
    await c.expect(200, 'GET', '/repos/acme/site/collaborators', { auth: w.outsider.auth });

    await c.expect(204, 'GET', '/repos/acme/app/collaborators/dave', { auth: w.reader.auth });
    await c.expect(404, 'GET', '/repos/acme/app/collaborators/frank', { auth: w.reader.auth });
    await c.expect(422, 'GET', '/repos/acme/app/collaborators/nobody', { auth: w.reader.auth });
    await c.expect(404, 'GET', '/repos/acme/app/collaborators/dave', { auth: w.outsider.auth });
  });

  it('lets repository admins add, change and remove collaborators', async () => {
    const add = (auth: Auth, permission = 'read') =>
      api(gh.url, 'PUT', '/repos/acme/app/collaborators/bob', { auth, body: { permission } });
    for (const who of [w.reader, w.writer, w.teamWriter, w.teamReader]) {
      expect((await add(who.auth)).status).toBe(403);
    }
    await c.expect(404, 'PUT', '/repos/acme/app/collaborators/bob', {
      auth: w.outsider.auth,
      body: { permission: 'admin' },
    });
    expect((await add(undefined)).status).toBe(401);
    await c.expect(422, 'PUT', '/repos/acme/app/collaborators/bob', {
      auth: w.owner.auth,
      body: { permission: 'owner' },
    });
    await c.expect(422, 'PUT', '/repos/acme/app/collaborators/nobody', {
      auth: w.owner.auth,
      body: { permission: 'read' },
    });
    await c.expect(422, 'PUT', '/repos/acme/app/collaborators/acme', {
      auth: w.owner.auth,
      body: { permission: 'read' },
    });

    await c.expect(204, 'PUT', '/repos/acme/app/collaborators/bob', {
      auth: w.admin.auth,
      body: { permission: 'read' },
    });
    expect((await permissionOf('bob')).permission).toBe('read');
    const repo = await api(gh.url, 'GET', '/repos/acme/app', { auth: w.outsider.auth });
    expect(repo.body.permissions).toEqual({ admin: false, push: false, pull: true });
    await c.expect(204, 'PUT', '/repos/acme/app/collaborators/bob', {
      auth: w.siteAdmin.auth,
      body: { permission: 'admin' },
    });
    expect((await permissionOf('bob')).permission).toBe('admin');
    // Without a permission an existing collaboration stays as it is (a new one is write).
    await c.expect(204, 'PUT', '/repos/acme/app/collaborators/bob', { auth: w.owner.auth });
    expect((await permissionOf('bob')).permission).toBe('admin');

    for (const who of [w.reader, w.writer]) {
      expect(
        (await api(gh.url, 'DELETE', '/repos/acme/app/collaborators/bob', { auth: who.auth }))
          .status,
      ).toBe(403);
    }
    await c.expect(422, 'DELETE', '/repos/acme/app/collaborators/nobody', { auth: w.owner.auth });
    await c.expect(204, 'DELETE', '/repos/acme/app/collaborators/bob', { auth: w.admin.auth });
    await c.expect(204, 'DELETE', '/repos/acme/app/collaborators/bob', { auth: w.admin.auth });
    // Removing a collaborator cuts the access at once.
    expect((await api(gh.url, 'GET', '/repos/acme/app', { auth: w.outsider.auth })).status).toBe(
      404,
    );
    await c.expect(404, 'DELETE', '/repos/acme/app/collaborators/carol', { auth: w.outsider.auth });
  });

  it('applies the levels to githost’s own repository routes', async () => {
    const get = (auth: Auth) => api(gh.url, 'GET', '/repos/acme/app', { auth });
    expect((await get(undefined)).status).toBe(404);
    expect((await get(w.outsider.auth)).status).toBe(404);
    for (const [who, permissions] of [
      [w.reader, { admin: false, push: false, pull: true }],
      [w.writer, { admin: false, push: true, pull: true }],
      [w.admin, { admin: true, push: true, pull: true }],
      [w.teamWriter, { admin: false, push: true, pull: true }],
      [w.teamReader, { admin: false, push: false, pull: true }],
      [w.owner, { admin: true, push: true, pull: true }],
    ] as const) {
      expect({ who: who.login, permissions: (await get(who.auth)).body.permissions }).toEqual({
        who: who.login,
        permissions,
      });
    }
    expect((await get(w.siteAdmin.auth)).body.permissions.admin).toBe(true);
    // GET /user/repos lists what is shared with the caller too, as Gitea does.
    const mine = async (auth: Auth) =>
      (await api(gh.url, 'GET', '/user/repos', { auth })).body.map(
        (r: { full_name: string }) => r.full_name,
      );
    expect(await mine(w.reader.auth)).toEqual(['acme/app']);
    expect(await mine(w.teamWriter.auth)).toEqual(['acme/app']);
    expect(await mine(w.teamReader.auth)).toEqual(['acme/app', 'acme/site']);
    expect(await mine(w.owner.auth)).toEqual(['acme/app', 'acme/site']);
    expect(await mine(w.outsider.auth)).toEqual([]);
    const branch = await api(gh.url, 'GET', '/repos/acme/app/branches/main', {
      auth: w.writer.auth,
    });
    expect(branch.body.user_can_push).toBe(true);
    // Hooks: Gitea's reqAdmin.
    const hooks = (auth: Auth) => api(gh.url, 'GET', '/repos/acme/app/hooks', { auth });
    expect((await hooks(w.admin.auth)).status).toBe(200);
    expect((await hooks(w.writer.auth)).status).toBe(403);
    // Deletion: Gitea's reqOwner, which an admin collaborator is not.
    const del = await api(gh.url, 'DELETE', '/repos/acme/app', { auth: w.admin.auth });
    expect(del.status).toBe(403);
    expect(del.body.message).toBe('user should be the owner of the repo');
    expect((await api(gh.url, 'DELETE', '/repos/acme/app', { auth: w.writer.auth })).status).toBe(
      403,
    );
  });

  it('works the same on a repository owned by a user', async () => {
    await api(gh.url, 'POST', '/user/repos', {
      auth: w.outsider.auth,
      body: { name: 'diary', private: true },
    });
    expect((await api(gh.url, 'GET', '/repos/bob/diary', { auth: w.reader.auth })).status).toBe(
      404,
    );
    await c.expect(204, 'PUT', '/repos/bob/diary/collaborators/carol', {
      auth: w.outsider.auth,
      body: { permission: 'read' },
    });
    const seen = await api(gh.url, 'GET', '/repos/bob/diary', { auth: w.reader.auth });
    expect(seen.body.permissions).toEqual({ admin: false, push: false, pull: true });
    expect((await api(gh.url, 'GET', '/repos/bob/diary', { auth: w.writer.auth })).status).toBe(
      404,
    );
    // The owner of the organization has no say over bob's repository; a site admin has.
    expect(
      (await api(gh.url, 'GET', '/repos/bob/diary/collaborators', { auth: w.owner.auth })).status,
    ).toBe(404);
    const bob = await c.expect(200, 'GET', '/repos/bob/diary/collaborators/bob/permission', {
      auth: w.siteAdmin.auth,
    });
    expect(bob.body.permission).toBe('owner');
    await c.expect(422, 'PUT', '/repos/bob/diary/collaborators/bob', {
      auth: w.outsider.auth,
      body: { permission: 'read' },
    });
    await c.expect(204, 'DELETE', '/repos/bob/diary/collaborators/carol', {
      auth: w.siteAdmin.auth,
    });
    expect((await api(gh.url, 'GET', '/repos/bob/diary', { auth: w.reader.auth })).status).toBe(
      404,
    );
  });

  it('sends a signed `repository` webhook when access to a repository changes', async () => {
    const hook = await api(gh.url, 'POST', '/repos/acme/app/hooks', {
      auth: w.admin.auth,
      body: {
        type: 'gitea',
        config: { url: `${receiver.url}/hook`, content_type: 'json', secret: SECRET },
        events: ['repository'],
        active: true,
      },
    });
    expect(hook.status).toBe(201);
    const seen = () => receiver.deliveries.map((d) => JSON.parse(d.body) as Record<string, any>);
    const waitFor = (action: string, login?: string) =>
      eventually(
        () => seen().find((p) => p.action === action && (!login || p.member?.login === login)),
        `a ${action} webhook`,
      );

    await api(gh.url, 'PUT', '/repos/acme/app/collaborators/bob', {
      auth: w.owner.auth,
      body: { permission: 'write' },
    });
    const added = await waitFor('collaborator_added', 'bob');
    expect(added).toMatchObject({
      repository: { full_name: 'acme/app', private: true, owner: { login: 'acme' } },
      organization: { name: 'acme' },
      sender: { login: 'alice' },
      member: { login: 'bob' },
    });
    const delivery = receiver.deliveries.find(
      (d) => JSON.parse(d.body).action === 'collaborator_added',
    )!;
    expect(delivery.headers['x-gitea-event']).toBe('repository');
    expect(delivery.headers['x-gitea-signature']).toBe(
      createHmac('sha256', SECRET).update(delivery.body).digest('hex'),
    );
    await api(gh.url, 'PUT', '/repos/acme/app/collaborators/bob', {
      auth: w.owner.auth,
      body: { permission: 'read' },
    });
    await waitFor('collaborator_updated', 'bob');
    await api(gh.url, 'DELETE', '/repos/acme/app/collaborators/bob', { auth: w.owner.auth });
    await waitFor('collaborator_removed', 'bob');
    await api(gh.url, 'PUT', `/teams/${w.viewers}/members/bob`, { auth: w.owner.auth });
    const joined = await waitFor('team_member_added', 'bob');
    expect(joined.team).toEqual({ id: w.viewers, name: 'viewers', permission: 'read' });
    await api(gh.url, 'DELETE', `/teams/${w.viewers}/members/bob`, { auth: w.owner.auth });
    await waitFor('team_member_removed', 'bob');
    await api(gh.url, 'DELETE', `/teams/${w.devs}/repos/acme/app`, { auth: w.owner.auth });
    await waitFor('team_repository_removed');
    await api(gh.url, 'PUT', `/teams/${w.devs}/repos/acme/app`, { auth: w.owner.auth });
    await waitFor('team_repository_added');
    // Nothing changed, nothing sent: the no-ops below queue nothing before the real change.
    const before = receiver.deliveries.length;
    await api(gh.url, 'DELETE', '/repos/acme/app/collaborators/bob', { auth: w.owner.auth });
    await api(gh.url, 'PUT', `/teams/${w.devs}/repos/acme/app`, { auth: w.owner.auth });
    await api(gh.url, 'PUT', '/repos/acme/app/collaborators/carol', {
      auth: w.owner.auth,
      body: { permission: 'write' },
    });
    await waitFor('collaborator_updated', 'carol');
    expect(receiver.deliveries.length).toBe(before + 1);
  });

  it('keeps teams and collaborations across a restart', async () => {
    await gh.close();
    gh = await startGithost({ dataDir: gh.dataDir });
    expect((await permissionOf('erin')).permission).toBe('admin');
    expect((await permissionOf('frank')).permission).toBe('write');
    expect((await permissionOf('grace')).permission).toBe('read');
    expect((await permissionOf('carol')).permission).toBe('write');
    const teams = await api(gh.url, 'GET', '/orgs/acme/teams', { auth: w.owner.auth });
    expect(teams.body.map((t: { name: string }) => t.name)).toEqual(['devs', 'Owners', 'viewers']);
  });

  it('exercised every collaborator operation', () => {
    expect(c.missing(isCollaboratorRoute)).toEqual([]);
  });
});
