import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADMIN_TOKEN, DEMO_PASSWORD, api, createUser, startGithost, tempDir } from './helpers';

const demoAuth = { basic: ['demo', DEMO_PASSWORD] as [string, string] };

describe('site administrators (is_admin)', () => {
  it('seeds demo as a site administrator; is_admin is told only to the user and to admins', async () => {
    const gh = await startGithost();
    try {
      const alice = await createUser(gh.url, 'alice');
      const demoSelf = await api(gh.url, 'GET', '/user', { auth: demoAuth });
      expect(demoSelf.responseErrors).toEqual([]);
      expect(demoSelf.body.is_admin).toBe(true);
      const aliceSelf = await api(gh.url, 'GET', '/user', { auth: { token: alice.token } });
      expect(aliceSelf.body.is_admin).toBe(false);
      // Gitea's convert.ToUser: others (and anonymous callers) read false.
      const seenByAlice = await api(gh.url, 'GET', '/users/demo', { auth: { token: alice.token } });
      expect(seenByAlice.body.is_admin).toBe(false);
      expect((await api(gh.url, 'GET', '/users/demo')).body.is_admin).toBe(false);
      const seenByAdmin = await api(gh.url, 'GET', '/users/demo', { auth: { token: ADMIN_TOKEN } });
      expect(seenByAdmin.responseErrors).toEqual([]);
      expect(seenByAdmin.body.is_admin).toBe(true);
      const demoSeesAlice = await api(gh.url, 'GET', '/users/alice', { auth: demoAuth });
      expect(demoSeesAlice.body.is_admin).toBe(false);
      // Repository owners embedded in other answers never say it.
      const repo = await api(gh.url, 'GET', '/repos/demo/hello', { auth: demoAuth });
      expect(repo.body.owner.is_admin).toBe(false);
    } finally {
      await gh.dispose();
    }
  });

  it('makes the demo user of an older store an administrator, and keeps an explicit false', async () => {
    const dataDir = await tempDir('githost-admin-upgrade-');
    const storeFile = join(dataDir, 'githost', 'store.json');
    const rewriteDemo = async (change: (demo: Record<string, unknown>) => void) => {
      const data = JSON.parse(await readFile(storeFile, 'utf8')) as {
        users: Record<string, unknown>[];
      };
      change(data.users.find((u) => u.login === 'demo')!);
      await writeFile(storeFile, JSON.stringify(data));
    };
    const isAdmin = async () => {
      const gh = await startGithost({ dataDir });
      try {
        return (await api(gh.url, 'GET', '/user', { auth: demoAuth })).body.is_admin as boolean;
      } finally {
        await gh.close();
      }
    };
    try {
      await (await startGithost({ dataDir })).close();
      await rewriteDemo((demo) => delete demo.isAdmin);
      expect(await isAdmin()).toBe(true);
      await rewriteDemo((demo) => (demo.isAdmin = false));
      expect(await isAdmin()).toBe(false);
    } finally {
      await (await startGithost({ dataDir })).dispose();
    }
  });
});
