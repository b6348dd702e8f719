/*
 * CPU per request of the issues subgraph's read path, one process measured alone:
 *
 *   node -r @swc-node/register subgraphs/issues/test/bench/readPathCpu.ts [distDir ...]
 *
 * Starts each built issues process (`<distDir>/main.js`, default subgraphs/issues/dist) over
 * DATABASE_URL and REDIS_URL, with a stub repository subgraph in this process answering the
 * permission call (public repository, owner alice), seeds 20 labelled issues, then sends what the
 * gateway sends the issues subgraph for the bench's nested query (20 connections, rounds of 6 s,
 * the processes interleaved) and reads the process's CPU time (utime + stime, /proc) around each
 * round. Prints ms of CPU per request per process and the ratio to the first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { signSessionToken } from '@gitforge/auth';

const SECRET = 'read-path-cpu-bench-secret-0123456789';
const QUERY = `query BenchNested__issues__0($repository:String!){issues(repository:$repository first:20){totalCount nodes{id number title state createdAt commentCount labels{name color} author{__typename login} repository{__typename fullName}}}}`;
const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`;
const dists = process.argv.slice(2).map((d) => resolve(d));
if (dists.length === 0) dists.push(resolve(__dirname, '../../dist'));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 6);
const CONNECTIONS = 20;

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

async function start(dist: string, port: number, repositoryUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [`${dist}/main.js`], {
    env: {
      ...process.env,
      ISSUES_PORT: String(port),
      REPOSITORY_SUBGRAPH_URL: repositoryUrl,
      GITFORGE_JWT_SECRET: SECRET,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${dist} did not start`);
}

async function gql(port: number, query: string, variables: object, token: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

async function round(port: number, pid: number, token: string, repository: string) {
  const before = ticks(pid);
  const end = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        await gql(port, QUERY, { repository }, token);
        done++;
      }
    }),
  );
  return { cpuMs: (ticks(pid) - before) * 10, requests: done };
}

async function main() {
  const repositoryUrl = await stubRepositorySubgraph();
  const token = await signSessionToken(SECRET, 'alice');
  const repository = `alice/cpu-${Date.now().toString(36)}`;
  const processes = [];
  for (const [i, dist] of dists.entries()) {
    const port = 47100 + i;
    processes.push({ dist, port, child: await start(dist, port, repositoryUrl), cpu: 0, n: 0 });
  }
  for (let n = 0; n < 20; n++) {
    const labels = n % 2 ? ['bug', `area-${n % 5}`] : ['docs'];
    await gql(
      processes[0]!.port,
      CREATE,
      { i: { repository, title: `Issue ${n}`, labels } },
      token,
    );
  }
  for (const p of processes) await round(p.port, p.child.pid!, token, repository); // warm-up
  const fromMicros = Number(process.hrtime.bigint() / 1000n);
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of processes) {
      const { cpuMs, requests } = await round(p.port, p.child.pid!, token, repository);
      p.cpu += cpuMs;
      p.n += requests;
      console.log(
        `round ${r + 1} ${p.dist}: ${(cpuMs / requests).toFixed(3)} ms/request (${requests} requests)`,
      );
    }
  }
  // With the bench's profile preload (NODE_OPTIONS, BENCH_CPU_PROFILE_DIR): only the rounds.
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  if (profileDir) {
    const toMicros = Number(process.hrtime.bigint() / 1000n);
    const window = { fromMicros, toMicros, label: 'the measured rounds' };
    writeFileSync(`${profileDir}/window.json`, JSON.stringify(window));
  }
  const base = processes[0]!.cpu / processes[0]!.n;
  for (const p of processes) {
    const perRequest = p.cpu / p.n;
    console.log(
      `${p.dist}: ${perRequest.toFixed(3)} ms CPU/request over ${p.n} requests, ` +
        `${(p.n / (ROUNDS * SECONDS)).toFixed(0)} req/s; ${(perRequest / base).toFixed(2)}× the first`,
    );
    p.child.kill('SIGTERM');
  }
}

void main();
