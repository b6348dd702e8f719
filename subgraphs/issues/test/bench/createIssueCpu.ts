/*
 * createIssue throughput and CPU per create of issues processes measured alone, side by side:
 *
 *   node -r @swc-node/register subgraphs/issues/test/bench/createIssueCpu.ts <main.ts|main.js> ...
 *
 * Starts each issues process (`node -r @swc-node/register <main>`) over DATABASE_URL, with a
 * stub repository subgraph in this process answering the permission call (public repository,
 * owner alice), then sends createIssue straight to it from CONNECTIONS (default 50) connections
 * in a closed loop, round-robin over REPOSITORIES (default 8) fresh repositories per process,
 * ROUNDS (default 3) rounds of SECONDS (default 6) per process, the processes taking turns, and
 * reads the process's CPU time (utime + stime, /proc) around each round. Then checks the
 * database: every repository's numbers exactly 1..n, as many rows as answers. Prints creates/s,
 * p50/p99 and ms of CPU per create per process, and the ratio to the first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { MikroORM } from '@mikro-orm/postgresql';

const SECRET = 'create-issue-cpu-bench-secret-0123456789';
const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`;
const mains = process.argv.slice(2).map((d) => resolve(d));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 6);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const REPOSITORIES = Number(process.env.REPOSITORIES ?? 8);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const ticks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, clock ticks (100/s)
};

async function stubRepositorySubgraph(): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { variables } = JSON.parse(body) as { variables: { owner: string } };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: {
            repository: { giteaId: 1, private: false, owner: { login: variables.owner } },
          },
        }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function start(main: string, port: number, repositoryUrl: string): Promise<ChildProcess> {
  // NODE_ARGS: extra node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`.
  const flags = (process.env.NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...flags, ...(main.endsWith('.ts') ? ['-r', '@swc-node/register'] : []), main];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL,
      ISSUES_PORT: String(port),
      REPOSITORY_SUBGRAPH_URL: repositoryUrl,
      GITFORGE_JWT_SECRET: SECRET,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      SWC_NODE_SOURCE_MAP_MODE: 'none',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${main} did not start`);
}

async function create(port: number, token: string, repository: string, title: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CREATE, variables: { i: { repository, title } } }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

/** Mean of the issues_create_batch_size histogram (absent before group commit: '-'). */
async function meanBatch(port: number): Promise<string> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  const sum = /^issues_create_batch_size_sum(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1];
  const count = /^issues_create_batch_size_count(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1];
  const mean = Number(sum) / Number(count);
  return Number.isFinite(mean) ? mean.toFixed(1) : '-';
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function round(port: number, pid: number, token: string, repositories: string[]) {
  const before = ticks(pid);
  const end = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const n = next++;
        const t = performance.now();
        await create(port, token, repositories[n % repositories.length]!, `cpu ${n}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { cpuMs: (ticks(pid) - before) * 10, latencies };
}

async function main() {
  if (mains.length === 0) throw new Error('usage: createIssueCpu.ts <main.ts|main.js> ...');
  const repositoryUrl = await stubRepositorySubgraph();
  const token = await signSessionToken(SECRET, 'alice');
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const processes = [];
  for (const [i, main] of mains.entries()) {
    const port = 47200 + i;
    const repositories = Array.from(
      { length: REPOSITORIES },
      (_, r) => `alice/create-${runId}-${i}-${r}`,
    );
    const child = await start(main, port, repositoryUrl);
    processes.push({ main, port, child, repositories, cpu: 0, latencies: [] as number[] });
  }
  // Warm-up (JIT, pools, permission facts), not counted.
  for (const p of processes) {
    await Promise.all(p.repositories.map((r) => create(p.port, token, r, 'warm-up')));
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of processes) {
      const { cpuMs, latencies } = await round(p.port, p.child.pid!, token, p.repositories);
      p.cpu += cpuMs;
      p.latencies.push(...latencies);
      console.log(
        `round ${r + 1} ${p.main}: ${(latencies.length / SECONDS).toFixed(0)} creates/s, ` +
          `${(cpuMs / latencies.length).toFixed(3)} ms CPU/create`,
      );
    }
  }
  const orm = await MikroORM.init({
    clientUrl: DATABASE_URL,
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  const base = processes[0]!.cpu / processes[0]!.latencies.length;
  const baseRate = processes[0]!.latencies.length;
  for (const p of processes) {
    const n = p.latencies.length;
    const sorted = [...p.latencies].sort((a, b) => a - b);
    const rows = await orm.em.fork().execute<{ count: string; distinct: string; max: number }[]>(
      `select count(*) as count, count(distinct number) as distinct, max(number) as max
         from issues where repository like ? group by repository`,
      [`alice/create-${runId}-${processes.indexOf(p)}-%`],
    );
    const total = rows.reduce((t, row) => t + Number(row.count), 0);
    const gapFree = rows.every(
      (row) => Number(row.count) === Number(row.distinct) && Number(row.max) === Number(row.count),
    );
    console.log(
      `${p.main}: ${(n / (ROUNDS * SECONDS)).toFixed(0)} creates/s (${(n / baseRate).toFixed(2)}× the first), ` +
        `p50 ${quantile(sorted, 0.5).toFixed(1)} ms / p99 ${quantile(sorted, 0.99).toFixed(1)} ms, ` +
        `${(p.cpu / n).toFixed(3)} ms CPU/create (${(p.cpu / n / base).toFixed(2)}× the first); ` +
        `mean batch ${await meanBatch(p.port)}; ` +
        `database: ${total} rows for ${n + REPOSITORIES} answers, numbers ${gapFree ? 'gap-free' : 'NOT gap-free'}`,
    );
    p.child.kill('SIGTERM');
  }
  await orm.close();
}

void main();
