import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, symlink, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import { ContractProxy } from './contractProxy';
import { eventually } from './helpers';
import {
  JWT_SECRET,
  PUBLIC_GIT_URL,
  codeOf,
  startRepository,
  type TestRepository,
} from './startRepository';

/*
 * The repository subgraph against the real embedded git host (githost/): real bare
 * repositories, commits pushed with the git CLI over smart HTTP, webhooks delivered by githost.
 * Every Gitea exchange passes through the contract proxy and must follow the spec.
 */

const DEMO_PASSWORD = 'demo-password-for-repository-e2e';
const ADMIN_TOKEN = 'admin-token-for-repository-e2e-0123456789';
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x01]);
const BIG = `${'x'.repeat(1500)}\n`;
const TOOL = '#!/bin/sh\necho tool\n';

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

function git(args: string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'credential.helper=', '-c', 'init.defaultBranch=main', ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: cwd,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_AUTHOR_NAME: 'Alice Example',
          GIT_AUTHOR_EMAIL: 'alice@example.com',
          GIT_COMMITTER_NAME: 'Alice Example',
          GIT_COMMITTER_EMAIL: 'alice@example.com',
        },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function gitOk(args: string[], cwd: string): Promise<string> {
  const run = await git(args, cwd);
  if (run.code !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

let dataDir: string;
let work: string;
let githost: Githost;
let githostPort: number;
let proxy: ContractProxy;
let repo: TestRepository;
const tokens: Record<string, string> = {};

async function startHost(port = 0): Promise<Githost> {
  return createGithost({
    dataDir,
    port,
    demoPassword: DEMO_PASSWORD,
    adminToken: ADMIN_TOKEN,
    logger: createLogger('githost-e2e', 'silent'),
    webhookDelivery: { timeoutMs: 2000, attempts: 3, backoffMs: 50 },
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function createUser(login: string): Promise<void> {
  const res = await fetch(`${githost.url}/api/v1/admin/users`, {
    method: 'POST',
    headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      username: login,
      email: `${login}@example.com`,
      password: `${login}-password`,
      must_change_password: false,
    }),
  });
  if (res.status !== 201) throw new Error(`creating ${login}: ${res.status} ${await res.text()}`);
}

/** `http://login:<gitea token from the session>@githost/owner/name.git` */
async function pushUrl(login: string, fullName: string): Promise<string> {
  const viewer = await verifySessionToken(JWT_SECRET, tokens[login]!);
  const url = new URL(`${githost.url}/${fullName}.git`);
  url.username = login;
  url.password = viewer.upstreamToken!;
  return url.toString();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'repository-e2e-'));
  work = await mkdtemp(join(tmpdir(), 'repository-e2e-work-'));
  githost = await startHost();
  githostPort = Number(new URL(githost.url).port);
  await createUser('alice');
  await createUser('bob');
  proxy = await new ContractProxy(githost.url).start();
  // Pushes reach this subgraph through githost's webhooks (the gateway forwards them in production).
  const port = await freePort();
  repo = await startRepository(proxy.url, {
    port,
    cacheTtlMs: 60_000,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/gitea`,
  });
  tokens.demo = await repo.login('demo', DEMO_PASSWORD);
  tokens.alice = await repo.login('alice', 'alice-password');
  tokens.bob = await repo.login('bob', 'bob-password');
}, 60_000);

afterAll(async () => {
  await repo?.close();
  await proxy?.close();
  await githost?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('login against githost', () => {
  it('returns a JWT whose Gitea token acts as the user on githost', async () => {
    const viewer = await verifySessionToken(JWT_SECRET, tokens.demo!);
    expect(viewer.login).toBe('demo');
    // githost seeds demo as a site administrator; the session says so, alice's does not.
    expect(viewer.isAdmin).toBe(true);
    expect((await verifySessionToken(JWT_SECRET, tokens.alice!)).isAdmin).toBeUndefined();
    const me = await fetch(`${githost.url}/api/v1/user`, {
      headers: { authorization: `token ${viewer.upstreamToken}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { login: string }).login).toBe('demo');
    const res = await repo.gql(`{ viewer { login fullName } }`, undefined, { token: tokens.demo });
    expect(res.data.viewer).toEqual({ login: 'demo', fullName: 'Demo User' });
  });

  it('a wrong password is UNAUTHENTICATED; repeated failures are RATE_LIMITED', async () => {
    const attempt = () =>
      repo.gql(`mutation { login(username: "bob", password: "wrong") { token } }`, undefined, {
        headers: { 'x-forwarded-for': '203.0.113.50' },
      });
    for (let i = 0; i < 5; i += 1) expect(codeOf(await attempt())).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt())).toBe('RATE_LIMITED');
  });
});

