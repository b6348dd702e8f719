import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * The services as real processes (their built dist/main.js), for tests that need real signals:
 * SIGKILL of the issues process, SIGSTOP of the git host. Every process started here is killed
 * (after SIGCONT) when the test file ends, whatever happened.
 */

export const root = resolve(__dirname, '..', '..', '..', '..');
export const JWT_SECRET = 'issues-processes-e2e-secret-0123456789abcdef';
export const ADMIN_TOKEN = 'admin-token-for-issues-processes-e2e-0123';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  url: string;
  output(): string;
}

const started: ServiceProcess[] = [];
const dirs: string[] = [];

export function cleanUpProcesses(): void {
  for (const service of started) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) continue;
    service.child.kill('SIGCONT');
    service.child.kill('SIGKILL');
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Starts `<dir>/dist/main.js` and waits until `readyPath` answers 200. */
export async function startService(
  name: string,
  dir: string,
  port: number,
  env: Record<string, string>,
  readyPath = '/health/live',
): Promise<ServiceProcess> {
  const main = join(root, dir, 'dist', 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`npx tsc -b tsconfig.build.json\``);
  let output = '';
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const service = { name, child, url: `http://127.0.0.1:${port}`, output: () => output };
  started.push(service);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${output}`);
    const status = await fetch(`${service.url}${readyPath}`, { signal: AbortSignal.timeout(1000) })
      .then((res) => res.status)
      .catch(() => 0);
    if (status === 200) return service;
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await sleep(100);
  }
}

/** Sends `signal` and, for SIGKILL, resolves once the process is gone. */
export async function signal(service: ServiceProcess, name: NodeJS.Signals): Promise<void> {
  if (name !== 'SIGKILL') {
    service.child.kill(name);
    return;
  }
  const gone = new Promise((done) => service.child.once('exit', done));
  service.child.kill('SIGKILL');
  await gone;
}

export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as never;
}

/** Creates `login` (password `<login>-password`) through githost's admin API. */
export async function createGiteaUser(
  githostUrl: string,
  login: string,
  adminToken = ADMIN_TOKEN,
): Promise<void> {
  const res = await fetch(`${githostUrl}/api/v1/admin/users`, {
    method: 'POST',
    headers: { authorization: `token ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      username: login,
      email: `${login}@example.com`,
      password: `${login}-password`,
      must_change_password: false,
    }),
  });
  if (res.status !== 201) throw new Error(`creating ${login}: ${res.status}`);
}

export async function signIn(repositoryUrl: string, login: string): Promise<string> {
  const res = await gql<{ login: { token: string } }>(
    repositoryUrl,
    `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
    { u: login, p: `${login}-password` },
  );
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}
