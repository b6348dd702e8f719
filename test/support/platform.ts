import { randomUUID } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Helpers for the platform e2e tests. The one command, for real: `node supervisor/dist/main.js` (what `npm start` runs after the
 * build) with its own data dir and free ports, real child processes and real signals.
 */

export const root = resolve(__dirname, '..', '..');
export const supervisorMain = join(root, 'supervisor/dist/main.js');
export const READY = /GitForge ready in (\d+) ms at (\S+)/;
export const STARTUP_MS = 120_000;
export const RECOVERY_MS = 60_000;

export const CREATE_ISSUE = `mutation ($input: CreateIssueInput!) {
  createIssue(input: $input) { id number title }
}`;
export const ISSUES_OF = `query ($repository: String!) {
  issues(repository: $repository) { totalCount nodes { id number title } }
}`;

export interface IssueNode {
  id: string;
  number: number;
  title: string;
}

export interface RunningSupervisor {
  child: ChildProcess;
  readyMs: number;
  graphqlUrl: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Before every Redis key of this platform (its own unless the caller set one). */
  redisKeyPrefix: string;
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

export function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitforge-e2e-'));
  dataDirs.push(dir);
  return dir;
}

export async function freePort(taken: Set<number>): Promise<number> {
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
export async function freePorts(): Promise<Record<string, string>> {
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

export function startSupervisor(env: NodeJS.ProcessEnv): Promise<RunningSupervisor> {
  // Each test's platform is a deployment of its own; in CI they all share one Redis, so each
  // gets its own key space (sign-in limits, ended sessions, cost budgets, events).
  const redisKeyPrefix = env.REDIS_KEY_PREFIX ?? `test-${randomUUID()}:`;
  const child = spawn(process.execPath, [supervisorMain], {
    cwd: root,
    env: { ...env, REDIS_KEY_PREFIX: redisKeyPrefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const running = { child, exited, output: () => text, redisKeyPrefix };
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

export async function stopSupervisor(s: RunningSupervisor): Promise<number | null> {
  s.child.kill('SIGTERM');
  return s.exited;
}

export function tail(text: string, lines = 80): string {
  return text.split('\n').slice(-lines).join('\n');
}

export function readPid(dataDir: string, service: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(join(dataDir, 'run', `${service}.pid`), 'utf8'), 10);
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line of a live process (Linux); undefined elsewhere. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

export function runFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'run');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Service name → pid, from every pid file (services built later, e.g. githost, included). */
export function childPids(dataDir: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const file of runFiles(dataDir)) {
    const service = file.replace(/\.pid$/, '');
    const pid = readPid(dataDir, service);
    if (pid !== undefined) pids[service] = pid;
  }
  return pids;
}

export async function gql<T>(
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
export async function eventually<T>(
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

export async function createIssue(url: string, token: string, repository: string, title: string) {
  const result = await gql<{ createIssue: IssueNode }>(
    url,
    CREATE_ISSUE,
    { input: { repository, title } },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.createIssue;
}

export async function issuesOf(url: string, repository: string): Promise<IssueNode[] | undefined> {
  const result = await gql<{ issues: { nodes: IssueNode[] } }>(url, ISSUES_OF, { repository });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data?.issues.nodes;
}

export const DEMO_PASSWORD = 'demo-password-for-supervisor-e2e';

/** Signs in as the embedded git host's demo user through the gateway's `login` mutation. */
export async function signIn(url: string): Promise<string> {
  const result = await gql<{ login: { token: string } }>(
    url,
    `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
    { u: 'demo', p: DEMO_PASSWORD },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.login.token;
}

/** A fresh repository of the signed-in user (issues exist only in real repositories). */
export async function uniqueRepository(url: string, token: string): Promise<string> {
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

/**
 * Runs the real `git` CLI in `cwd` with `home` as HOME and no system config, credential helper
 * or terminal prompt; never rejects (the exit status is `code`).
 */
export function runGit(
  home: string,
  args: string[],
  cwd = home,
): Promise<{ code: number; out: string }> {
  return new Promise((resolveRun) => {
    execFile(
      'git',
      ['-c', 'credential.helper=', '-c', 'init.defaultBranch=main', ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_TERMINAL_PROMPT: '0',
          GIT_AUTHOR_NAME: 'Demo',
          GIT_AUTHOR_EMAIL: 'demo@example.com',
          GIT_COMMITTER_NAME: 'Demo',
          GIT_COMMITTER_EMAIL: 'demo@example.com',
        },
      },
      (err, stdout, stderr) => resolveRun({ code: err ? 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}
