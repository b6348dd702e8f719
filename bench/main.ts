/**
 * `npm run bench`: the side-by-side suite of GitHub issue 7, on this machine, in one run.
 *
 *   (a) our gateway vs a stock @apollo/gateway over the same subgraphs, nested query
 *   (b) our gateway vs the issues subgraph called directly, single-subgraph query
 *   (c) createIssue through our gateway against real PostgreSQL at a fixed rate
 *   (d) git clone of a 110 MB pack through the git proxy vs straight from the git host
 *   (e) the gateway alone over three stub subgraphs: ours vs stock @apollo/gateway vs
 *       @graphql-hive/gateway, nested query
 *   soak: (a)'s nested load against our gateway for --soak-seconds, its RSS every second
 *
 * Starts everything itself (supervisor with a temp data dir, free ports and a fresh database on
 * the PostgreSQL server of DATABASE_URL, else postgres://postgres@127.0.0.1:5432), stops it all
 * at the end, also on failure or Ctrl-C. Writes bench/results/latest.{json,md}; with --readme
 * also the README's table; with --profile a CPU profile of every process and its flame graph in
 * bench/results/profiles/<run>/. Options: see `OPTIONS` below; bench/README.md explains the method.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureCloneThroughProxy } from './git-proxy/measureCloneThroughProxy';
import { monotonicMicros, profileRunDir } from './profile/profileRun';
import { renderProfiles } from './profile/renderProfiles';
import { killLiveChildren, atInterrupt } from './support/processes';
import { compareDirect } from './suite/compareDirect';
import { compareGatewaysAlone } from './gateways/compareGatewaysAlone';
import { compareGateways } from './suite/compareGateways';
import { measureCreateIssue } from './suite/createIssueLoad';
import { createFreshDatabase } from './suite/database';
import { currentLoadAverage, describeMachine } from './suite/machine';
import { startPlatform, type Platform } from './suite/platform';
import { evaluateGoals, goalsTable } from './suite/goals';
import { busyMachineWarning, resultsTable, type BenchResults } from './suite/report';
import { platformProcessGroups } from './suite/processCpu';
import { seedFixture } from './suite/seedFixture';
import { soakGateway } from './suite/soak';
import { startStockGateway } from './suite/startStockGateway';
import { carryOver, readPreviousResults } from './suite/carryOver';
import { updateReadme, writeResults } from './suite/writeResults';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ROOT = resolve(__dirname, '..');
const OPTIONS = {
  only: { type: 'string', default: 'a,b,c,d,e,soak' },
  connections: { type: 'string', default: '20' },
  duration: { type: 'string', default: '6' },
  rounds: { type: 'string', default: '5' },
  rate: { type: 'string', default: '1000' },
  'rate-connections': { type: 'string', default: '50' },
  'rate-duration': { type: 'string', default: '15' },
  repositories: { type: 'string', default: '8' },
  'clone-runs': { type: 'string', default: '5' },
  'size-mb': { type: 'string', default: '110' },
  /** (e): connections against each gateway (graphql-gateways-benchmark uses 50). */
  'gateway-connections': { type: 'string', default: '50' },
  /** soak: seconds of (a)'s load against our gateway after a warm-up (the goal: 600). */
  'soak-seconds': { type: 'string', default: '60' },
  out: { type: 'string', default: join(ROOT, 'bench/results') },
  readme: { type: 'boolean', default: false },
  /** CPU profile of every process into bench/results/profiles/<run>/, with flame graphs. */
  profile: { type: 'boolean', default: false },
  // 1 ms (`--cpu-prof`'s default) halved (a)'s throughput on 2 busy cores; 4 ms did not.
  'profile-interval-us': { type: 'string', default: '4000' },
} as const;

const log = (line: string) => console.log(line);
const { values: args } = parseArgs({ options: OPTIONS });
const int = (name: keyof typeof OPTIONS) => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
};

