import { decodeJwt } from 'jose';
import { verifySessionToken } from '@gitforge/auth';
import { ContractProxy } from './contractProxy';
import { FakeGitea } from './fake/FakeGitea';
import type { FakeCommit } from './fake/fakeGitModel';
import {
  JWT_SECRET,
  PUBLIC_GIT_URL,
  codeOf,
  startRepository,
  type TestRepository,
} from './startRepository';

const SUBMODULE_SHA = 'c0ffee0000000000000000000000000000000001';
const BINARY = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
]);
// 1023 ASCII bytes, then "é" (2 bytes) straddling the 1024-byte text limit.
const BIG = `${'a'.repeat(1023)}é${'b'.repeat(2000)}`;

let fake: FakeGitea;
let proxy: ContractProxy;
let repo: TestRepository;
let alice: string;
let bob: string;
let first: FakeCommit;
let head: FakeCommit;

beforeAll(async () => {
  fake = new FakeGitea();
  await fake.start();
  fake.addUser('alice', 'alice-pw', { fullName: 'Alice Liddell' });
  fake.addUser('bob', 'bob-pw');
  fake.addRepo('alice', 'tools', { description: 'Useful tools' });
  fake.addRepo('alice', 'secret', { private: true, description: 'Hidden' });
  fake.addRepo('alice', 'toolbox');
  fake.addRepo('bob', 'notes');
  first = fake.commit(
    'alice/tools',
    { 'README.md': '# tools v1\n' },
    { message: 'Initial commit\n' },
  );
  fake.commit(
    'alice/tools',
    {
      'src/main.ts': 'export {};\n',
      'src/lib/util.ts': 'export const x = 1;\n',
      'bin/run.sh': { data: '#!/bin/sh\necho hi\n', mode: '100755' },
      link: { data: 'README.md', mode: '120000' },
      'vendor/sub': { data: SUBMODULE_SHA, mode: '160000' },
      'image.png': BINARY,
      'big.txt': BIG,
      'docs/guide.md': 'Guide\n',
    },
    { message: 'Add sources\n\nWith a body.' },
  );
  head = fake.commit(
    'alice/tools',
    { 'README.md': '# tools v2\n' },
    { message: 'Update README\n' },
  );
  fake.commit(
    'alice/tools',
    { 'feature.txt': 'new\n' },
    { branch: 'feature', message: 'Feature\n' },
  );
  fake.commit('alice/secret', { 'plan.md': 'secret plan\n' });
  proxy = await new ContractProxy(fake.url).start();
  repo = await startRepository(proxy.url);
  alice = await repo.login('alice', 'alice-pw');
  bob = await repo.login('bob', 'bob-pw');
});

afterAll(async () => {
  await repo?.close();
  await proxy?.close();
  await fake?.stop();
});

