/**
 * Processes of comparison (e): the three stub subgraphs, the supergraph composed once from their
 * SDL, and the gateways (ours, `@graphql-hive/gateway`; the stock one is `startStockGateway`),
 * each in its own process with its output in one log file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { freePorts, removeOnInterrupt, stopService, track } from '../support/processes';
import { STUB_NAMES, STUB_TYPE_DEFS, type StubName } from './stubSchemas';

const ROOT = resolve(__dirname, '../..');
/** The query every gateway must answer before it counts as started (needs the supergraph). */
const PROBE = '{ topProducts(first: 1) { upc name reviews { id } } }';

export interface Started {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface Stubs {
  urls: Record<StubName, string>;
  /** `name=url,...` (SUBGRAPH_URLS of ours and of the stock gateway). */
  list: string;
  pids: Record<StubName, number>;
  /** The composed supergraph SDL, written once for gateways that read a file. */
  supergraphFile: string;
  stop(): Promise<void>;
}

/** Spawns `node args`, output appended to `logFile`, and waits until `ready()` is true (60 s). */
async function startNode(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  ready: () => Promise<boolean>,
): Promise<ChildProcess> {
  const log = openSync(logFile, 'a');
  const child = track(
    spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', log, log] }),
  );
  closeSync(log);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited (${child.exitCode}); see ${logFile}`);
    if (await ready().catch(() => false)) return child;
    if (Date.now() > deadline) {
      await stopService(child);
      throw new Error(`${name} was not ready within 60 s; see ${logFile}`);
    }
    await sleep(200);
  }
}

/** True when `url` answers the probe query with data and no errors. */
export async function answersProbe(url: string): Promise<boolean> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PROBE }),
    signal: AbortSignal.timeout(5000),
  });
  if (res.status !== 200) return false;
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  return Boolean(body.data) && !body.errors;
}

/** The supergraph SDL of the stubs, composed in this process (the same for every gateway). */
export function composeStubSupergraph(urls: Record<StubName, string>): string {
  const result = composeServices(
    STUB_NAMES.map((name) => ({ name, typeDefs: parse(STUB_TYPE_DEFS[name]), url: urls[name] })),
  );
  if (result.errors) {
    throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.supergraphSdl;
}

export async function startStubs(logFile: string): Promise<Stubs> {
  const ports = await freePorts(STUB_NAMES.length);
  const children = await Promise.all(
    STUB_NAMES.map((name, i) =>
      startNode(
        `stub ${name}`,
        ['-r', '@swc-node/register', join(ROOT, 'bench/gateways/stubSubgraph.ts')],
        {
          ...process.env,
          STUB_SUBGRAPH: name,
          STUB_PORT: String(ports[i]),
          SWC_NODE_SOURCE_MAP_MODE: 'none',
        },
        logFile,
        async () => (await fetch(`http://127.0.0.1:${ports[i]}/health`)).status === 200,
      ),
    ),
  );
  const urls = Object.fromEntries(
    STUB_NAMES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}/graphql`]),
  ) as Record<StubName, string>;
  const dir = removeOnInterrupt(mkdtempSync(join(tmpdir(), 'gitforge-bench-e-')));
  const supergraphFile = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphFile, composeStubSupergraph(urls));
  return {
    urls,
    list: STUB_NAMES.map((name) => `${name}=${urls[name]}`).join(','),
    pids: Object.fromEntries(STUB_NAMES.map((name, i) => [name, children[i]!.pid!])) as Record<
      StubName,
      number
    >,
    supergraphFile,
    stop: async () => {
      await Promise.all(children.map((child) => stopService(child, 5000)));
    },
  };
}

/** The environment every gateway gets: the bench's own, without Redis (the gateway alone). */
function gatewayEnv(): NodeJS.ProcessEnv {
  const { REDIS_URL: _redis, ...env } = process.env;
  return env;
}

/**
 * GitForge's gateway as `npm start` runs it (`gateway/dist/main.js`, default LOG_LEVEL) over
 * `SUBGRAPH_URLS`: a random JWT secret (requests are anonymous), a temp data dir for ended
 * sessions (no Redis: only the gateway's own CPU is measured), and limits that do not refuse
 * the load (depth, cost, per-client cost budget: one client sends everything).
 */
export async function startOurGateway(stubs: Stubs, logFile: string): Promise<Started> {
  const [port] = await freePorts(1);
  const dataDir = removeOnInterrupt(mkdtempSync(join(tmpdir(), 'gitforge-bench-e-gw-')));
  const url = `http://127.0.0.1:${port}/graphql`;
  const child = await startNode(
    'our gateway',
    [join(ROOT, 'gateway/dist/main.js')],
    {
      ...gatewayEnv(),
      HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      SUBGRAPH_URLS: stubs.list,
      GITFORGE_JWT_SECRET: randomBytes(32).toString('base64url'),
      GITFORGE_DATA_DIR: dataDir,
      MAX_DEPTH: '100',
      MAX_COST: '1000000000',
      COST_BUDGET_POINTS: '1000000000000',
    },
    logFile,
    () => answersProbe(url),
  );
  return { name: 'ours', url, pid: child.pid!, stop: () => stopService(child) };
}

/**
 * `@graphql-hive/gateway` in one process (`--fork 0`: no worker processes) over the supergraph
 * file, otherwise its defaults. Its binary is run with `node` directly, so `pid` is the process
 * that serves.
 */
export async function startHiveGateway(stubs: Stubs, logFile: string): Promise<Started> {
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}/graphql`;
  const bin = join(ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js');
  const child = await startNode(
    'hive gateway',
    [
      bin,
      'supergraph',
      stubs.supergraphFile,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--fork',
      '0',
    ],
    gatewayEnv(),
    logFile,
    () => answersProbe(url),
  );
  return { name: 'hive', url, pid: child.pid!, stop: () => stopService(child) };
}
