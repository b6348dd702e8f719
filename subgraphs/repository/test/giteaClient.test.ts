import type { ServerResponse } from 'node:http';
import { ContractProxy } from './contractProxy';
import { FakeGitea } from './fake/FakeGitea';
import { ScriptedServer, giteaClientFor } from './helpers';
import type { GiteaClient, GiteaTransport } from '../src/gitea';

describe('Gitea client against the spec-validated fake, checked on the wire', () => {
  let fake: FakeGitea;
  let proxy: ContractProxy;
  let client: GiteaClient;
  let transport: GiteaTransport;
  let aliceToken: string;

  beforeAll(async () => {
    fake = new FakeGitea();
    await fake.start();
    fake.addUser('alice', 'alice-password', { fullName: 'Alice A.' });
    fake.addUser('bob', 'bob-password');
    aliceToken = fake.issueToken('alice');
    fake.addRepo('alice', 'tools', { description: 'Tools' });
    fake.addRepo('alice', 'secret', { private: true });
    for (let i = 0; i < 7; i += 1) {
      fake.commit('alice/tools', { 'README.md': `v${i}\n`, [`docs/${i}.md`]: `doc ${i}` });
    }
    proxy = await new ContractProxy(fake.url).start();
    ({ client, transport } = giteaClientFor(proxy.url));
  });

  afterAll(async () => {
    await transport.close();
    await proxy.close();
    await fake.stop();
  });

  it('reads users, with and without a token', async () => {
    await expect(client.user('alice')).resolves.toMatchObject({
      login: 'alice',
      full_name: 'Alice A.',
    });
    await expect(
      client.as({ kind: 'token', token: aliceToken }).currentUser(),
    ).resolves.toMatchObject({ login: 'alice' });
    await expect(client.currentUser()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(client.user('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.version()).resolves.toBe('1.21.1');
  });

  it('searches, lists and gets repositories as the caller sees them', async () => {
    const anonymous = await client.searchRepositories({ page: 1, limit: 10, q: '' });
    expect(anonymous.items.map((r) => r.full_name)).toEqual(['alice/tools']);
    expect(anonymous.total).toBe(1);
    const alice = client.as({ kind: 'token', token: aliceToken });
    const mine = await alice.searchRepositories({ page: 1, limit: 10, uid: 1, exclusive: true });
    expect(mine.items.map((r) => r.name).sort()).toEqual(['secret', 'tools']);
    const publicOnly = await alice.searchRepositories({
      page: 1,
      limit: 10,
      includePrivate: false,
    });
    expect(publicOnly.items.map((r) => r.name)).toEqual(['tools']);
    expect((await client.userRepositories('alice', { page: 1, limit: 5 })).total).toBe(1);
    expect((await alice.currentUserRepositories({ page: 1, limit: 5 })).total).toBe(2);
    await expect(client.repository('alice', 'secret')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(alice.repository('alice', 'secret')).resolves.toMatchObject({ private: true });
  });

  it('pages like Gitea: limit capped at 50, total from X-Total-Count', async () => {
    const page = await client.commits('alice', 'tools', { page: 2, limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.total).toBe(7);
    await client.commits('alice', 'tools', { page: 1, limit: 500 });
    expect(proxy.exchanges.at(-1)!.path).toContain('limit=50');
    const onePath = await client.commits('alice', 'tools', {
      page: 1,
      limit: 50,
      path: 'docs/3.md',
    });
    expect(onePath.items).toHaveLength(1);
  });

  it('reads branches, contents, trees and raw files at a ref', async () => {
    const branches = await client.branches('alice', 'tools', { page: 1, limit: 10 });
    expect(branches.items.map((b) => b.name)).toEqual(['main']);
    const head = (await client.commits('alice', 'tools', { page: 1, limit: 1 })).items[0]!;
    const root = await client.rootContents('alice', 'tools', head.sha);
    expect(root.map((e) => `${e.type}:${e.name}`)).toEqual(['file:README.md', 'dir:docs']);
    const readme = await client.fileContents('alice', 'tools', 'README.md', undefined);
    expect(Buffer.from(readme.content!, 'base64').toString()).toBe('v6\n');
    const tree = await client.tree('alice', 'tools', head.commit.tree!.sha, {
      page: 1,
      perPage: 2,
    });
    expect(tree).toMatchObject({ truncated: false, total_count: 2 });
    const text = await client.rawFile(
      'alice',
      'tools',
      'README.md',
      head.sha,
      async (body, length) => {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk);
        return { text: Buffer.concat(chunks).toString(), length };
      },
    );
    expect(text).toEqual({ text: 'v6\n', length: 3 });
  });

  it('creates and deletes repositories, tokens and webhooks', async () => {
    const token = await client.createAccessToken('bob', 'bob-password', {
      name: 'gitforge-test',
      scopes: ['read:repository', 'write:repository', 'read:user'],
    });
    expect(token.sha1).toMatch(/^[0-9a-f]{40}$/);
    await expect(
      client.createAccessToken('bob', 'wrong', { name: 'x', scopes: [] }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const bob = client.as({ kind: 'token', token: token.sha1 });
    const created = await bob.createRepository({ name: 'new', description: 'd', private: true });
    expect(created).toMatchObject({ full_name: 'bob/new', private: true, empty: true });
    await expect(
      bob.createRepository({ name: 'new', description: '', private: false }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(bob.commits('bob', 'new', { page: 1, limit: 5 })).resolves.toEqual({
      items: [],
      total: 0,
    });
    const hook = await bob.createHook('bob', 'new', {
      url: 'http://127.0.0.1:1/webhooks/gitea',
      secret: 's',
      events: ['push'],
    });
    expect((await bob.hooks('bob', 'new', { page: 1, limit: 10 })).items.map((h) => h.id)).toEqual([
      hook.id,
    ]);
    await bob.deleteHook('bob', 'new', hook.id);
    await expect(client.deleteRepository('bob', 'new')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await bob.deleteRepository('bob', 'new');
    await expect(bob.repository('bob', 'new')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('made only spec operations with valid parameters and accepted only valid responses', () => {
    expect(proxy.errors).toEqual([]);
    expect(fake.contractErrors).toEqual([]);
    expect(proxy.operations()).toEqual(
      [
        'GetTree',
        'createCurrentUserRepo',
        'getVersion',
        'repoCreateHook',
        'repoDelete',
        'repoDeleteHook',
        'repoGet',
        'repoGetAllCommits',
        'repoGetContents',
        'repoGetContentsList',
        'repoGetRawFile',
        'repoListBranches',
        'repoListHooks',
        'repoSearch',
        'userCreateToken',
        'userCurrentListRepos',
        'userGet',
        'userGetCurrent',
        'userListRepos',
      ].sort(),
    );
  });
});

describe('Gitea client failure mapping', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await new ScriptedServer().start();
  });
  afterAll(() => server.close());

  const json = (status: number, body: unknown) => (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  it.each([
    [404, {}, 'NOT_FOUND'],
    [401, { message: 'token is required' }, 'UNAUTHENTICATED'],
    [403, { message: 'forbidden' }, 'FORBIDDEN'],
    [409, { message: 'exists' }, 'CONFLICT'],
    [422, { message: 'repository already exists [uname: a, name: b]' }, 'CONFLICT'],
    [422, { message: 'Name is invalid' }, 'BAD_USER_INPUT'],
    [500, { message: 'boom' }, 'UPSTREAM_UNAVAILABLE'],
    [503, {}, 'UPSTREAM_UNAVAILABLE'],
    [504, {}, 'UPSTREAM_UNAVAILABLE'],
    [413, { message: 'too large' }, 'PAYLOAD_TOO_LARGE'],
    [429, {}, 'RATE_LIMITED'],
  ])('HTTP %i → %s, naming gitea', async (status, body, code) => {
    server.answer = json(status, body);
    const { client, transport } = giteaClientFor(server.url);
    await expect(client.repository('a', 'b')).rejects.toMatchObject({
      code,
      extensions: { upstream: 'gitea', reason: `HTTP ${status}` },
    });
    await transport.close();
  });

  it('a response that is not JSON, or not shaped like the spec → UPSTREAM_UNAVAILABLE', async () => {
    const { client, transport } = giteaClientFor(server.url);
    server.answer = (_req, res) => res.writeHead(200).end('<html>proxy error</html>');
    await expect(client.repository('a', 'b')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    server.answer = json(200, { id: 'not-a-number', name: 'b' });
    await expect(client.repository('a', 'b')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await transport.close();
  });

  it('no answer within the deadline → UPSTREAM_UNAVAILABLE (504), reason timeout', async () => {
    server.answer = () => undefined; // never answers
    const { client, transport } = giteaClientFor(server.url, { timeoutMs: 150 });
    await expect(client.repository('a', 'b')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus: 504,
      kind: 'timeout',
      isUpstreamFault: true,
      extensions: { upstream: 'gitea', reason: 'timeout' },
    });
    await transport.close();
  });

  it('a body that stops mid-way hits the same deadline', async () => {
    server.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100' });
      res.write('partial');
    };
    const { client, transport } = giteaClientFor(server.url, { timeoutMs: 150 });
    await expect(
      client.rawFile('a', 'b', 'f', undefined, async (body) => {
        for await (const _chunk of body) {
          // drain
        }
        return 'done';
      }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', kind: 'timeout' });
    await transport.close();
  });

  it('connection refused → UPSTREAM_UNAVAILABLE', async () => {
    const { client, transport } = giteaClientFor('http://127.0.0.1:1');
    await expect(client.repository('a', 'b')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      kind: 'unavailable',
    });
    await transport.close();
  });

  it('authenticates as told: a token, Basic for token creation, nothing when anonymous', async () => {
    server.requests.length = 0;
    server.answer = json(200, { id: 1, login: 'x' });
    const { client, transport } = giteaClientFor(`${server.url}/gitea/`);
    await client.user('x');
    await client.as({ kind: 'token', token: 'abc' }).user('x');
    server.answer = json(201, { id: 1, name: 'n', sha1: 'tok' });
    await client.createAccessToken('x', 'p:w', { name: 'n', scopes: [] });
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/gitea/api/v1/users/x', undefined],
      ['/gitea/api/v1/users/x', 'token abc'],
      ['/gitea/api/v1/users/x/tokens', `Basic ${Buffer.from('x:p:w').toString('base64')}`],
    ]);
    await transport.close();
  });

  it('encodes path segments so names cannot address other operations', async () => {
    server.requests.length = 0;
    server.answer = json(404, {});
    const { client, transport } = giteaClientFor(server.url);
    await expect(client.user('../admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.fileContents('o', 'r', 'a b/c#d.md', 'x?y')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/users/..%2Fadmin',
      '/api/v1/repos/o/r/contents/a%20b/c%23d.md?ref=x%3Fy',
    ]);
    await transport.close();
  });
});
