import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signServiceToken, signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import {
  createIssuesServer,
  type IssuesServer,
} from '../../subgraphs/issues/src/createIssuesServer';
import { ownerByName } from '../../subgraphs/issues/test/ownerByName';
import {
  JWT_SECRET,
  startRepository,
  type TestRepository,
} from '../../subgraphs/repository/test/startRepository';
import { createGitProxy, type RunningGitProxy } from '../src/createGitProxy';
import { RepositorySubgraphQuota } from '../src/quota/pushQuotaSource';
import { startGithostUpstream, type GithostUpstream } from './support/githostUpstream';
import { git, runGit } from './support/runGit';

/*
 * The size quota of a push (issue 16) through the whole chain, with the real git CLI: the git
 * proxy asks the repository subgraph (usage from githost, limits from the issues subgraph in
 * PostgreSQL) and refuses a pack that would take the owner over its quota before anything
 * reaches the git host, with a `remote:` line naming the quota; the refs stay as they were.
 */

const unique = Date.now().toString(36).slice(-6);
const ALICE = `alice-${unique}`;
const PASSWORD = 'alice-password-1';
/** What alice may still store above her usage at the start. */
const HEADROOM = 96 * 1024;

let tmp: string;
let home: string;
let githost: GithostUpstream;
let issues: IssuesServer;
let repository: TestRepository;
let proxy: RunningGitProxy;
let cutOffProxy: RunningGitProxy;
/** Holds at most 8 KiB of a chunked push in memory: larger ones stream, held to the quota. */
let smallBufferProxy: RunningGitProxy;

const urlOf = (origin: string, name: string) =>
  `${origin.replace('http://', `http://${ALICE}:${encodeURIComponent(PASSWORD)}@`)}/git/${ALICE}/${name}.git`;

/** A clone of `name` with one new commit holding `bytes` of incompressible data. */
async function cloneWithCommit(name: string, file: string, bytes: number): Promise<string> {
  const clone = join(tmp, `${name}-${file}`);
  await git(['clone', '--quiet', urlOf(proxy.url, name), clone], { home });
  writeFileSync(join(clone, `${file}.bin`), randomBytes(bytes));
  await git(['add', '.'], { cwd: clone, home });
  await git(['commit', '--quiet', '-m', `add ${file}`], { cwd: clone, home });
  return clone;
}

const push = (clone: string, origin: string, name: string, postBuffer = 1024 * 1024) =>
  runGit(['-c', `http.postBuffer=${postBuffer}`, 'push', urlOf(origin, name), 'HEAD:main'], {
    cwd: clone,
    home,
  });

/** The refs as `git ls-remote` shows them through the proxy. */
const lsRemote = (name: string) => git(['ls-remote', urlOf(proxy.url, name)], { home });

