/**
 * 1,000 concurrent subscriptions through the gateway, then events, on real processes: the
 * built gateway and issues subgraph (`npm run build` first), a repository subgraph stand-in
 * (so each event needs an entity fetch, like `repository { description }` in the UI), and the
 * embedded PostgreSQL unless DATABASE_URL is set. Each subscription is its own WebSocket, as
 * from its own browser tab. Prints p50 / p99 delivery latency and the gateway's memory per
 * subscription.
 *
 *   node -r @swc-node/register bench/subscriptions/subscriptionBench.ts \
 *     [--subscriptions 1000] [--events 20] [--users 1000] [--interval-ms 250] [--local-only]
 *
 * --local-only selects no field of another subgraph (no entity fetch per event), to show what
 * the follow-up resolution costs. REDIS_URL set: the issues subgraph publishes through Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { signSessionToken } from '@gitforge/auth';
import {
  startNodeProcess,
  waitUntilReady,
  type RunningProcess,
} from '../../gateway/test/support/childProcess';
import { freePort } from '../../gateway/test/support/helpers';

const ROOT = resolve(__dirname, '../..');
const SECRET = 'bench-secret-for-subscriptions-0123456789';
const MB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '1000' },
    events: { type: 'string', default: '20' },
    users: { type: 'string', default: '1000' },
    'interval-ms': { type: 'string', default: '250' },
    'local-only': { type: 'boolean', default: false },
  },
});
const SUBSCRIPTIONS = Number(args.subscriptions);
const EVENTS = Number(args.events);
const USERS = Number(args.users);
const INTERVAL_MS = Number(args['interval-ms']);

const processes: RunningProcess[] = [];

interface BenchEvent {
  occurredAt: string;
  issue: { title: string };
}
let dataDir: string | undefined;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function metric(origin: string, name: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let total = 0;
  let found = false;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))) {
    total += Number(match[1]);
    found = true;
  }
  if (!found) throw new Error(`no ${name} at ${origin}/metrics`);
  return total;
}

/** Gateway memory after a quiet moment: the lowest of a few samples (GC runs in between). */
async function settledMemory(origin: string): Promise<{ rss: number; heap: number }> {
  let rss = Infinity;
  let heap = Infinity;
  for (let i = 0; i < 6; i += 1) {
    await sleep(500);
    rss = Math.min(rss, await metric(origin, 'process_resident_memory_bytes'));
    heap = Math.min(heap, await metric(origin, 'nodejs_heap_size_used_bytes'));
  }
  return { rss, heap };
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** BENCH_PROFILE=<dir>: each service writes a V8 CPU profile there when it stops. */
function profile(name: string): string[] {
  const dir = process.env.BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
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

async function startStack(): Promise<{ gateway: string; issues: string }> {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'gitforge-bench-'));
    const port = await freePort();
    const devdb = startNodeProcess('devdb', `${ROOT}/lib/devdb/dist/main.js`, {
      GITFORGE_DATA_DIR: dataDir,
      DEVDB_PORT: String(port),
    });
    processes.push(devdb);
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    await waitFor(() => {
      if (devdb.child.exitCode !== null) throw new Error(`devdb exited:\n${devdb.output()}`);
      return accepts(port);
    }, 'the embedded database');
  }
  const reposPort = await freePort();
  const repos = startNodeProcess(
    'repository',
    `${ROOT}/bench/subscriptions/repositorySubgraph.ts`,
    { PORT: String(reposPort), GITFORGE_JWT_SECRET: SECRET },
    ['-r', '@swc-node/register', ...profile('repository')],
  );
  processes.push(repos);
  const issuesPort = await freePort();
  const issues = startNodeProcess(
    'issues',
    `${ROOT}/subgraphs/issues/dist/main.js`,
    {
      ISSUES_PORT: String(issuesPort),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: process.env.DATABASE_URL ? '10' : '1',
      GITFORGE_JWT_SECRET: SECRET,
      NODE_ENV: 'test',
      // The issues process asks the repository subgraph (here its stand-in) who may read.
      REPOSITORY_SUBGRAPH_URL: `http://127.0.0.1:${reposPort}/graphql`,
    },
    profile('issues'),
  );
  processes.push(issues);
  const issuesOrigin = `http://127.0.0.1:${issuesPort}`;
  await waitUntilReady(`${issuesOrigin}/health/ready`, issues, 120_000);
  await waitFor(() => repos.output().includes('listening'), 'the repository subgraph');

  const gatewayPort = await freePort();
  const gateway = startNodeProcess(
    'gateway',
    `${ROOT}/gateway/dist/main.js`,
    {
      GATEWAY_PORT: String(gatewayPort),
      GITFORGE_JWT_SECRET: SECRET,
      NODE_ENV: 'test',
      // Every simulated browser tab connects from 127.0.0.1.
      MAX_CONNECTIONS_PER_CLIENT: String(SUBSCRIPTIONS + 10),
      SUBGRAPH_URLS: `issues=${issuesOrigin}/graphql,repository=http://127.0.0.1:${reposPort}/graphql`,
    },
    profile('gateway'),
  );
  processes.push(gateway);
  const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
  await waitUntilReady(`${gatewayOrigin}/health/ready`, gateway, 120_000);
  return { gateway: gatewayOrigin, issues: issuesOrigin };
}