describe('login', () => {
  it('exchanges the password for a Gitea token carried encrypted in the session JWT', async () => {
    const res = await repo.gql(
      `mutation { login(username: "alice", password: "alice-pw") { token expiresAt user { login fullName } } }`,
    );
    expect(res.errors).toBeUndefined();
    const { token, expiresAt, user } = res.data.login;
    expect(user).toEqual({ login: 'alice', fullName: 'Alice Liddell' });
    const claims = decodeJwt(token);
    expect(claims.sub).toBe('alice');
    expect(JSON.stringify(claims)).not.toContain('alice-pw');
    expect(new Date(expiresAt).getTime()).toBe((claims.exp as number) * 1000);
    const viewer = await verifySessionToken(JWT_SECRET, token);
    // The decrypted token is one Gitea issued to alice, under a name unique to this login.
    const issued = fake.users.get('alice')!.tokens.get(viewer.upstreamToken!);
    expect(issued?.name).toMatch(/^gitforge-/);
    expect(issued?.scopes).toEqual(['write:repository', 'write:user', 'write:organization']);
    const names = [...fake.users.get('alice')!.tokens.values()].map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("carries Gitea's is_admin into the session (adm), and nothing for other users", async () => {
    fake.addUser('root', 'root-pw', { admin: true });
    const admin = await verifySessionToken(JWT_SECRET, await repo.login('root', 'root-pw'));
    expect(admin.isAdmin).toBe(true);
    expect(decodeJwt(alice)).not.toHaveProperty('adm');
    expect((await verifySessionToken(JWT_SECRET, alice)).isAdmin).toBeUndefined();
  });

  it('a wrong password is UNAUTHENTICATED', async () => {
    const res = await repo.gql(
      `mutation { login(username: "alice", password: "nope") { token } }`,
      undefined,
      {
        headers: { 'x-forwarded-for': '198.51.100.77' },
      },
    );
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('viewer is the signed-in user, null when anonymous; a bad token is UNAUTHENTICATED', async () => {
    const q = `{ viewer { login fullName avatarUrl } }`;
    expect((await repo.gql(q)).data).toEqual({ viewer: null });
    const res = await repo.gql(q, undefined, { token: alice });
    expect(res.data.viewer).toMatchObject({ login: 'alice', fullName: 'Alice Liddell' });
    expect(res.data.viewer.avatarUrl).toMatch(/^http/);
    expect(codeOf(await repo.gql(q, undefined, { token: `${alice}x` }))).toBe('UNAUTHENTICATED');
  });
});

describe('repositories and visibility', () => {
  const LIST = `query($o: String, $s: String, $f: Int, $a: String) {
    repositories(owner: $o, search: $s, first: $f, after: $a) {
      totalCount nodes { fullName private } pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }`;

  it('anonymous callers see public repositories only', async () => {
    const res = await repo.gql(LIST, {});
    expect(res.data.repositories.nodes.map((r: any) => r.fullName)).toEqual([
      'alice/toolbox',
      'alice/tools',
      'bob/notes',
    ]);
    expect(res.data.repositories.totalCount).toBe(3);
  });

  it("the owner sees their private repositories; others never see someone else's", async () => {
    const mine = await repo.gql(LIST, { o: 'alice' }, { token: alice });
    expect(mine.data.repositories.nodes.map((r: any) => r.fullName)).toEqual([
      'alice/secret',
      'alice/toolbox',
      'alice/tools',
    ]);
    const theirs = await repo.gql(LIST, { o: 'alice' }, { token: bob });
    expect(theirs.data.repositories.nodes.map((r: any) => r.fullName)).toEqual([
      'alice/toolbox',
      'alice/tools',
    ]);
    expect(theirs.data.repositories.totalCount).toBe(2);
  });

  it('searches by name and walks pages with cursors', async () => {
    const search = await repo.gql(LIST, { o: 'alice', s: 'tool' }, { token: alice });
    expect(search.data.repositories.totalCount).toBe(2);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i += 1) {
      const page = await repo.gql(LIST, { o: 'alice', f: 1, a: after }, { token: alice });
      const conn = page.data.repositories;
      seen.push(...conn.nodes.map((r: any) => r.fullName));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== undefined);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(['alice/secret', 'alice/toolbox', 'alice/tools']);
  });

  it('an unknown owner is NOT_FOUND', async () => {
    expect(codeOf(await repo.gql(LIST, { o: 'nobody' }))).toBe('NOT_FOUND');
  });

  const GET = `query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
    fullName name description private isEmpty defaultBranch cloneUrl updatedAt
    viewerPermission viewerCanAdminister owner { login fullName }
  } }`;

  it('repository() returns what the viewer may see, with the clone URL of the git proxy', async () => {
    const res = await repo.gql(GET, { o: 'alice', n: 'tools' }, { token: bob });
    expect(res.data.repository).toEqual({
      fullName: 'alice/tools',
      name: 'tools',
      description: 'Useful tools',
      private: false,
      isEmpty: false,
      defaultBranch: 'main',
      cloneUrl: `${PUBLIC_GIT_URL}/alice/tools.git`,
      updatedAt: expect.stringMatching(/^2026-/),
      viewerPermission: 'READ',
      viewerCanAdminister: false,
      owner: { login: 'alice', fullName: 'Alice Liddell' },
    });
    const own = await repo.gql(GET, { o: 'alice', n: 'secret' }, { token: alice });
    expect(own.data.repository).toMatchObject({
      viewerPermission: 'ADMIN',
      viewerCanAdminister: true,
    });
  });

  it.each([
    ['anonymous', undefined],
    ['another user', 'bob'],
  ])('a private repository is NOT_FOUND for %s, like a missing one', async (_who, who) => {
    const token = who === 'bob' ? bob : undefined;
    const hidden = await repo.gql(GET, { o: 'alice', n: 'secret' }, { token });
    const missing = await repo.gql(GET, { o: 'alice', n: 'does-not-exist' }, { token });
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.message).toBe('Repository alice/secret not found');
    expect(codeOf(missing)).toBe('NOT_FOUND');
  });

  it('resolves Repository and User entities for the gateway (null when not visible)', async () => {
    const res = await repo.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Repository { fullName description }
        ... on User { login name: fullName }
      } }`,
      {
        r: [
          { __typename: 'Repository', fullName: 'alice/tools' },
          { __typename: 'Repository', fullName: 'alice/secret' },
          { __typename: 'Repository', fullName: 'alice/nothing' },
          { __typename: 'User', login: 'alice' },
          { __typename: 'User', login: 'ghost-author' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { fullName: 'alice/tools', description: 'Useful tools' },
      null,
      null,
      { login: 'alice', name: 'Alice Liddell' },
      { login: 'ghost-author', name: null },
    ]);
  });
});

describe('creating and deleting repositories', () => {
  const CREATE = `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) {
    fullName private description viewerCanAdminister isEmpty
  } }`;
  const DELETE = `mutation($i: DeleteRepositoryInput!) { deleteRepository(input: $i) { fullName } }`;

  it('needs a signed-in user', async () => {
    expect(codeOf(await repo.gql(CREATE, { i: { name: 'anon' } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await repo.gql(DELETE, { i: { owner: 'alice', name: 'tools' } }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it.each([
    ['empty', ''],
    ['.', '.'],
    ['..', '..'],
    ['reserved api', 'api'],
    ['reserved assets', 'Assets'],
    ['reserved git', 'git'],
    ['ending in .git', 'x.git'],
    ['ending in .wiki', 'x.wiki'],
    ['a space', 'a b'],
    ['a slash', 'a/b'],
    ['non-ASCII', 'répo'],
    ['over 100 characters', 'r'.repeat(101)],
  ])('a name that is %s is BAD_USER_INPUT and creates nothing', async (_why, name) => {
    const before = fake.repos.size;
    const res = await repo.gql(CREATE, { i: { name } }, { token: bob });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(fake.repos.size).toBe(before);
  });

  it('creates, refuses a duplicate with CONFLICT, and keeps a private one to its owner', async () => {
    const name = 'r'.repeat(100);
    const created = await repo.gql(
      CREATE,
      { i: { name, description: 'Mine', private: true } },
      { token: bob },
    );
    expect(created.data.createRepository).toEqual({
      fullName: `bob/${name}`,
      private: true,
      description: 'Mine',
      viewerCanAdminister: true,
      isEmpty: true,
    });
    expect(codeOf(await repo.gql(CREATE, { i: { name } }, { token: bob }))).toBe('CONFLICT');
    const GET = `query($n: String!) { repository(owner: "bob", name: $n) { fullName tree { name } } }`;
    expect(codeOf(await repo.gql(GET, { n: name }, { token: alice }))).toBe('NOT_FOUND');
    const own = await repo.gql(GET, { n: name }, { token: bob });
    expect(own.data.repository).toEqual({ fullName: `bob/${name}`, tree: [] });
  });

  it('only the owner deletes; a private repository of someone else stays NOT_FOUND', async () => {
    await repo.gql(CREATE, { i: { name: 'doomed' } }, { token: alice });
    expect(
      codeOf(await repo.gql(DELETE, { i: { owner: 'alice', name: 'doomed' } }, { token: bob })),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await repo.gql(DELETE, { i: { owner: 'alice', name: 'secret' } }, { token: bob })),
    ).toBe('NOT_FOUND');
    expect(fake.repos.has('alice/doomed')).toBe(true);
    const res = await repo.gql(DELETE, { i: { owner: 'alice', name: 'doomed' } }, { token: alice });
    expect(res.data.deleteRepository).toEqual({ fullName: 'alice/doomed' });
    expect(fake.repos.has('alice/doomed')).toBe(false);
    const again = await repo.gql(
      `{ repository(owner: "alice", name: "doomed") { fullName } }`,
      undefined,
      { token: alice },
    );
    expect(codeOf(again)).toBe('NOT_FOUND');
  });
});

describe('browsing: tree, blob, commits, branches', () => {
  const TREE = `query($r: String, $p: String) { repository(owner: "alice", name: "tools") {
    tree(ref: $r, path: $p) { name path type mode size oid }
  } }`;

  it('lists the root, directories first, with git modes and types', async () => {
    const res = await repo.gql(TREE, {});
    expect(res.errors).toBeUndefined();
    const entries = res.data.repository.tree;
    expect(entries.map((e: any) => `${e.type} ${e.mode} ${e.path}`)).toEqual([
      'TREE 040000 bin',
      'TREE 040000 docs',
      'TREE 040000 src',
      'TREE 040000 vendor',
      'BLOB 100644 README.md',
      'BLOB 100644 big.txt',
      'BLOB 100644 image.png',
      'SYMLINK 120000 link',
    ]);
    expect(entries.find((e: any) => e.name === 'README.md')).toMatchObject({ size: 11 });
    expect(entries.find((e: any) => e.name === 'src')).toMatchObject({ size: null });
  });

  it('lists subdirectories with full paths, executables and submodules', async () => {
    const src = await repo.gql(TREE, { p: 'src' });
    expect(src.data.repository.tree.map((e: any) => e.path)).toEqual(['src/lib', 'src/main.ts']);
    const lib = await repo.gql(TREE, { p: 'src/lib' });
    expect(lib.data.repository.tree.map((e: any) => e.path)).toEqual(['src/lib/util.ts']);
    const bin = await repo.gql(TREE, { p: 'bin' });
    expect(bin.data.repository.tree[0]).toMatchObject({ mode: '100755', type: 'BLOB' });
    const vendor = await repo.gql(TREE, { p: 'vendor' });
    expect(vendor.data.repository.tree[0]).toMatchObject({
      type: 'SUBMODULE',
      mode: '160000',
      oid: SUBMODULE_SHA,
      size: null,
    });
  });

  it('reads the tree at another ref: a branch or an older commit', async () => {
    const feature = await repo.gql(TREE, { r: 'feature' });
    expect(feature.data.repository.tree.map((e: any) => e.name)).toContain('feature.txt');
    const old = await repo.gql(TREE, { r: first.sha });
    expect(old.data.repository.tree.map((e: any) => e.name)).toEqual(['README.md']);
  });

  it.each([
    ['..', 'path'],
    ['../etc', 'path'],
    ['src/../..', 'path'],
    ['/etc', 'path'],
    ['src//lib', 'path'],
    ['src/./lib', 'path'],
    ['src\\lib', 'path'],
    ['src/\u0000', 'path'],
    ['README.md', 'path'],
  ])('tree path %j is BAD_USER_INPUT', async (p, field) => {
    const res = await repo.gql(TREE, { p });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it.each(['main..feature', '-x', 'a b', 'refs/heads/', 'x.lock', 'a~1', 'a^', 'x:y', '@{-1}'])(
    'ref %j is BAD_USER_INPUT',
    async (r) => {
      const res = await repo.gql(TREE, { r });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ref' });
    },
  );

  it('a missing path or ref is NOT_FOUND', async () => {
    expect(codeOf(await repo.gql(TREE, { p: 'nope' }))).toBe('NOT_FOUND');
    expect(codeOf(await repo.gql(TREE, { p: 'src/nope' }))).toBe('NOT_FOUND');
    expect(codeOf(await repo.gql(TREE, { r: 'no-such-branch' }))).toBe('NOT_FOUND');
  });

  const BLOB = `query($r: String, $p: String!) { repository(owner: "alice", name: "tools") {
    fullName blob(ref: $r, path: $p) { path text isBinary byteSize truncated }
  } }`;

  it('reads text blobs at a ref', async () => {
    const now = await repo.gql(BLOB, { p: 'README.md' });
    expect(now.data.repository.blob).toEqual({
      path: 'README.md',
      text: '# tools v2\n',
      isBinary: false,
      byteSize: 11,
      truncated: false,
    });
    const then = await repo.gql(BLOB, { p: 'README.md', r: first.sha });
    expect(then.data.repository.blob.text).toBe('# tools v1\n');
    const link = await repo.gql(BLOB, { p: 'link' });
    expect(link.data.repository.blob.text).toBe('README.md');
  });

  it('detects binary content and gives no text', async () => {
    const res = await repo.gql(BLOB, { p: 'image.png' });
    expect(res.data.repository.blob).toEqual({
      path: 'image.png',
      text: null,
      isBinary: true,
      byteSize: BINARY.length,
      truncated: false,
    });
  });

  it('truncates text above the limit without splitting a character, and keeps the true size', async () => {
    const res = await repo.gql(BLOB, { p: 'big.txt' });
    const blob = res.data.repository.blob;
    expect(blob).toMatchObject({
      isBinary: false,
      truncated: true,
      byteSize: Buffer.byteLength(BIG),
    });
    expect(blob.text).toBe('a'.repeat(1023));
  });

  it('a missing blob is null with NOT_FOUND, and the rest of the answer survives', async () => {
    const res = await repo.gql(BLOB, { p: 'nope.txt' });
    expect(res.data.repository).toEqual({ fullName: 'alice/tools', blob: null });
    expect(codeOf(res)).toBe('NOT_FOUND');
    const dir = await repo.gql(BLOB, { p: 'src' });
    expect(codeOf(dir)).toBe('NOT_FOUND');
    const traversal = await repo.gql(BLOB, { p: '../../etc/passwd' });
    expect(traversal.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'path',
    });
    const empty = await repo.gql(BLOB, { p: '' });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
  });

  const COMMITS = `query($r: String, $p: String, $f: Int, $a: String) { repository(owner: "alice", name: "tools") {
    commits(ref: $r, path: $p, first: $f, after: $a) {
      totalCount
      nodes { oid abbreviatedOid messageHeadline message parentOids author { name email date } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  } }`;

  it('lists commits newest first with parents, and pages with cursors of any size', async () => {
    const all = await repo.gql(COMMITS, { f: 10 });
    const conn = all.data.repository.commits;
    expect(conn.totalCount).toBe(3);
    expect(conn.nodes.map((c: any) => c.messageHeadline)).toEqual([
      'Update README',
      'Add sources',
      'Initial commit',
    ]);
    expect(conn.nodes[0]).toMatchObject({
      oid: head.sha,
      abbreviatedOid: head.sha.slice(0, 7),
      parentOids: [conn.nodes[1].oid],
      author: { name: 'Alice Liddell', email: 'alice@example.com' },
    });
    expect(conn.nodes[1].message).toBe('Add sources\n\nWith a body.');
    expect(conn.nodes[2].parentOids).toEqual([]);
    expect(conn.pageInfo.hasNextPage).toBe(false);

    const p1 = (await repo.gql(COMMITS, { f: 2 })).data.repository.commits;
    expect(p1.nodes).toHaveLength(2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await repo.gql(COMMITS, { f: 2, a: p1.pageInfo.endCursor })).data.repository
      .commits;
    expect(p2.nodes.map((c: any) => c.oid)).toEqual([first.sha]);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // An unaligned window (offset 1, size 2) spans Gitea pages and still lines up.
    const one = (await repo.gql(COMMITS, { f: 1 })).data.repository.commits;
    const rest = (await repo.gql(COMMITS, { f: 2, a: one.pageInfo.endCursor })).data.repository
      .commits;
    expect([...one.nodes, ...rest.nodes].map((c: any) => c.oid)).toEqual(
      conn.nodes.map((c: any) => c.oid),
    );
  });

  it('filters commits by path and starts from another ref', async () => {
    const readme = await repo.gql(COMMITS, { p: 'README.md' });
    expect(readme.data.repository.commits.nodes.map((c: any) => c.messageHeadline)).toEqual([
      'Update README',
      'Initial commit',
    ]);
    const feature = await repo.gql(COMMITS, { r: 'feature', f: 1 });
    expect(feature.data.repository.commits.nodes[0].messageHeadline).toBe('Feature');
    expect(codeOf(await repo.gql(COMMITS, { r: 'nope' }))).toBe('NOT_FOUND');
  });

  it('lists branches, marking the default', async () => {
    const res = await repo.gql(`{ repository(owner: "alice", name: "tools") {
      branches { totalCount nodes { name isDefault isProtected headOid } }
    } }`);
    expect(res.data.repository.branches).toEqual({
      totalCount: 2,
      nodes: [
        { name: 'feature', isDefault: false, isProtected: false, headOid: expect.any(String) },
        { name: 'main', isDefault: true, isProtected: false, headOid: head.sha },
      ],
    });
  });

  it.each([
    [0, 'first'],
    [101, 'first'],
    [-1, 'first'],
  ])('first: %i → BAD_USER_INPUT', async (f, field) => {
    for (const res of [
      await repo.gql(COMMITS, { f }),
      await repo.gql(`query($f: Int) { repositories(first: $f) { totalCount } }`, { f }),
    ]) {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it.each([
    'garbage',
    Buffer.from('{"o":-1}').toString('base64url'),
    Buffer.from('{"o":1.5}').toString('base64url'),
    Buffer.from('{"o":"1"}').toString('base64url'),
    Buffer.from('{"o":99999999999}').toString('base64url'),
  ])('cursor %j → BAD_USER_INPUT', async (a) => {
    const res = await repo.gql(COMMITS, { a });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('wire contract', () => {
  it('every Gitea exchange of these tests was a valid spec operation with a valid answer', () => {
    expect(proxy.errors).toEqual([]);
    expect(fake.contractErrors).toEqual([]);
    expect(proxy.exchanges.length).toBeGreaterThan(30);
  });
});
