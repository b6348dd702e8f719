import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifySessionToken } from '@gitforge/auth';

/**
 * The one command, for real: `node supervisor/dist/main.js` (what `npm start` runs after the
 * build) with its own data dir and free ports, real child processes and real signals.
 */

const root = resolve(__dirname, '..');
const supervisorMain = join(root, 'supervisor/dist/main.js');
const READY = /GitForge ready in (\d+) ms at (\S+)/;
const STARTUP_MS = 120_000;
const RECOVERY_MS = 60_000;

jest.setTimeout(5 * 60_000);

const CREATE_ISSUE = `mutation ($input: CreateIssueInput!) {
  createIssue(input: $input) { id number title }
}`;
const ISSUES_OF = `query ($repository: String!) {
  issues(repository: $repository) { totalCount nodes { id number title } }
}`;

interface IssueNode {
  id: string;
  number: number;
  title: string;
}

interface RunningSupervisor {
  child: ChildProcess;
  readyMs: number;
  graphqlUrl: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const supervisors: ChildProcess[] = [];
const dataDirs: string[] = [];

afterAll(() => {
  // Only matters when a test failed half-way: leave no process behind.
  for (const child of supervisors) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) {
    for (const pid of Object.values(childPids(dir))) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

beforeAll(() => {
  if (!existsSync(supervisorMain)) {
    throw new Error(
      `${supervisorMain} is missing: run \`npm run build\` before the platform tests`,
    );
  }
});

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitforge-e2e-'));
  dataDirs.push(dir);
  return dir;
}

async function freePort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolvePort(port));
      });
    });
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

/** A free port for every service of the operational contract, as environment variables. */
async function freePorts(): Promise<Record<string, string>> {
  const taken = new Set<number>();
  const vars = [
    'GATEWAY_PORT',
    'ISSUES_PORT',
    'REPOSITORY_PORT',
    'RESILIENCE_PORT',
    'GIT_PROXY_PORT',
    'GITHOST_PORT',
    'DEVDB_PORT',
  ];
  const ports: Record<string, string> = {};
  for (const name of vars) ports[name] = String(await freePort(taken));
  return ports;
}

function startSupervisor(env: NodeJS.ProcessEnv): Promise<RunningSupervisor> {
  const child = spawn(process.execPath, [supervisorMain], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const running = { child, exited, output: () => text };
  supervisors.push(child);

  return new Promise((resolveReady, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`no "GitForge ready" within ${STARTUP_MS} ms\n${tail(text)}`)),
      STARTUP_MS,
    );
    const onData = () => {
      const match = READY.exec(text);
      if (!match) return;
      clearTimeout(deadline);
      child.stdout.off('data', onData);
      resolveReady({ ...running, readyMs: Number(match[1]), graphqlUrl: match[2]! });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(deadline);
      reject(new Error(`supervisor exited (${code}) before it was ready\n${tail(text)}`));
    });
  });
}

async function stopSupervisor(s: RunningSupervisor): Promise<number | null> {
  s.child.kill('SIGTERM');
  return s.exited;
}

function tail(text: string, lines = 80): string {
  return text.split('\n').slice(-lines).join('\n');
}

function readPid(dataDir: string, service: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(join(dataDir, 'run', `${service}.pid`), 'utf8'), 10);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line of a live process (Linux); undefined elsewhere. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

function runFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'run');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Service name → pid, from every pid file (services built later, e.g. githost, included). */
function childPids(dataDir: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const file of runFiles(dataDir)) {
    const service = file.replace(/\.pid$/, '');
    const pid = readPid(dataDir, service);
    if (pid !== undefined) pids[service] = pid;
  }
  return pids;
}

async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as never;
}