describe('the seeded demo repository', () => {
  it('is public: anonymous callers read its tree, blob, commits and branches', async () => {
    const res = await repo.gql(`{ repository(owner: "demo", name: "hello") {
      fullName private defaultBranch cloneUrl viewerPermission
      tree { name type }
      blob(path: "README.md") { text isBinary truncated }
      commits(first: 2) { totalCount nodes { messageHeadline parentOids } pageInfo { hasNextPage } }
      branches { nodes { name isDefault } }
    } }`);
    expect(res.errors).toBeUndefined();
    const hello = res.data.repository;
    expect(hello).toMatchObject({
      fullName: 'demo/hello',
      private: false,
      defaultBranch: 'main',
      cloneUrl: `${PUBLIC_GIT_URL}/demo/hello.git`,
      viewerPermission: 'READ',
    });
    expect(hello.tree).toContainEqual({ name: 'README.md', type: 'BLOB' });
    expect(hello.tree).toContainEqual({ name: 'src', type: 'TREE' });
    expect(hello.blob.text).toMatch(/^# hello/);
    expect(hello.commits.totalCount).toBeGreaterThanOrEqual(2);
    expect(hello.commits.nodes).toHaveLength(2);
    expect(hello.commits.nodes[0].parentOids).toHaveLength(1);
    expect(hello.branches.nodes).toContainEqual({ name: 'main', isDefault: true });
  });
});

describe('repositories with real git history', () => {
  const CREATE = `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName private isEmpty } }`;
  let clone: string;

  beforeAll(async () => {
    const created = await repo.gql(
      CREATE,
      { i: { name: 'project', description: 'A project' } },
      { token: tokens.alice },
    );
    expect(created.data?.createRepository).toEqual({
      fullName: 'alice/project',
      private: false,
      isEmpty: true,
    });
    clone = join(work, 'project');
    await mkdir(join(clone, 'src', 'lib'), { recursive: true });
    await mkdir(join(clone, 'bin'), { recursive: true });
    await gitOk(['init', '-q'], clone);
    await writeFile(join(clone, 'README.md'), '# project\n');
    await writeFile(join(clone, 'src', 'app.js'), 'console.log(1);\n');
    await writeFile(join(clone, 'src', 'lib', 'util.js'), 'module.exports = {};\n');
    await writeFile(join(clone, 'bin', 'tool'), TOOL);
    await chmod(join(clone, 'bin', 'tool'), 0o755);
    await writeFile(join(clone, 'logo.png'), BINARY);
    await writeFile(join(clone, 'big.txt'), BIG);
    await symlink('README.md', join(clone, 'readme-link'));
    await gitOk(['add', '-A'], clone);
    await gitOk(['commit', '-q', '-m', 'Initial import'], clone);
    await writeFile(join(clone, 'README.md'), '# project\n\nSecond version.\n');
    await gitOk(['commit', '-q', '-am', 'Describe the project'], clone);
    await gitOk(['push', '-q', await pushUrl('alice', 'alice/project'), 'HEAD:main'], clone);
  });

  const Q = `query($r: String, $p: String, $b: String!) { repository(owner: "alice", name: "project") {
    isEmpty
    tree(ref: $r, path: $p) { name path type mode size }
    blob(ref: $r, path: $b) { text isBinary byteSize truncated }
  } }`;

  it('shows the pushed tree with git modes, and blobs at a ref', async () => {
    const res = await repo.gql(Q, { b: 'README.md' });
    expect(res.errors).toBeUndefined();
    const { tree, blob, isEmpty } = res.data.repository;
    expect(isEmpty).toBe(false);
    expect(tree.map((e: any) => `${e.type} ${e.mode} ${e.name}`)).toEqual([
      'TREE 040000 bin',
      'TREE 040000 src',
      'BLOB 100644 README.md',
      'BLOB 100644 big.txt',
      'BLOB 100644 logo.png',
      'SYMLINK 120000 readme-link',
    ]);
    expect(blob).toEqual({
      text: '# project\n\nSecond version.\n',
      isBinary: false,
      byteSize: 27,
      truncated: false,
    });
    const bin = await repo.gql(Q, { p: 'bin', b: 'bin/tool' });
    expect(bin.data.repository.tree).toEqual([
      { name: 'tool', path: 'bin/tool', type: 'BLOB', mode: '100755', size: TOOL.length },
    ]);
    const nested = await repo.gql(Q, { p: 'src/lib', b: 'src/lib/util.js' });
    expect(nested.data.repository.tree.map((e: any) => e.path)).toEqual(['src/lib/util.js']);
    const first = await gitOk(['rev-parse', 'HEAD~1'], clone);
    const old = await repo.gql(Q, { r: first, b: 'README.md' });
    expect(old.data.repository.blob.text).toBe('# project\n');
  });

  it('detects binary blobs and truncates large text', async () => {
    const png = await repo.gql(Q, { b: 'logo.png' });
    expect(png.data.repository.blob).toEqual({
      text: null,
      isBinary: true,
      byteSize: BINARY.length,
      truncated: false,
    });
    const big = await repo.gql(Q, { b: 'big.txt' });
    expect(big.data.repository.blob).toEqual({
      text: 'x'.repeat(1024),
      isBinary: false,
      byteSize: BIG.length,
      truncated: true,
    });
  });

  it('lists commits with paging and the path filter', async () => {
    const res = await repo.gql(`{ repository(owner: "alice", name: "project") {
      all: commits(first: 1) { totalCount nodes { oid messageHeadline author { name email } } pageInfo { hasNextPage endCursor } }
      readme: commits(path: "README.md") { totalCount }
      app: commits(path: "src/app.js") { nodes { messageHeadline } }
    } }`);
    expect(res.errors).toBeUndefined();
    const { all, readme, app } = res.data.repository;
    expect(all.totalCount).toBe(2);
    expect(all.nodes[0]).toMatchObject({
      oid: await gitOk(['rev-parse', 'HEAD'], clone),
      messageHeadline: 'Describe the project',
      author: { name: 'Alice Example', email: 'alice@example.com' },
    });
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = await repo.gql(
      `query($a: String) { repository(owner: "alice", name: "project") { commits(first: 1, after: $a) { nodes { messageHeadline } pageInfo { hasNextPage } } } }`,
      { a: all.pageInfo.endCursor },
    );
    expect(next.data.repository.commits).toEqual({
      nodes: [{ messageHeadline: 'Initial import' }],
      pageInfo: { hasNextPage: false },
    });
    expect(readme.totalCount).toBe(2);
    expect(app.nodes.map((c: any) => c.messageHeadline)).toEqual(['Initial import']);
  });

  it("a push reaches the subgraph by githost's webhook and the next read sees it", async () => {
    const README = `{ repository(owner: "alice", name: "project") { blob(path: "README.md") { text } } }`;
    expect((await repo.gql(README)).data.repository.blob.text).toBe(
      '# project\n\nSecond version.\n',
    );
    await writeFile(join(clone, 'README.md'), '# project\n\nThird version.\n');
    await gitOk(['commit', '-q', '-am', 'Third'], clone);
    await gitOk(['push', '-q', await pushUrl('alice', 'alice/project'), 'HEAD:main'], clone);
    // The cache holds answers for a minute: only the webhook can make this change visible now.
    await eventually(
      async () =>
        (await repo.gql(README)).data.repository.blob.text === '# project\n\nThird version.\n',
    );
  });

  it('bad input is BAD_USER_INPUT', async () => {
    for (const [vars, field] of [
      [{ p: '../alice', b: 'README.md' }, 'path'],
      [{ b: 'src/../../etc/passwd' }, 'path'],
      [{ r: 'main..x', b: 'README.md' }, 'ref'],
    ] as const) {
      const res = await repo.gql(Q, vars);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const name = await repo.gql(CREATE, { i: { name: 'bad.git' } }, { token: tokens.alice });
    expect(name.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const first = await repo.gql(`{ repositories(first: 1000) { totalCount } }`);
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const cursor = await repo.gql(`{ repositories(after: "nope") { totalCount } }`);
    expect(cursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });
});

describe('private repositories and deletion', () => {
  const GET = `query($n: String!) { repository(owner: "alice", name: $n) { fullName private } }`;
  const LIST = `query($s: String) { repositories(owner: "alice", search: $s) { totalCount nodes { fullName } } }`;

  beforeAll(async () => {
    const res = await repo.gql(
      `mutation { createRepository(input: { name: "hidden", private: true }) { fullName } }`,
      undefined,
      { token: tokens.alice },
    );
    expect(res.errors).toBeUndefined();
  });

  it('is visible to its owner only, and NOT_FOUND for others and anonymous callers', async () => {
    expect((await repo.gql(GET, { n: 'hidden' }, { token: tokens.alice })).data.repository).toEqual(
      {
        fullName: 'alice/hidden',
        private: true,
      },
    );
    expect(codeOf(await repo.gql(GET, { n: 'hidden' }, { token: tokens.bob }))).toBe('NOT_FOUND');
    expect(codeOf(await repo.gql(GET, { n: 'hidden' }))).toBe('NOT_FOUND');
    const own = await repo.gql(LIST, {}, { token: tokens.alice });
    expect(own.data.repositories.nodes.map((r: any) => r.fullName).sort()).toEqual([
      'alice/hidden',
      'alice/project',
    ]);
    const theirs = await repo.gql(LIST, {}, { token: tokens.bob });
    expect(theirs.data.repositories.nodes.map((r: any) => r.fullName)).toEqual(['alice/project']);
    const anon = await repo.gql(`{ repositories(search: "hid") { totalCount } }`);
    expect(anon.data.repositories.totalCount).toBe(0);
    const search = await repo.gql(LIST, { s: 'proj' }, { token: tokens.bob });
    expect(search.data.repositories.totalCount).toBe(1);
  });

  it('only the owner deletes', async () => {
    const DELETE = `mutation($n: String!) { deleteRepository(input: { owner: "alice", name: $n }) { fullName } }`;
    expect(codeOf(await repo.gql(DELETE, { n: 'project' }, { token: tokens.bob }))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await repo.gql(DELETE, { n: 'hidden' }, { token: tokens.bob }))).toBe(
      'NOT_FOUND',
    );
    const res = await repo.gql(DELETE, { n: 'hidden' }, { token: tokens.alice });
    expect(res.data.deleteRepository).toEqual({ fullName: 'alice/hidden' });
    expect(codeOf(await repo.gql(GET, { n: 'hidden' }, { token: tokens.alice }))).toBe('NOT_FOUND');
    const direct = await fetch(`${githost.url}/api/v1/repos/alice/hidden`, {
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    expect(direct.status).toBe(404);
  });
});

describe('githost going down', () => {
  it('opens the circuit (fail fast, UPSTREAM_UNAVAILABLE) and recovers when githost is back', async () => {
    const direct = await startRepository(githost.url, {
      cacheTtlMs: 0,
      circuit: { failureThreshold: 3, halfOpenAfterMs: 200 },
    });
    try {
      const Q = `{ repository(owner: "demo", name: "hello") { fullName } }`;
      expect((await direct.gql(Q)).data.repository.fullName).toBe('demo/hello');
      await githost.close();
      for (let i = 0; i < 3; i += 1)
        expect(codeOf(await direct.gql(Q))).toBe('UPSTREAM_UNAVAILABLE');
      expect(direct.server.breaker.state()).toBe('open');
      const fast = await direct.gql(Q);
      expect(codeOf(fast)).toBe('UPSTREAM_UNAVAILABLE');
      expect(fast.errors![0]!.message).toMatch(/circuit open/);
      const ready = await fetch(`${direct.server.url}/health/ready`);
      expect(ready.status).toBe(200);
      githost = await startHost(githostPort);
      await eventually(
        async () => (await direct.gql(Q)).data?.repository?.fullName === 'demo/hello',
      );
      expect(direct.server.breaker.state()).toBe('closed');
    } finally {
      await direct.close();
    }
  });
});

describe('wire contract with githost', () => {
  it('every exchange was a spec operation with valid parameters and a valid answer', () => {
    expect(proxy.errors).toEqual([]);
    expect(proxy.operations()).toEqual(
      expect.arrayContaining([
        'GetTree',
        'createCurrentUserRepo',
        'repoCreateHook',
        'repoDelete',
        'repoGet',
        'repoGetAllCommits',
        'repoGetRawFile',
        'repoListBranches',
        'repoSearch',
        'userCreateToken',
        'userGet',
        'userGetCurrent',
      ]),
    );
  });
});
