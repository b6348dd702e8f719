import { DEMO_PASSWORD, api, createUser, startGithost, type TestGithost } from './helpers';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe("Gitea's authentication and permission rules", () => {
  let gh: TestGithost;
  let alice: { login: string; password: string; token: string };
  let bob: { login: string; password: string; token: string };

  beforeAll(async () => {
    gh = await startGithost();
    alice = await createUser(gh.url, 'alice');
    bob = await createUser(gh.url, 'bob');
    const created = await api(gh.url, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: { name: 'private', private: true, auto_init: true },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => gh.dispose());

  /** The ref advertisement of a repository, read completely. */
  const refs = async (repo: string, service: string, authorization?: string) => {
    const res = await fetch(`${gh.url}/${repo}.git/info/refs?service=${service}`, {
      headers: authorization ? { authorization } : {},
    });
    const body = await res.text();
    return { status: res.status, headers: res.headers, text: async () => body };
  };

  describe('API', () => {
    it('lets anyone read public repositories and hides private ones as 404', async () => {
      expect((await api(gh.url, 'GET', '/repos/demo/hello')).status).toBe(200);
      expect((await api(gh.url, 'GET', '/repos/alice/private')).status).toBe(404);
      const other = await api(gh.url, 'GET', '/repos/alice/private', {
        auth: { token: bob.token },
      });
      expect(other.status).toBe(404);
      expect(other.body).toEqual({ message: expect.any(String), url: `${gh.url}/api/swagger` });
      const owner = await api(gh.url, 'GET', '/repos/alice/private', {
        auth: { token: alice.token },
      });
      expect(owner.status).toBe(200);
      const search = await api(gh.url, 'GET', '/repos/search?q=private', {
        auth: { token: bob.token },
      });
      expect(search.body.data).toEqual([]);
      expect(search.headers.get('x-total-count')).toBe('0');
    });

    it('answers 401 for bad credentials, even on public reads', async () => {
      const badToken = await api(gh.url, 'GET', '/repos/demo/hello', {
        auth: { token: '0'.repeat(40) },
      });
      expect(badToken.status).toBe(401);
      expect(badToken.body.message).toBeTruthy();
      const badPassword = await api(gh.url, 'GET', '/user', { auth: { basic: ['demo', 'wrong'] } });
      expect(badPassword.status).toBe(401);
      expect((await api(gh.url, 'GET', '/user')).status).toBe(401);
    });

    it('accepts the password or a token as Basic password; tokens only via password sign-in', async () => {
      const viaPassword = await api(gh.url, 'GET', '/user', {
        auth: { basic: ['alice', alice.password] },
      });
      expect(viaPassword.body.login).toBe('alice');
      const viaToken = await api(gh.url, 'GET', '/user', {
        auth: { basic: ['alice', alice.token] },
      });
      expect(viaToken.body.login).toBe('alice');
      const tokenForToken = await api(gh.url, 'POST', '/users/alice/tokens', {
        auth: { token: alice.token },
        body: { name: 'from-token', scopes: ['all'] },
      });
      expect(tokenForToken.status).toBe(401);
    });

    it("enforces a token's scopes like Gitea", async () => {
      const readOnly = await api(gh.url, 'POST', '/users/bob/tokens', {
        auth: { basic: ['bob', bob.password] },
        body: { name: 'read-only', scopes: ['read:repository', 'read:user'] },
      });
      const token = readOnly.body.sha1 as string;
      expect((await api(gh.url, 'GET', '/repos/demo/hello', { auth: { token } })).status).toBe(200);
      const create = await api(gh.url, 'POST', '/user/repos', {
        auth: { token },
        body: { name: 'nope' },
      });
      expect(create.status).toBe(403);
      expect(create.body.message).toMatch(/write:/);
      const noUserScope = await api(gh.url, 'POST', '/users/bob/tokens', {
        auth: { basic: ['bob', bob.password] },
        body: { name: 'repo-only', scopes: ['read:repository'] },
      });
      const me = await api(gh.url, 'GET', '/user', { auth: { token: noUserScope.body.sha1 } });
      expect(me.status).toBe(403);
      const git = await refs('demo/hello', 'git-receive-pack', basic('bob', token));
      expect(git.status).toBe(403);
    });
  });

  describe('git over HTTP', () => {
    it('serves public repositories anonymously', async () => {
      const res = await refs('demo/hello', 'git-upload-pack');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
      expect(res.headers.get('cache-control')).toMatch(/no-cache/);
      expect(await res.text()).toContain('refs/heads/main');
    });

    it('asks for credentials (401 + WWW-Authenticate) for private reads, pushes and unknown repos', async () => {
      for (const [repo, service] of [
        ['alice/private', 'git-upload-pack'],
        ['demo/hello', 'git-receive-pack'],
        ['demo/does-not-exist', 'git-upload-pack'],
      ] as const) {
        const res = await refs(repo, service);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Basic realm="."');
      }
      const wrong = await refs('alice/private', 'git-upload-pack', basic('alice', 'wrong'));
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="."');
    });

    it('answers 404 to a signed-in user without access', async () => {
      expect(
        (await refs('alice/private', 'git-upload-pack', basic('bob', bob.password))).status,
      ).toBe(404);
      expect((await refs('demo/hello', 'git-receive-pack', basic('bob', bob.token))).status).toBe(
        404,
      );
      expect(
        (await refs('demo/nothing', 'git-upload-pack', basic('bob', bob.password))).status,
      ).toBe(404);
    });

    it('lets the owner in with the password or a token', async () => {
      for (const secret of [alice.password, alice.token]) {
        const read = await refs('alice/private', 'git-upload-pack', basic('alice', secret));
        expect(read.status).toBe(200);
        const push = await refs('alice/private', 'git-receive-pack', basic('alice', secret));
        expect(push.status).toBe(200);
        expect(push.headers.get('content-type')).toBe(
          'application/x-git-receive-pack-advertisement',
        );
      }
      const demo = await refs('demo/hello', 'git-receive-pack', basic('demo', DEMO_PASSWORD));
      expect(demo.status).toBe(200);
    });

    it('allows only the smart services with their exact content types', async () => {
      expect((await refs('demo/hello', 'git-upload-archive')).status).toBe(403);
      const noService = await fetch(`${gh.url}/demo/hello.git/info/refs`);
      expect(noService.status).toBe(403);
      await noService.text();
      const wrongType = await fetch(`${gh.url}/demo/hello.git/git-upload-pack`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: '0000',
      });
      expect(wrongType.status).toBe(415);
      await wrongType.text();
      const dumb = await fetch(`${gh.url}/demo/hello.git/HEAD`);
      expect(dumb.status).toBe(404);
      await dumb.text();
    });
  });
});