/** Polls `probe` until it returns a value; `what` and the last failure explain a timeout. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = RECOVERY_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms (last error: ${String(last)})`,
      );
    }
    await sleep(200);
  }
}

async function createIssue(url: string, token: string, repository: string, title: string) {
  const result = await gql<{ createIssue: IssueNode }>(
    url,
    CREATE_ISSUE,
    { input: { repository, title } },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createIssue;
}

async function issuesOf(url: string, repository: string): Promise<IssueNode[] | undefined> {
  const result = await gql<{ issues: { nodes: IssueNode[] } }>(url, ISSUES_OF, { repository });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data?.issues.nodes;
}

const DEMO_PASSWORD = 'demo-password-for-supervisor-e2e';

/** Signs in as the embedded git host's demo user through the gateway's `login` mutation. */
async function signIn(url: string): Promise<string> {
  const result = await gql<{ login: { token: string } }>(
    url,
    `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
    { u: 'demo', p: DEMO_PASSWORD },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.login.token;
}

/** A fresh repository of the signed-in user (issues exist only in real repositories). */
async function uniqueRepository(url: string, token: string): Promise<string> {
  const name = `supervisor-e2e-${Date.now().toString(36)}${process.pid.toString(36)}`;
  const result = await gql<{ createRepository: { fullName: string } }>(
    url,
    `mutation ($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName } }`,
    { i: { name, private: false } },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createRepository.fullName;
}

describe('supervisor (npm start)', () => {
  it('restarts a SIGKILLed subgraph while the gateway keeps running, and stops cleanly', async () => {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error('the jest globalSetup sets DATABASE_URL');
    const dataDir = newDataDir();
    const ports = await freePorts();
    const secret = 'supervisor-e2e-secret-0123456789abcdef';
    const supervisor = await startSupervisor({
      ...process.env,
      ...ports,
      GITFORGE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      GITFORGE_JWT_SECRET: secret,
      GITFORGE_DEMO_PASSWORD: DEMO_PASSWORD,
      // The in-memory test database is PGlite: one connection at a time.
      ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
    });
    const url = supervisor.graphqlUrl;
    expect(url).toBe(`http://localhost:${ports.GATEWAY_PORT}/graphql`);
    expect(supervisor.readyMs).toBeGreaterThan(0);

    // A pid file per child (no devdb: DATABASE_URL was given), each naming a live process.
    const pids = childPids(dataDir);
    expect(Object.keys(pids)).toEqual(expect.arrayContaining(['gateway', 'issues']));
    expect(pids).not.toHaveProperty('devdb');
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(true);
    const gatewayPid = pids.gateway!;
    const issuesPid = pids.issues!;
    for (const [pid, script] of [
      [gatewayPid, 'gateway/dist/main.js'],
      [issuesPid, 'subgraphs/issues/dist/main.js'],
    ] as const) {
      const cmd = commandLine(pid);
      if (cmd !== undefined) expect(cmd).toContain(script);
    }
    expect(supervisor.output()).toMatch(/^\[issues\] \{.*\}$/m);
    expect(supervisor.output()).toMatch(/^\[gateway\] \{.*\}$/m);

    const token = await signIn(url);
    const repository = await uniqueRepository(url, token);
    const created = await createIssue(url, token, repository, 'Survives a subgraph crash');
    expect(created).toMatchObject({ number: 1, title: 'Survives a subgraph crash' });

    process.kill(issuesPid, 'SIGKILL');
    const restartedPid = await eventually('a new issues process', async () => {
      const pid = readPid(dataDir, 'issues');
      return pid !== undefined && pid !== issuesPid && isAlive(pid) ? pid : undefined;
    });
    expect(isAlive(issuesPid)).toBe(false);
    const nodes = await eventually('the issue read back through the gateway', async () => {
      const found = await issuesOf(url, repository);
      return found?.some((n) => n.id === created.id) ? found : undefined;
    });
    expect(nodes).toEqual([created]);
    expect(readPid(dataDir, 'gateway')).toBe(gatewayPid);
    expect(isAlive(gatewayPid)).toBe(true);
    expect(supervisor.output()).toContain('issues exited unexpectedly (signal SIGKILL)');

    const runningPids = Object.values(childPids(dataDir));
    expect(runningPids).toEqual(expect.arrayContaining([gatewayPid, restartedPid]));
    expect(await stopSupervisor(supervisor)).toBe(0);
    for (const pid of runningPids) expect(isAlive(pid)).toBe(false);
    expect(runFiles(dataDir)).toEqual([]);
  });

  it('runs the embedded database when DATABASE_URL is unset, and keeps data across restarts', async () => {
    const dataDir = newDataDir();
    const ports = await freePorts();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...ports,
      GITFORGE_DATA_DIR: dataDir,
      GITFORGE_DEMO_PASSWORD: DEMO_PASSWORD,
    };
    for (const name of [
      'DATABASE_URL',
      'DATABASE_POOL_MAX',
      'GITFORGE_JWT_SECRET',
      'GITFORGE_TEST_EMBEDDED_DB',
    ]) {
      delete env[name];
    }

    const first = await startSupervisor(env);
    const pids = childPids(dataDir);
    expect(Object.keys(pids)).toEqual(expect.arrayContaining(['devdb', 'gateway', 'issues']));
    const devdbPid = pids.devdb!;
    expect(isAlive(devdbPid)).toBe(true);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);

    // The generated secret is kept in the data dir: tokens signed with it outlive a restart.
    const secret = readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim();
    const token = await signIn(first.graphqlUrl);
    expect((await verifySessionToken(secret, token)).login).toBe('demo');
    const repository = await uniqueRepository(first.graphqlUrl, token);
    const created = await createIssue(first.graphqlUrl, token, repository, 'Kept on disk');
    expect(await stopSupervisor(first)).toBe(0);
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(false);
    expect(runFiles(dataDir)).toEqual([]);

    const second = await startSupervisor(env);
    expect(await issuesOf(second.graphqlUrl, repository)).toEqual([created]);
    const next = await createIssue(second.graphqlUrl, token, repository, 'After the restart');
    expect(next.number).toBe(2);
    expect(readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim()).toBe(secret);
    expect(await stopSupervisor(second)).toBe(0);
    expect(runFiles(dataDir)).toEqual([]);
  });
});
