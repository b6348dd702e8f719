import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

const PORT_VARS = [
  'GATEWAY_PORT',
  'ISSUES_PORT',
  'REPOSITORY_PORT',
  'RESILIENCE_PORT',
  'GIT_PROXY_PORT',
  'GITHOST_PORT',
  'DEVDB_PORT',
] as const;
type PortVar = (typeof PORT_VARS)[number];

export interface RunningSystem {
  /** The gateway origin: UI at `/`, GraphQL at `/graphql`. */
  baseUrl: string;
  dataDir: string;
  ports: Record<PortVar, number>;
  demoPassword: string;
  /** The supervisor's and children's output so far (for failure messages). */
  output(): string;
  /** Pid of a running service, from `$GITFORGE_DATA_DIR/run/<service>.pid`. */
  pidOf(service: string): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out waiting for ${what}${reason}`);
}

/** True when the built gateway mounts the web routes itself (then no shim is needed). */
function gatewayMountsWeb(): boolean {
  try {
    return readFileSync(join(repoRoot, 'gateway', 'dist', 'createGateway.js'), 'utf8').includes(
      '@gitforge/web/server',
    );
  } catch {
    return false;
  }
}

/**
 * `node supervisor/dist/main.js` (what `npm start` runs after building) on random ports with a
 * fresh data dir: embedded database unless DATABASE_URL is set, embedded git host, the built UI.
 */
export async function startSystem(): Promise<RunningSystem> {
  for (const file of ['supervisor/dist/main.js', 'gateway/dist/main.js', 'web/dist/index.html']) {
    if (!existsSync(join(repoRoot, file))) {
      throw new Error(`${file} is missing: run \`npm run build && npm run build:web\` first`);
    }
  }
  const useShim = !gatewayMountsWeb();
  if (useShim && process.env.GITFORGE_E2E_MOUNT_SHIM !== '1') {
    throw new Error(
      'gateway/dist does not mount @gitforge/web/server (the UI would not be served at /). ' +
        'Mount webRoutes() in gateway/src/createGateway.ts, or set GITFORGE_E2E_MOUNT_SHIM=1 to test with a preload shim.',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gitforge-e2e-'));
  const ports = {} as Record<PortVar, number>;
  for (const name of PORT_VARS) ports[name] = await freePort();
  const demoPassword = 'demo-password-e2e';

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(PORT_VARS.map((name) => [name, String(ports[name])])),
    GITFORGE_DATA_DIR: dataDir,
    GITFORGE_DEMO_PASSWORD: demoPassword,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // A stopped git host turns into UPSTREAM_UNAVAILABLE quickly (the degraded-mode test).
    GITEA_TIMEOUT_MS: '1500',
    GITFORGE_PUBLIC_GIT_URL: `http://localhost:${ports.GIT_PROXY_PORT}/git`,
    // Its own Redis key space: CI's Redis is shared with every other test platform and run.
    REDIS_KEY_PREFIX: `e2e-${randomUUID()}:`,
  };
  delete env.GITEA_URL;
  delete env.GITFORGE_JWT_SECRET;
  if (useShim) {
    const shim = join(import.meta.dirname, 'mountWebRoutesShim.cjs');
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${shim}`.trim();
  }

  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'supervisor', 'dist', 'main.js')],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const baseUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}`;
  const system: RunningSystem = {
    baseUrl,
    dataDir,
    ports,
    demoPassword,
    output: () => output,
    pidOf: (service) => Number(readFileSync(join(dataDir, 'run', `${service}.pid`), 'utf8').trim()),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  try {
    await Promise.race([
      waitFor('GitForge to be ready', 180_000, async () =>
        /GitForge ready in/.test(output) ? true : undefined,
      ),
      exited.then((code) => {
        throw new Error(`the supervisor exited (${code}) before it was ready`);
      }),
    ]);
    await waitFor('the UI at /', 30_000, async () => {
      const response = await fetch(`${baseUrl}/`);
      return response.ok && (await response.text()).includes('id="root"') ? true : undefined;
    });
    // Every subgraph composed: the supergraph knows the repository and resilience fields.
    await waitFor('the composed supergraph', 60_000, async () => {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ repositories(first: 1) { totalCount } resilience { strategy } }',
        }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      return body.data && !body.errors ? true : undefined;
    });
  } catch (err) {
    await system.stop();
    throw new Error(`${(err as Error).message}\n--- output ---\n${output.slice(-8000)}`);
  }
  return system;
}

/** Creates a user on the embedded git host through its admin API. */
export async function createGithostUser(system: RunningSystem, login: string, password: string) {
  const token = readFileSync(join(system.dataDir, 'secrets', 'githost-admin-token'), 'utf8').trim();
  const response = await fetch(`http://127.0.0.1:${system.ports.GITHOST_PORT}/api/v1/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `token ${token}` },
    body: JSON.stringify({ username: login, email: `${login}@e2e.test`, password }),
  });
  if (response.status !== 201)
    throw new Error(`creating ${login}: ${response.status} ${await response.text()}`);
}

/** Signs in over GraphQL (for actions the test takes outside the browser). */
export async function sessionToken(
  system: RunningSystem,
  username: string,
  password: string,
): Promise<string> {
  const response = await fetch(`${system.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: username, p: password },
    }),
  });
  const body = (await response.json()) as { data?: { login: { token: string } } };
  if (!body.data) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.data.login.token;
}
