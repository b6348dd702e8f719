/**
 * The processes the subscription benchmark measures: the built gateway and issues subgraph
 * (`npm run build` first), the repository subgraph stand-in, and PostgreSQL (a fresh database on
 * the server of DATABASE_URL, dropped at the end; the embedded one when DATABASE_URL is unset).
 * REDIS_URL, when set, is passed through (the issues subgraph then publishes through Redis).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startNodeProcess,
  waitUntilReady,
  type RunningProcess,
} from '../../gateway/test/support/childProcess';
import { freePort } from '../../gateway/test/support/helpers';
import { createFreshDatabase } from '../suite/database';
import { backendDatabase, listProcesses } from '../suite/processCpu';
import { raiseOpenFiles } from './openFiles';

const ROOT = resolve(__dirname, '../..');
export const SECRET = 'bench-secret-for-subscriptions-0123456789';

export interface StackOptions {
  repositories: number;
  privateRepositories: number;
  /** The most WebSockets the gateway will hold at once (its limits and open files). */
  maxSubscribers: number;
}

export interface Stack {
  gateway: string;
  issues: string;
  repository: string;
  pids: { gateway: number; issues: number; repository: number };
  /** PostgreSQL's processes serving the bench (found afresh: backends come and go). */
  databasePids(): number[];
  stop(): Promise<void>;
  /** Last lines of each process's output, for a failure. */
  outputs(): string;
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** True once something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** BENCH_PROFILE=<dir>: each service writes a V8 CPU profile there when it stops. */
function profile(name: string): string[] {
  const dir = process.env.BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const processes: RunningProcess[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const proc of [...processes].reverse()) await proc.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  const outputs = () =>
    processes.map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`).join('\n');
  try {
    let databaseUrl: string;
    let poolMax = '10';
    let databasePids: () => number[];
    if (process.env.DATABASE_URL) {
      const fresh = await createFreshDatabase(process.env.DATABASE_URL);
      cleanups.push(() => fresh.drop());
      databaseUrl = fresh.url;
      databasePids = () =>
        listProcesses()
          .filter((p) => p.stat.comm === 'postgres' && backendDatabase(p.cmdline) === fresh.name)
          .map((p) => p.stat.pid);
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'gitforge-subbench-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      const devdb = startNodeProcess('devdb', `${ROOT}/lib/devdb/dist/main.js`, {
        GITFORGE_DATA_DIR: dataDir,
        DEVDB_PORT: String(port),
      });
      processes.push(devdb);
      databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
      poolMax = '1';
      databasePids = () => descendantsOf(devdb.child.pid!);
      await waitFor(() => {
        if (devdb.child.exitCode !== null) throw new Error(`devdb exited:\n${devdb.output()}`);
        return accepts(port);
      }, 'the embedded database');
    }

    const redisPrefix = `subbench:${process.pid}:${Date.now().toString(36)}:`;
    const reposPort = await freePort();
    const repos = startNodeProcess(
      'repository',
      `${ROOT}/bench/subscriptions/repositorySubgraph.ts`,
      {
        PORT: String(reposPort),
        GITFORGE_JWT_SECRET: SECRET,
        BENCH_REPOSITORIES: String(options.repositories),
        BENCH_PRIVATE: String(options.privateRepositories),
      },
      ['-r', '@swc-node/register', ...profile('repository')],
    );
    processes.push(repos);
    const repository = `http://127.0.0.1:${reposPort}`;

    const issuesPort = await freePort();
    const issues = startNodeProcess(
      'issues',
      `${ROOT}/subgraphs/issues/dist/main.js`,
      {
        ISSUES_PORT: String(issuesPort),
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_MAX: poolMax,
        GITFORGE_JWT_SECRET: SECRET,
        NODE_ENV: 'test',
        REPOSITORY_SUBGRAPH_URL: `${repository}/graphql`,
        // Its own channels when REDIS_URL is set (a shared Redis: other runs, tests).
        REDIS_KEY_PREFIX: redisPrefix,
      },
      profile('issues'),
    );
    processes.push(issues);
    raiseOpenFiles(issues.child.pid!, options.maxSubscribers + 1000);
    const issuesOrigin = `http://127.0.0.1:${issuesPort}`;
    await waitUntilReady(`${issuesOrigin}/health/ready`, issues, 120_000);
    await waitFor(() => repos.output().includes('listening'), 'the repository subgraph');
    // Its first answers are slow (Apollo's first parse and validation): not in the measurement,
    // and not past the issues subgraph's permission deadline (it would fall back to stored facts).
    for (let i = 0; i < 5; i += 1) {
      await fetch(`${repository}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'query($o: String!, $n: String!) { repository(owner: $o, name: $n) { giteaId } }',
          variables: { o: 'benchowner', n: 'repo0' },
        }),
      });
    }

    const gatewayPort = await freePort();
    const gateway = startNodeProcess(
      'gateway',
      `${ROOT}/gateway/dist/main.js`,
      {
        GATEWAY_PORT: String(gatewayPort),
        GITFORGE_JWT_SECRET: SECRET,
        NODE_ENV: 'test',
        // Every simulated browser tab connects from 127.0.0.1; twice, for the reconnect storm
        // (the new connections may arrive before the gateway saw the old ones close).
        MAX_CONNECTIONS_PER_CLIENT: String(2 * options.maxSubscribers + 100),
        SUBGRAPH_URLS: `issues=${issuesOrigin}/graphql,repository=${repository}/graphql`,
        REDIS_KEY_PREFIX: redisPrefix,
      },
      profile('gateway'),
    );
    processes.push(gateway);
    raiseOpenFiles(gateway.child.pid!, options.maxSubscribers * 2 + 1000);
    const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
    await waitUntilReady(`${gatewayOrigin}/health/ready`, gateway, 120_000);
    return {
      gateway: gatewayOrigin,
      issues: issuesOrigin,
      repository,
      pids: {
        gateway: gateway.child.pid!,
        issues: issues.child.pid!,
        repository: repos.child.pid!,
      },
      databasePids,
      stop,
      outputs,
    };
  } catch (err) {
    const text = outputs();
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${text}`);
  }
}

/** A process and all its descendants (the embedded database may run PostgreSQL below it). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { stat } of listProcesses()) {
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  }
  const found = [root];
  for (let i = 0; i < found.length; i += 1) found.push(...(children.get(found[i]!) ?? []));
  return found;
}

/** Every sample of a Prometheus text page, summed over labels: name → value. */
export async function readMetrics(origin: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const values = new Map<string, number>();
  for (const match of text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})? ([0-9.e+-]+|NaN)$/gm)) {
    values.set(match[1]!, (values.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return values;
}

export async function metric(origin: string, name: string): Promise<number | undefined> {
  return (await readMetrics(origin)).get(name);
}

/** Memory after a quiet moment: the lowest of a few samples (GC runs in between). */
export async function settledMemory(origin: string): Promise<{ rss: number; heap: number }> {
  let rss = Infinity;
  let heap = Infinity;
  for (let i = 0; i < 6; i += 1) {
    await sleep(500);
    const values = await readMetrics(origin);
    rss = Math.min(rss, values.get('process_resident_memory_bytes') ?? NaN);
    heap = Math.min(heap, values.get('nodejs_heap_size_used_bytes') ?? NaN);
  }
  return { rss, heap };
}

export interface RepositoryCounts {
  entityRequests: number;
  entityRepresentations: number;
  accessChecks: number;
}

export async function repositoryCounts(origin: string): Promise<RepositoryCounts> {
  return (await (await fetch(`${origin}/bench-counts`)).json()) as RepositoryCounts;
}
