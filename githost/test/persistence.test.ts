import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, createUser, startGithost, tempDir } from './helpers';

describe('state on disk', () => {
  it('survives a restart; passwords and tokens are stored only as hashes', async () => {
    const dataDir = await tempDir('githost-persist-');
    const first = await startGithost({ dataDir });
    expect(first.demoPassword).toBe('demo-password-for-tests');
    const alice = await createUser(first.url, 'alice', 'alice-secret-pw');
    await api(first.url, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: { name: 'kept', private: true, auto_init: true },
    });
    await first.close();

    const file = await readFile(join(dataDir, 'githost', 'store.json'), 'utf8');
    expect(file).not.toContain(alice.token);
    expect(file).not.toContain('alice-secret-pw');
    expect(file).toContain('scrypt$');
    // No temp files are left behind by the atomic writes.
    expect((await readdir(join(dataDir, 'githost'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await startGithost({ dataDir, demoPassword: 'a-different-password' });
    try {
      expect(second.demoPassword).toBeUndefined();
      const me = await api(second.url, 'GET', '/user', { auth: { token: alice.token } });
      expect(me.body.login).toBe('alice');
      const kept = await api(second.url, 'GET', '/repos/alice/kept', {
        auth: { basic: ['alice', 'alice-secret-pw'] },
      });
      expect(kept.body).toMatchObject({ private: true, empty: false });
      const demo = await api(second.url, 'GET', '/user', {
        auth: { basic: ['demo', 'demo-password-for-tests'] },
      });
      expect(demo.status).toBe(200);
      const commits = await api(second.url, 'GET', '/repos/demo/hello/commits?stat=false');
      expect(commits.body).toHaveLength(4);
    } finally {
      await second.dispose();
    }
  });

  it('opens a store written before organizations existed', async () => {
    const dataDir = await tempDir('githost-pre-orgs-');
    const storeFile = join(dataDir, 'githost', 'store.json');
    const first = await startGithost({ dataDir });
    const alice = await createUser(first.url, 'alice', 'alice-secret-pw', [
      'write:repository',
      'write:user',
      'write:organization',
    ]);
    await first.close();
    const data = JSON.parse(await readFile(storeFile, 'utf8')) as Record<string, any>;
    delete data.teams;
    delete data.collaborators;
    delete data.nextId.team;
    await writeFile(storeFile, JSON.stringify(data));
    const second = await startGithost({ dataDir });
    try {
      const org = await api(second.url, 'POST', '/orgs', {
        auth: { token: alice.token },
        body: { username: 'acme' },
      });
      expect(org.status).toBe(201);
      const teams = await api(second.url, 'GET', '/orgs/acme/teams', {
        auth: { token: alice.token },
      });
      expect(teams.body).toEqual([expect.objectContaining({ id: 1, name: 'Owners' })]);
    } finally {
      await second.dispose();
    }
  });

  it('generates the demo password and the admin token when not given, kept private on disk', async () => {
    const dataDir = await tempDir('githost-generated-');
    const gh = await startGithost({ dataDir, demoPassword: undefined, adminToken: undefined });
    try {
      expect(gh.demoPassword).toMatch(/^[\w-]{16}$/);
      const passwordFile = join(dataDir, 'githost', 'demo-password');
      expect((await readFile(passwordFile, 'utf8')).trim()).toBe(gh.demoPassword);
      expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
      const tokenFile = join(dataDir, 'secrets', 'githost-admin-token');
      expect((await readFile(tokenFile, 'utf8')).trim()).toBe(gh.adminToken);
      const login = await api(gh.url, 'GET', '/user', {
        auth: { basic: ['demo', gh.demoPassword!] },
      });
      expect(login.status).toBe(200);
      const created = await api(gh.url, 'POST', '/admin/users', {
        auth: { token: gh.adminToken },
        body: { username: 'eve', email: 'eve@example.com', password: 'eve-password' },
      });
      expect(created.status).toBe(201);
    } finally {
      await gh.dispose();
    }
  });

  it('serves health and metrics', async () => {
    const gh = await startGithost({ seedDemo: false });
    try {
      for (const probe of ['/health/live', '/health/ready']) {
        const res = await fetch(`${gh.url}${probe}`);
        expect(res.status).toBe(200);
        await res.text();
      }
      await (await fetch(`${gh.url}/api/v1/repos/search`)).text();
      const metrics = await (await fetch(`${gh.url}/metrics`)).text();
      expect(metrics).toContain('http_requests_total');
      expect(metrics).toContain('route="/api/v1/repos/search"');
      const none = await api(gh.url, 'GET', '/repos/search');
      expect(none.body).toEqual({ ok: true, data: [] });
    } finally {
      await gh.dispose();
    }
  });
});
