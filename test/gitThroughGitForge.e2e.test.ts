import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIssue,
  eventually,
  freePorts,
  gql,
  isAlive,
  newDataDir,
  readPid,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
  runGit,
} from './support/platform';
import { holdPortAgainstRestarts, release } from './support/holdPort';

/**
 * The whole system as `npm start` runs it (supervisor, githost, repository, issues, resilience,
 * git proxy, gateway as separate processes): plain `git` through GitForge, the pushed commit seen
 * through /graphql, and the git host SIGKILLed while the issue tracker stays online.
 */

jest.setTimeout(5 * 60_000);

const PASSWORD = 'demo-password-for-git-e2e';
let supervisor: RunningSupervisor;
let dataDir: string;
let ports: Record<string, string>;
let url: string;
let token: string;
const work = mkdtempSync(join(tmpdir(), 'gitforge-git-e2e-'));

const git = (args: string[], cwd = work) => runGit(work, args, cwd);

const REPOSITORY = `query { repository(owner: "demo", name: "hello") {
  fullName cloneUrl openIssueCount
  commits(first: 1) { nodes { messageHeadline } }
  tree { name }
} }`;

beforeAll(async () => {
  dataDir = newDataDir();
  ports = await freePorts();
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    GITFORGE_DEMO_PASSWORD: PASSWORD,
    REPOSITORY_CACHE_TTL_MS: '1000',
    GITEA_TIMEOUT_MS: '3000',
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
  url = supervisor.graphqlUrl;
  const login = await gql<{ login: { token: string } }>(
    url,
    `mutation ($p: String!) { login(username: "demo", password: $p) { token } }`,
    { p: PASSWORD },
  );
  expect(login.errors).toBeUndefined();
  token = login.data!.login.token;
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

it('clones anonymously, pushes as the owner, and shows the commit through /graphql', async () => {
  const before = await gql<any>(url, REPOSITORY, {});
  expect(before.errors).toBeUndefined();
  const cloneUrl: string = before.data.repository.cloneUrl;
  expect(cloneUrl).toBe(`http://localhost:${ports.GIT_PROXY_PORT}/git/demo/hello.git`);

  const clone = await git(['clone', cloneUrl, 'hello']);
  expect(clone.code).toBe(0);
  expect(readFileSync(join(work, 'hello', 'README.md'), 'utf8').length).toBeGreaterThan(0);

  const shallow = await git([
    '-c',
    'protocol.version=2',
    'clone',
    '--depth',
    '1',
    cloneUrl,
    'shallow',
  ]);
  expect(shallow.code).toBe(0);
  expect((await git(['rev-list', '--count', 'HEAD'], join(work, 'shallow'))).out.trim()).toBe('1');

  const repo = join(work, 'hello');
  writeFileSync(join(repo, 'PUSHED.md'), 'pushed through GitForge\n');
  expect((await git(['add', 'PUSHED.md'], repo)).code).toBe(0);
  expect((await git(['commit', '-m', 'Pushed through the GitForge proxy'], repo)).code).toBe(0);
  const anonymousPush = await git(['push', cloneUrl, 'HEAD'], repo);
  expect(anonymousPush.code).not.toBe(0);
  const authed = new URL(cloneUrl);
  authed.username = 'demo';
  authed.password = token;
  const push = await git(['push', authed.toString(), 'HEAD'], repo);
  expect(push.out).not.toMatch(/denied|error/i);
  expect(push.code).toBe(0);

  // Seen at once when Gitea's push webhook reaches GitForge, at the latest after the cache TTL.
  const after = await eventually('the pushed commit and file through /graphql', async () => {
    const res = await gql<any>(url, REPOSITORY, {});
    const head = res.data?.repository?.commits.nodes[0]?.messageHeadline;
    const names = (res.data?.repository?.tree ?? []).map((e: { name: string }) => e.name);
    return head === 'Pushed through the GitForge proxy' && names.includes('PUSHED.md')
      ? res
      : undefined;
  });
  expect(after.data.repository.fullName).toBe('demo/hello');
});

it('keeps the issue tracker online while the git host is down, and recovers without restarts', async () => {
  const issue = await createIssue(url, token, 'demo/hello', 'Filed before the outage');
  const githostPid = readPid(dataDir, 'githost')!;
  const gatewayPid = readPid(dataDir, 'gateway')!;
  const repositoryPid = readPid(dataDir, 'repository')!;
  process.kill(githostPid, 'SIGKILL');
  // Keep the host down: take its port before the supervisor's restart can, resetting every
  // connection, until the outage has been observed. A restart that binds it first is killed
  // too, until the port is ours.
  const blocker = await holdPortAgainstRestarts(Number(ports.GITHOST_PORT), dataDir, 'githost');

  const degraded = await eventually(
    'repository fields failing with UPSTREAM_UNAVAILABLE',
    async () => {
      const res = await gql<any>(
        url,
        `query { repository(owner: "demo", name: "hello") { description } }`,
        {},
        token,
      );
      return res.errors?.[0]?.extensions?.code === 'UPSTREAM_UNAVAILABLE' ? res : undefined;
    },
  );
  expect(degraded.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  // Issue queries and mutations keep working meanwhile.
  const during = await createIssue(url, token, 'demo/hello', 'Filed during the outage');
  expect(during.number).toBe(issue.number + 1);
  // The killed host is gone; a restarted one may be starting but cannot serve: we hold its port.
  expect(isAlive(githostPid)).toBe(false);
  await release(blocker);

  const recovered = await eventually(
    'repository fields back after the supervisor restarts githost',
    async () => {
      const res = await gql<any>(
        url,
        `query { repository(owner: "demo", name: "hello") { fullName openIssueCount } }`,
        {},
        token,
      );
      return res.data?.repository ? res : undefined;
    },
  );
  expect(recovered.data.repository.openIssueCount).toBeGreaterThanOrEqual(2);
  expect(readPid(dataDir, 'githost')).not.toBe(githostPid);
  expect(isAlive(gatewayPid) && isAlive(repositoryPid)).toBe(true);
  expect(readPid(dataDir, 'gateway')).toBe(gatewayPid);
});

it("serves the seed's fault-tolerance REST routes through the resilience subgraph", async () => {
  const origin = new URL(url).origin;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const stored = await fetch(`${origin}/api/fault-tolerance/store`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ key: 'greeting', value: 'hello' }),
  });
  expect(stored.status).toBe(200);
  expect(await stored.json()).toMatchObject({ status: 'stored', key: 'greeting', value: 'hello' });
  const read = await fetch(`${origin}/api/fault-tolerance/retrieve/greeting`);
  expect(await read.json()).toMatchObject({ key: 'greeting', value: 'hello' });
  const bad = await fetch(`${origin}/api/fault-tolerance/store`, {
    method: 'POST',
    headers,
    body: '{"key": 1}',
  });
  expect(bad.status).toBe(400);
  const status = await fetch(`${origin}/api/fault-tolerance/status`);
  expect(status.status).toBe(200);
});

it('stops cleanly on SIGTERM', async () => {
  expect(await stopSupervisor(supervisor)).toBe(0);
});