const t0 = performance.now();
const mark = (what: string) =>
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);

async function main(): Promise<void> {
  const { gateway, issues } = await startStack();
  mark('processes ready');
  const repo = `owner/bench${Date.now().toString(36)}`;
  const tokens = await Promise.all(
    Array.from({ length: USERS }, (_, i) => signSessionToken(SECRET, `user${i}`)),
  );
  const selection = args['local-only']
    ? 'issue { number title }'
    : 'issue { number title repository { fullName description } }';
  const query = `subscription($r: String!) { issueEvents(repository: $r) { action occurredAt ${selection} } }`;

  // Warm up (planner, connections), then measure the idle gateway.
  await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const idle = await settledMemory(gateway);

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const publishLatencies: number[] = [];
  const received = new Map<string, number>();
  const errors: unknown[] = [];
  const clients: Client[] = [];
  const opening = performance.now();
  for (let i = 0; i < SUBSCRIPTIONS; i += 1) {
    const client = createClient({
      url: `${gateway.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tokens[i % USERS]}` },
      retryAttempts: 0,
    });
    clients.push(client);
    client.subscribe(
      { query, variables: { r: repo } },
      {
        next: (result) => {
          const now = performance.now();
          const event = (result.data as { issueEvents?: BenchEvent } | null)?.issueEvents;
          if (!event || result.errors) {
            errors.push(result.errors ?? result);
            return;
          }
          const title = event.issue.title;
          const sent = sentAt.get(title);
          if (sent !== undefined) latencies.push(now - sent);
          publishLatencies.push(performance.timeOrigin + now - Date.parse(event.occurredAt));
          received.set(title, (received.get(title) ?? 0) + 1);
        },
        error: (err) => errors.push(err),
        complete: () => undefined,
      },
    );
  }
  await waitFor(
    async () => (await metric(issues, 'issues_event_subscriptions')) === SUBSCRIPTIONS,
    `${SUBSCRIPTIONS} subscriptions`,
  );
  const openedMs = performance.now() - opening;
  mark(`${SUBSCRIPTIONS} subscriptions open`);
  const loaded = await settledMemory(gateway);

  const author = `Bearer ${await signSessionToken(SECRET, 'owner')}`;
  for (let i = 0; i < EVENTS; i += 1) {
    const title = `event-${i}`;
    sentAt.set(title, performance.now());
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: author },
      body: JSON.stringify({
        query: 'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
        variables: { i: { repository: repo, title } },
      }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`createIssue failed: ${JSON.stringify(body.errors)}`);
    await waitFor(
      () => (received.get(title) ?? 0) >= SUBSCRIPTIONS,
      `deliveries of ${title}`,
      60_000,
    );
    await sleep(INTERVAL_MS);
  }

  mark('events delivered');
  const gatewayInternal = await metric(gateway, 'gateway_subscription_delivery_seconds_sum');
  const gatewayCount = await metric(gateway, 'gateway_subscription_delivery_seconds_count');
  await Promise.all(
    clients.map(async (c) => {
      await c.dispose();
    }),
  );
  await waitFor(
    async () => (await metric(gateway, 'gateway_subscriptions_active')) === 0,
    'the gateway to release every subscription',
  );
  await waitFor(
    async () => (await metric(gateway, 'gateway_subscription_upstream_connections')) === 0,
    'the gateway to close its subgraph connections',
  );
  mark('released');

  latencies.sort((a, b) => a - b);
  publishLatencies.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const perSub = (bytes: number) => `${(bytes / SUBSCRIPTIONS / 1024).toFixed(1)} KiB`;
  const lines = [
    `subscriptions: ${SUBSCRIPTIONS} (one WebSocket each, ${USERS} users), events: ${EVENTS}, ` +
      `selection: ${args['local-only'] ? 'issues subgraph only' : 'with repository { description } (entity fetch per event)'}`,
    `opened in ${fmt(openedMs)}; deliveries: ${latencies.length} (expected ${SUBSCRIPTIONS * EVENTS}), errors: ${errors.length}`,
    `delivery latency, mutation sent → event received: p50 ${fmt(percentile(latencies, 50))}, p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies.at(-1) ?? NaN)}`,
    `delivery latency, event published → received (ms clock): p50 ${fmt(percentile(publishLatencies, 50))}, p99 ${fmt(percentile(publishLatencies, 99))}`,
    `gateway work per delivery (event in → sent, incl. entity fetch): mean ${fmt((gatewayInternal / gatewayCount) * 1000)}`,
    `gateway memory per subscription: RSS ${perSub(loaded.rss - idle.rss)}, JS heap ${perSub(loaded.heap - idle.heap)} ` +
      `(idle RSS ${(idle.rss / MB).toFixed(0)} MiB → ${(loaded.rss / MB).toFixed(0)} MiB with ${SUBSCRIPTIONS} subscriptions)`,
    'after closing every client: gateway_subscriptions_active 0, subgraph connections 0',
  ];
  console.log(lines.join('\n'));
  if (latencies.length !== SUBSCRIPTIONS * EVENTS || errors.length > 0) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    console.error(err);
    for (const proc of processes) console.error(`--- ${proc.name}\n${proc.output().slice(-2000)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const proc of [...processes].reverse()) await proc.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