async function main(): Promise<number> {
  const started = Date.now();
  const only = new Set(String(args.only).split(','));
  const machine = describeMachine();
  const runId = Date.now().toString(36);
  const profileDir = args.profile ? profileRunDir(resolve(String(args.out))) : undefined;
  const profile = profileDir
    ? { dir: profileDir, intervalMicros: int('profile-interval-us') }
    : undefined;
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const partial: Omit<BenchResults, 'goals' | 'durationSeconds'> = {
    date: new Date().toISOString(),
    machine,
    setup: {
      databaseServer: redact(serverUrl),
      redis: Boolean(process.env.REDIS_URL),
      nodeEnv: process.env.NODE_ENV ?? '(unset: development)',
      revision: gitRevision(),
    },
  };
  log(
    `machine: ${machine.cpuCount} × ${machine.cpuModel}, load average ${machine.loadAverageAtStart.join(' ')}`,
  );

  if (['a', 'b', 'c', 'soak'].some((k) => only.has(k))) {
    const database = await createFreshDatabase(serverUrl);
    const forgetDatabase = atInterrupt(database.dropNow);
    let platform: Platform | undefined;
    let measured = false;
    try {
      log(`starting GitForge (database ${database.name})...`);
      platform = await startPlatform(database.url, { profile });
      const pids = platform.pids();
      const fixture = await seedFixture(platform.graphqlUrl, platform.demoPassword, {
        issues: 20,
        writeRepositories: int('repositories'),
        runId,
      });
      const gateway = { url: platform.graphqlUrl, pid: pids.gateway! };
      const plan = {
        connections: int('connections'),
        durationSeconds: int('duration'),
        rounds: int('rounds'),
        warmupSeconds: 5,
      };
      // The stock gateway serves (a) and, for reference, (b); it idles otherwise.
      const stock =
        only.has('a') || only.has('b')
          ? await startStockGateway(platform.subgraphList, platform.logFile, { profile })
          : undefined;
      try {
        if (stock && only.has('a')) {
          log(
            '(a) our gateway vs a stock @apollo/gateway, nested query across the three subgraphs',
          );
          const fromMicros = monotonicMicros();
          // Every process of the platform, each side with its own gateway.
          const redis = Boolean(process.env.REDIS_URL);
          const processes = {
            ours: platformProcessGroups(() => platform!.pids(), database.name, redis),
            stock: platformProcessGroups(
              () => ({ ...platform!.pids(), gateway: stock.pid }),
              database.name,
              redis,
            ),
          };
          partial.gatewayVsStock = await compareGateways(
            gateway,
            stock,
            fixture,
            plan,
            log,
            processes,
          );
          if (profile) {
            // The flame graphs show (a)'s load, not start-up, seeding, (b), (c) or shutdown.
            const window = {
              fromMicros,
              toMicros: monotonicMicros(),
              label: `during (a), sampled every ${profile.intervalMicros} µs, load average before ${machine.loadAverageAtStart.join(' ')}, after ${currentLoadAverage().join(' ')}`,
            };
            writeFileSync(join(profile.dir, 'window.json'), JSON.stringify(window));
          }
        }
        if (only.has('b')) {
          log(
            '(b) our gateway vs the issues subgraph directly (and the stock gateway), single-subgraph query',
          );
          partial.gatewayVsDirect = await compareDirect(
            gateway,
            { url: platform.subgraphUrls.issues, pid: pids.issues! },
            stock,
            fixture,
            {
              saturated: { ...plan, rounds: Math.min(3, plan.rounds) },
              sequential: {
                connections: 1,
                rounds: Math.min(3, plan.rounds),
                durationSeconds: Math.min(4, plan.durationSeconds),
                warmupSeconds: 1,
              },
            },
            log,
          );
        }
      } finally {
        await stock?.stop();
      }
      if (only.has('soak')) {
        log(
          `soak: (a)'s nested query against our gateway for ${args['soak-seconds']} s, RSS every second`,
        );
        partial.soak = await soakGateway(
          gateway,
          fixture,
          {
            connections: plan.connections,
            seconds: int('soak-seconds'),
            warmupSeconds: plan.warmupSeconds,
            edgeSamples: 10,
          },
          log,
        );
        const r = partial.soak.rss;
        log(
          `  RSS ${(r.startBytes / 1048576).toFixed(1)} MB → max ${(r.maxBytes / 1048576).toFixed(1)} → end ${(r.endBytes / 1048576).toFixed(1)} MB`,
        );
      }
      if (only.has('c')) {
        log(`(c) createIssue through the gateway at ${args.rate}/s offered, real PostgreSQL`);
        partial.createIssue = await measureCreateIssue(
          platform.graphqlUrl,
          fixture,
          database.url,
          platform.subgraphUrls.issues.replace(/\/graphql$/, '/metrics'),
          { gateway: pids.gateway!, issues: pids.issues! },
          {
            rate: int('rate'),
            connections: int('rate-connections'),
            durationSeconds: int('rate-duration'),
            warmupSeconds: 3,
            capacitySeconds: 8,
          },
          runId,
        );
        const v = partial.createIssue.verification;
        log(
          `  achieved ${partial.createIssue.fixedRate.goodPerSecond.toFixed(0)}/s; database check ${v.ok ? 'OK' : 'FAILED'}`,
        );
      }
      measured = true;
    } finally {
      // The services' log stays in the temp dir when something failed.
      await platform?.stop({ keepLog: !measured });
      if (!measured && platform) log(`services' log: ${platform.logFile}`);
      forgetDatabase();
      await database.drop();
    }
  }
  if (profile) {
    log(
      `CPU profiles and flame graphs: ${renderProfiles(profile.dir).length} files in ${profile.dir}`,
    );
  }
  if (only.has('e')) {
    log(
      '(e) the gateway alone: ours vs stock @apollo/gateway vs @graphql-hive/gateway, stub subgraphs',
    );
    const logFile = join(tmpdir(), `gitforge-bench-e-${process.pid}.log`);
    partial.gatewaysAlone = await compareGatewaysAlone(
      {
        connections: int('gateway-connections'),
        durationSeconds: int('duration'),
        rounds: int('rounds'),
        warmupSeconds: 5,
      },
      logFile,
      log,
    );
    rmSync(logFile, { force: true }); // kept when (e) failed
  }
  if (only.has('d')) {
    log('(d) git clone through the git proxy vs straight from githost');
    partial.clone = await measureCloneThroughProxy({
      sizeMb: int('size-mb'),
      runs: int('clone-runs'),
      log: (line) => log(`  ${line}`),
    });
  }

  machine.loadAverageAtEnd = currentLoadAverage();
  // A partial run keeps the other comparisons of the last latest.json (marked as carried over).
  const merged = carryOver(partial, readPreviousResults(resolve(String(args.out))));
  const results: BenchResults = {
    ...merged,
    durationSeconds: (Date.now() - started) / 1000,
    goals: evaluateGoals(merged),
  };
  log('');
  for (const warning of busyMachineWarning(results.machine)) log(`${warning}\n`);
  log(resultsTable(results));
  log('');
  log(goalsTable(results.goals));
  const files = await writeResults(results, resolve(String(args.out)));
  log(`\nwritten: ${files.join(', ')}; whole suite ${results.durationSeconds.toFixed(0)} s`);
  if (args.readme) {
    const readme = join(ROOT, 'README.md');
    log(
      (await updateReadme(results, readme)) ? `updated ${readme}` : `no bench markers in ${readme}`,
    );
  }
  // Missed goals are results; wrong answers or a database that disagrees are failures.
  return results.createIssue && !results.createIssue.verification.ok ? 1 : 0;
}

/** HEAD and the source files with uncommitted changes (what `tsc -b` just built). */
function gitRevision(): { commit: string; uncommitted: string[] } | undefined {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' });
    const uncommitted = git('status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .map((line) => line.slice(3))
      .filter((path) => /\/src\/.*\.ts$/.test(path));
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), uncommitted };
  } catch {
    return undefined;
  }
}

/** Scheme, host and port only: no credentials in the results. */
function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything`);
    killLiveChildren();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    killLiveChildren();
    process.exit(1);
  },
);
