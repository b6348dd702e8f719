import { findOperation, validateResponse } from '@gitforge/gitea-contract';
import { apiRoutes } from '../src/api/createApiRoutes';
import {
  ADMIN_TOKEN,
  DEMO_PASSWORD,
  api,
  createUser,
  isAccessRoute,
  servedOperations,
  startGithost,
  type ApiResult,
  type TestGithost,
} from './helpers';
import { isPullRoute } from './pullFixture';

/** Operations a test drove with a spec-valid request and a spec-valid response. */
const covered = new Set<string>();

function expectContract(result: ApiResult, status: number): void {
  expect({ status: result.status, body: result.status === status ? 'ok' : result.body }).toEqual({
    status,
    body: 'ok',
  });
  expect(result.requestErrors).toEqual([]);
  expect(result.responseErrors).toEqual([]);
}

// Organizations, teams, collaborators and pull requests have their own test files, each
// checking its share.
function served(): { method: string; template: string }[] {
  return apiRoutes
    .filter((r) => !isAccessRoute(r.template) && !isPullRoute(r.template))
    .flatMap((r) => Object.keys(r.handlers).map((method) => ({ method, template: r.template })));
}

const sample = (template: string) =>
  template.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'id' ? '1' : `x${name}`));

describe('githost serves Gitea 1.21 operations that validate against the spec', () => {
  let gh: TestGithost;
  let base: string;
  let alice: { login: string; password: string; token: string };
  const demo = { basic: ['demo', DEMO_PASSWORD] as [string, string] };
  const check = async (
    status: number,
    ...args: Parameters<typeof api> extends [string, ...infer R] ? R : never
  ) => {
    const result = await api(base, ...args);
    expectContract(result, status);
    const op = findOperation(args[0], args[1].split('?')[0] ?? '');
    if (op) covered.add(`${args[0]} ${op.template}`);
    return result;
  };

  beforeAll(async () => {
    gh = await startGithost();
    base = gh.url;
    alice = await createUser(base, 'alice');
  });
  afterAll(async () => gh.dispose());

  it('routes only paths and methods that are operations of the spec', () => {
    for (const { method, template } of servedOperations(() => true)) {
      expect(findOperation(method, sample(template))?.template).toBe(template);
    }
  });

  it('version', async () => {
    const version = await check(200, 'GET', '/version', { auth: { token: ADMIN_TOKEN } });
    expect(version.body.version).toMatch(/^1\.21\./);
  });

  it('users: current user, a user, tokens', async () => {
    const me = await check(200, 'GET', '/user', { auth: demo });
    expect(me.body).toMatchObject({ login: 'demo', email: 'demo@gitforge.local' });
    for (const via of ['token', 'bearer', 'query', 'access_token', 'basic'] as const) {
      const byToken = await check(200, 'GET', '/user', { auth: { token: alice.token, via } });
      expect(byToken.body.login).toBe('alice');
    }
    const anonymous = await check(200, 'GET', '/users/alice');
    expect(anonymous.body.email).toBe('alice@noreply.localhost');
    const signedIn = await check(200, 'GET', '/users/alice', { auth: demo });
    expect(signedIn.body.email).toBe('alice@example.com');
    await check(404, 'GET', '/users/nobody-here');
    const asAdmin = await check(200, 'GET', '/users/alice', { auth: { token: ADMIN_TOKEN } });
    expect(asAdmin.body.email).toBe('alice@example.com');

    const token = await check(201, 'POST', '/users/demo/tokens', {
      auth: demo,
      body: { name: 'contract', scopes: ['read:repository', 'read:user'] },
    });
    expect(token.body).toMatchObject({
      name: 'contract',
      scopes: ['read:repository', 'read:user'],
    });
    expect(token.body.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(token.body.token_last_eight).toBe(token.body.sha1.slice(-8));
    await check(400, 'POST', '/users/demo/tokens', {
      auth: demo,
      body: { name: 'contract', scopes: ['read:repository'] },
    });
    await check(400, 'POST', '/users/demo/tokens', { auth: demo, body: { name: 'no-scope' } });
    await check(403, 'POST', '/users/alice/tokens', {
      auth: demo,
      body: { name: 'not-mine', scopes: ['all'] },
    });
  });

  it('users: list and delete tokens (Basic auth, the user themself)', async () => {
    const made = await check(201, 'POST', '/users/demo/tokens', {
      auth: demo,
      body: { name: 'session-1', scopes: ['write:user'] },
    });
    const listed = await check(200, 'GET', '/users/demo/tokens', { auth: demo });
    expect(listed.body).toContainEqual(
      expect.objectContaining({ id: made.body.id, name: 'session-1', sha1: '' }),
    );
    const viaBasic = { token: made.body.sha1 as string, via: 'basic' as const };
    // Gitea: Basic auth only (a token as the password counts), and only for oneself.
    expect(
      (
        await api(base, 'DELETE', `/users/demo/tokens/${made.body.id}`, {
          auth: { token: made.body.sha1 },
        })
      ).status,
    ).toBe(401);
    await check(403, 'DELETE', `/users/alice/tokens/${made.body.id}`, { auth: viaBasic });
    await check(204, 'DELETE', `/users/demo/tokens/${made.body.id}`, { auth: viaBasic });
    expect((await api(base, 'GET', '/user', { auth: { token: made.body.sha1 } })).status).toBe(401);
    await check(404, 'DELETE', `/users/demo/tokens/${made.body.id}`, { auth: demo });
    // By name when the path is not an id.
    await check(204, 'DELETE', '/users/demo/tokens/contract', { auth: demo });
  });

  it('admin: creates users with the admin token only', async () => {
    const created = await check(201, 'POST', '/admin/users', {
      auth: { token: ADMIN_TOKEN },
      body: { username: 'bob', email: 'bob@example.com', password: 'bob-password' },
    });
    expect(created.body).toMatchObject({ login: 'bob', email: 'bob@example.com' });
    await check(422, 'POST', '/admin/users', {
      auth: { token: ADMIN_TOKEN },
      body: { username: 'bob', email: 'bob2@example.com', password: 'bob-password' },
    });
    await check(400, 'POST', '/admin/users', {
      auth: { token: ADMIN_TOKEN },
      body: { username: 'carol', email: 'carol@example.com', password: 'short' },
    });
    await check(403, 'POST', '/admin/users', {
      auth: { token: alice.token },
      body: { username: 'mallory', email: 'm@example.com', password: 'mallory-password' },
    });
  });

  it('repositories: create, get, list, search, delete', async () => {
    const created = await check(201, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: {
        name: 'notes',
        description: 'Notes',
        private: false,
        auto_init: true,
        readme: 'Default',
      },
    });
    expect(created.body).toMatchObject({
      full_name: 'alice/notes',
      empty: false,
      private: false,
      default_branch: 'main',
      clone_url: `${base}/alice/notes.git`,
      permissions: { admin: true, push: true, pull: true },
    });
    const secret = await check(201, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: { name: 'secret', private: true, default_branch: 'trunk' },
    });
    expect(secret.body).toMatchObject({ empty: true, private: true, default_branch: 'trunk' });
    await check(422, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: { name: 'a b' },
    });

    const got = await check(200, 'GET', '/repos/alice/notes');
    expect(got.body.permissions).toEqual({ admin: false, push: false, pull: true });
    const mine = await check(200, 'GET', '/user/repos?page=1&limit=10', {
      auth: { token: alice.token },
    });
    expect(mine.body.map((r: any) => r.name)).toEqual(['notes', 'secret']);
    expect(mine.headers.get('x-total-count')).toBe('2');
    const hers = await check(200, 'GET', '/users/alice/repos');
    expect(hers.body.map((r: any) => r.name)).toEqual(['notes']);

    const search = await check(200, 'GET', '/repos/search?q=e&page=1&limit=1', {
      auth: { token: alice.token },
    });
    expect(search.body.ok).toBe(true);
    expect(search.body.data).toHaveLength(1);
    expect(search.headers.get('x-total-count')).toBe('3');
    expect(search.headers.get('link')).toContain('rel="next"');
    const anonymousSearch = await check(200, 'GET', `/repos/search?uid=${got.body.owner.id}`);
    expect(anonymousSearch.body.data.map((r: any) => r.full_name)).toEqual(['alice/notes']);
    await check(422, 'GET', '/repos/search?sort=nonsense');

    // bob is no site administrator (demo, one, may delete anything: Gitea's reqOwner).
    const bob = { basic: ['bob', 'bob-password'] as [string, string] };
    await check(403, 'DELETE', '/repos/alice/notes', { auth: bob });
    await check(404, 'DELETE', '/repos/alice/secret', { auth: bob });
    await check(204, 'DELETE', '/repos/alice/secret', { auth: { token: alice.token } });
    await check(404, 'GET', '/repos/alice/secret', { auth: { token: alice.token } });
  });

  it('branches and commits', async () => {
    const branches = await check(200, 'GET', '/repos/demo/hello/branches?page=1&limit=10');
    expect(branches.body.map((b: any) => b.name)).toEqual(['main']);
    const main = await check(200, 'GET', '/repos/demo/hello/branches/main');
    expect(main.body.commit.author.username).toBe('demo');
    await check(404, 'GET', '/repos/demo/hello/branches/nope');

    const all = await check(200, 'GET', '/repos/demo/hello/commits');
    expect(all.body).toHaveLength(4);
    expect(all.headers.get('x-total-count')).toBe('4');
    expect(all.body[0].stats.total).toBeGreaterThan(0);
    expect(all.body[0].files).toEqual([{ filename: 'README.md', status: 'modified' }]);
    expect(all.body[0].author.login).toBe('demo');
    expect(all.body[0].parents[0].sha).toBe(all.body[1].sha);

    const page = await check(
      200,
      'GET',
      '/repos/demo/hello/commits?sha=main&stat=false&verification=false&files=false&page=2&limit=3',
    );
    expect(page.body.map((c: any) => c.sha)).toEqual([all.body[3].sha]);
    expect(page.body[0]).not.toHaveProperty('stats');
    expect(page.body[0].commit).toMatchObject({ message: 'Initial commit\n', tree: {} });
    expect(page.headers.get('x-hasmore')).toBe('false');

    const byPath = await check(
      200,
      'GET',
      '/repos/demo/hello/commits?path=src/hello.js&stat=false',
    );
    expect(byPath.body.map((c: any) => c.sha)).toEqual([all.body[2].sha]);
    const since = await check(200, 'GET', `/repos/demo/hello/commits?not=${all.body[2].sha}`);
    expect(since.body).toHaveLength(2);

    const empty = await check(201, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: { name: 'empty' },
    });
    expect(empty.body.empty).toBe(true);
    await check(409, 'GET', '/repos/alice/empty/commits');
    expect((await check(200, 'GET', '/repos/alice/empty/branches')).body).toEqual([]);
  });

  it('contents, trees and raw files', async () => {
    const root = await check(200, 'GET', '/repos/demo/hello/contents?ref=main');
    expect(root.body.map((e: any) => [e.name, e.type])).toEqual([
      ['README.md', 'file'],
      ['src', 'dir'],
      ['test', 'dir'],
    ]);
    const commits = (await api(base, 'GET', '/repos/demo/hello/commits?stat=false')).body;
    expect(root.body[0].last_commit_sha).toBe(commits[0].sha);
    expect(root.body[1].last_commit_sha).toBe(commits[2].sha);

    const readme = await check(200, 'GET', '/repos/demo/hello/contents/README.md');
    expect(readme.body.encoding).toBe('base64');
    expect(Buffer.from(readme.body.content, 'base64').toString()).toMatch(/^# hello\n/);
    const old = await check(
      200,
      'GET',
      `/repos/demo/hello/contents/README.md?ref=${commits[3].sha}`,
    );
    expect(Buffer.from(old.body.content, 'base64').toString()).not.toContain('Clone it');
    // Gitea answers an array for a directory here, which its spec does not say (contracts/README):
    // the array is checked against the schema of the list operation (repoGetContentsList).
    const dir = await api(base, 'GET', '/repos/demo/hello/contents/src');
    expect(dir.status).toBe(200);
    expect(dir.requestErrors).toEqual([]);
    expect(validateResponse('GET', '/repos/demo/hello/contents', 200, dir.body).errors).toEqual([]);
    expect(dir.body.map((e: any) => e.path)).toEqual(['src/hello.js']);

    const tree = await check(200, 'GET', '/repos/demo/hello/git/trees/main?recursive=true');
    expect(tree.body.tree.map((e: any) => e.path)).toEqual([
      'README.md',
      'src',
      'src/hello.js',
      'test',
      'test/hello.test.js',
    ]);
    expect(tree.body).toMatchObject({ total_count: 5, truncated: false, page: 1 });
    const paged = await check(
      200,
      'GET',
      `/repos/demo/hello/git/trees/${commits[0].commit.tree.sha}?recursive=true&page=2&per_page=2`,
    );
    expect(paged.body.tree.map((e: any) => e.path)).toEqual(['src/hello.js', 'test']);
    expect(paged.body.truncated).toBe(true);
    await check(400, 'GET', '/repos/demo/hello/git/trees/not-a-ref');

    const raw = await check(200, 'GET', '/repos/demo/hello/raw/src/hello.js?ref=main');
    expect(raw.body).toContain('function greet');
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    await check(404, 'GET', '/repos/demo/hello/raw/src');

    // The non-API links responses carry lead somewhere.
    const download = await fetch(readme.body.download_url);
    expect(await download.text()).toMatch(/^# hello\n/);
    const avatar = await fetch((await api(base, 'GET', '/users/demo')).body.avatar_url);
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
    expect(await avatar.text()).toContain('<svg');
  });

  it('hooks: list, create, delete (owner only)', async () => {
    await check(200, 'GET', '/repos/alice/notes/hooks', { auth: { token: alice.token } });
    const hook = await check(201, 'POST', '/repos/alice/notes/hooks', {
      auth: { token: alice.token },
      body: {
        type: 'gitea',
        config: { url: 'http://127.0.0.1:9/hook', content_type: 'json', secret: 's3cret' },
        events: ['push'],
        active: true,
      },
    });
    expect(hook.body).toMatchObject({ type: 'gitea', events: ['push'], active: true });
    expect(hook.body.config).toEqual({
      url: 'http://127.0.0.1:9/hook',
      content_type: 'json',
      http_method: 'post',
    });
    const list = await check(200, 'GET', '/repos/alice/notes/hooks', {
      auth: { token: alice.token },
    });
    expect(list.body.map((h: any) => h.id)).toEqual([hook.body.id]);
    await check(404, 'GET', '/repos/alice/nothing/hooks', { auth: { token: alice.token } });
    await check(204, 'DELETE', `/repos/alice/notes/hooks/${hook.body.id}`, {
      auth: { token: alice.token },
    });
    await check(404, 'DELETE', `/repos/alice/notes/hooks/${hook.body.id}`, {
      auth: { token: alice.token },
    });
  });

  it('exercised every served operation', () => {
    expect([...covered].sort()).toEqual(
      served()
        .map((s) => `${s.method} ${s.template}`)
        .sort(),
    );
  });
});
