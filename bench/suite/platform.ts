import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  atInterrupt,
  freePorts,
  isAlive,
  removeOnInterrupt,
  removeTempDir,
  stopService,
  track,
} from '../support/processes';
import { profilingEnv, type ProfileOptions } from '../profile/profileRun';

const ROOT = resolve(__dirname, '../..');
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

export interface Platform {
  /** Our gateway's GraphQL endpoint. */
  graphqlUrl: string;
  /** Each subgraph's own GraphQL endpoint. */
  subgraphUrls: { issues: string; repository: string; resilience: string };
  /** `name=url,...`, as the stock gateway takes them. */
  subgraphList: string;
  demoPassword: string;
  /** Pid of each service, from the supervisor's pid files. */
  pids(): Record<string, number>;
  /** The supervisor's log (every service's output), for diagnostics. */
  logFile: string;
  /** Stops everything; the log file is removed unless `keepLog`. */
  stop(options?: { keepLog?: boolean }): Promise<void>;
}

/**
 * The whole system as `npm start` runs it: the supervisor (built) with its own temp data dir,
 * free ports and the given PostgreSQL database; the embedded githost is the git host. Output
 * goes to a log file, not through this process.
 */
export async function startPlatform(
  databaseUrl: string,
  options: { profile?: ProfileOptions } = {},
): Promise<Platform> {
  const dataDir = removeOnInterrupt(mkdtempSync(join(tmpdir(), 'gitforge-bench-')));
  const logFile = join(tmpdir(), `gitforge-bench-${process.pid}.log`);
  const values = await freePorts(PORT_VARS.length);
  const ports = Object.fromEntries(PORT_VARS.map((name, i) => [name, values[i]!])) as Record<
    PortVar,
    number
  >;
  const demoPassword = `bench-${randomBytes(9).toString('base64url')}`;
  const log = openSync(logFile, 'w');
  const supervisor = track(
    spawn(process.execPath, [join(ROOT, 'supervisor/dist/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        HOST: '127.0.0.1',
        GITFORGE_DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        GITFORGE_DEMO_PASSWORD: demoPassword,
        // The load comes from one client: measure throughput, not the per-client budget.
        COST_BUDGET_POINTS: '1000000000',
        // --profile: every Node process (supervisor and services) writes a .cpuprofile at exit.
        ...(options.profile
          ? profilingEnv(options.profile.dir, options.profile.intervalMicros)
          : {}),
      },
      stdio: ['ignore', log, log],
    }),
  );
  closeSync(log);

  const servicePids = () => pidsOf(dataDir);
  // Killing the supervisor alone would orphan its children: end them first.
  const forget = atInterrupt(() => killServices(servicePids()));
  const stop = async (options: { keepLog?: boolean } = {}) => {
    forget();
    await stopService(supervisor, 30_000);
    killServices(servicePids());
    removeTempDir(dataDir);
    if (!options.keepLog) rmSync(logFile, { force: true });
  };

  const gateway = `http://127.0.0.1:${ports.GATEWAY_PORT}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (supervisor.exitCode !== null) {
      await stop({ keepLog: true });
      throw new Error(`the supervisor exited (${supervisor.exitCode}); see ${logFile}`);
    }
    try {
      if ((await fetch(`${gateway}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop({ keepLog: true });
      throw new Error(`GitForge was not ready within 120 s; see ${logFile}`);
    }
    await sleep(200);
  }

  const subgraph = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const subgraphUrls = {
    issues: subgraph(ports.ISSUES_PORT),
    repository: subgraph(ports.REPOSITORY_PORT),
    resilience: subgraph(ports.RESILIENCE_PORT),
  };
  return {
    graphqlUrl: `${gateway}/graphql`,
    subgraphUrls,
    subgraphList: Object.entries(subgraphUrls)
      .map(([name, url]) => `${name}=${url}`)
      .join(','),
    demoPassword,
    pids: servicePids,
    logFile,
    stop,
  };
}

function pidsOf(dataDir: string): Record<string, number> {
  const dir = join(dataDir, 'run');
  if (!existsSync(dir)) return {};
  const pids: Record<string, number> = {};
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.pid')) continue;
    const pid = Number.parseInt(readFileSync(join(dir, file), 'utf8'), 10);
    if (Number.isInteger(pid)) pids[file.slice(0, -'.pid'.length)] = pid;
  }
  return pids;
}

/** SIGKILLs the services still alive whose command line is one of this repository's. */
function killServices(pids: Record<string, number>): void {
  for (const pid of Object.values(pids)) {
    if (!isAlive(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(ROOT)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