async function usage(): Promise<{ sizeBytes: number; maxSizeBytes: number }> {
  const res = await fetch(`${repository.server.url}/internal/quota/${ALICE}`, {
    headers: {
      authorization: `Bearer ${signServiceToken(JWT_SECRET, 'test', 'quota')}`,
      'x-gitforge-gitea-authorization': `Basic ${Buffer.from(`${ALICE}:${PASSWORD}`).toString('base64')}`,
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { sizeBytes: number; maxSizeBytes: number };
}

async function setMaxSize(maxSizeBytes: number): Promise<void> {
  const admin = await signSessionToken(JWT_SECRET, 'root', { isAdmin: true });
  const res = await fetch(`${issues.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      query: `mutation ($input: SetOwnerQuotaInput!) { setOwnerQuota(input: $input) { maxSizeBytes } }`,
      variables: { input: { owner: ALICE, maxSizeBytes } },
    }),
  });
  expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gitforge-push-quota-'));
  home = join(tmp, 'home');
  githost = await startGithostUpstream(join(tmp, 'data'));
  await githost.createUser(ALICE, PASSWORD);
  for (const name of ['one', 'two'])
    await githost.createRepo(ALICE, PASSWORD, name, name === 'two');
  issues = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 4,
    jwtSecret: JWT_SECRET,
    logger: createLogger('issues', 'silent'),
    access: ownerByName,
  });
  repository = await startRepository(githost.url, { quota: { issuesUrl: issues.url } });
  const quotaProxy = (repositoryUrl: string, quotaBufferBytes?: number) =>
    createGitProxy({
      upstreamUrl: githost.url,
      jwtSecret: JWT_SECRET,
      logger: createLogger('git-proxy', 'silent'),
      quotaSource: new RepositorySubgraphQuota(repositoryUrl, JWT_SECRET, 1000),
      quotaBufferBytes,
    });
  proxy = await quotaProxy(`${repository.server.url}/graphql`);
  // Its quota source does not answer: port 9 (discard) refuses connections here.
  cutOffProxy = await quotaProxy('http://127.0.0.1:9/graphql');
  smallBufferProxy = await quotaProxy(`${repository.server.url}/graphql`, 8 * 1024);
  await setMaxSize((await usage()).sizeBytes + HEADROOM);
});

afterAll(async () => {
  await cutOffProxy?.close();
  await smallBufferProxy?.close();
  await proxy?.close();
  await repository?.close();
  await issues?.close();
  await githost?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('push size quota', () => {
  it('lets a push within the quota through, and the usage grows', async () => {
    const before = await usage();
    const clone = await cloneWithCommit('one', 'small', 16 * 1024);
    const result = await push(clone, proxy.url, 'one');
    expect(result.code).toBe(0);
    const head = await git(['rev-parse', 'HEAD'], { cwd: clone, home });
    expect(await lsRemote('one')).toContain(`${head.trim()}\trefs/heads/main`);
    expect((await usage()).sizeBytes).toBeGreaterThan(before.sizeBytes);
  });

  it.each([
    ['with a Content-Length', 1024 * 1024],
    ['chunked', 1024],
  ])(
    'refuses a push over the quota (%s) with a remote: line, and the refs stay as they were',
    async (_framing, postBuffer) => {
      const refsBefore = await lsRemote('two');
      const clone = await cloneWithCommit('two', `big-${postBuffer}`, 2 * HEADROOM);
      const result = await push(clone, proxy.url, 'two', postBuffer);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/^remote: GitForge: push refused: .*repository size quota/m);
      expect(result.stderr).toMatch(
        /\[remote rejected\] HEAD -> main \(repository size quota exceeded\)/,
      );
      expect(await lsRemote('two')).toBe(refsBefore);
    },
  );

  it('holds a chunked push larger than its buffer to the quota as it streams', async () => {
    const refsBefore = await lsRemote('two');
    const over = await cloneWithCommit('two', 'streamed-over', 2 * HEADROOM);
    const refused = await push(over, smallBufferProxy.url, 'two', 1024);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^remote: GitForge: push refused: .*repository size quota/m);
    expect(await lsRemote('two')).toBe(refsBefore);
    const within = await cloneWithCommit('two', 'streamed-within', HEADROOM / 4);
    const passed = await push(within, smallBufferProxy.url, 'two', 1024);
    expect(passed.code).toBe(0);
    expect(await lsRemote('two')).not.toBe(refsBefore);
  });

  it('refuses every push when the quota cannot be read (fail closed)', async () => {
    const refsBefore = await lsRemote('one');
    const clone = await cloneWithCommit('one', 'tiny', 1024);
    const result = await push(clone, cutOffProxy.url, 'one');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /^remote: GitForge: push refused: the repository size quota .* cannot be checked/m,
    );
    expect(await lsRemote('one')).toBe(refsBefore);
    // Reads do not depend on the quota.
    expect((await runGit(['ls-remote', urlOf(cutOffProxy.url, 'one')], { home })).code).toBe(0);
  });

  it('counts refused pushes in git_proxy_operations_total{outcome="quota_refused"}', async () => {
    const text = await (await fetch(`${proxy.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('git_proxy_operations_total{') && l.includes('quota_refused'));
    expect(line).toContain('service="git-receive-pack"');
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(2);
  });

  it('counts against the new limit as soon as a site administrator raises it', async () => {
    const clone = await cloneWithCommit('two', 'after-raise', 2 * HEADROOM);
    expect((await push(clone, proxy.url, 'two')).code).not.toBe(0);
    await setMaxSize((await usage()).sizeBytes + 8 * HEADROOM);
    const result = await push(clone, proxy.url, 'two');
    expect(result.code).toBe(0);
  });
});
