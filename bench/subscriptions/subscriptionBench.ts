/**
 * Subscriptions at scale (issue 15): N subscribers, one WebSocket each, through the built gateway
 * to the issues subgraph, with an entity fetch per event (`repository { description }` from the
 * repository subgraph stand-in), on real processes. See bench/README.md ("bench:subscriptions").
 *
 *   npm run bench:subscriptions -- [--subscriptions 1000,10000] [--events 20] [--users 1000]
 *     [--repositories 10] [--private 3] [--anonymous-percent 30] [--interval-ms 50]
 *     [--skip-storm] [--quick] [--local-only] [--without-cursor] [--client-processes 4]
 *     [--out bench/results/subscriptions-latest.md] [--json <file>]
 *
 * Prints the markdown table and writes it to --out (and the figures as JSON to --json).
 * Exit code 1 when an event was lost or duplicated, or a subscriber saw an error.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pretty } from '../suite/writeResults';
import { currentLoadAverage, describeMachine } from '../suite/machine';
import { runSubscriptions, type RunOptions, type RunResult } from './benchRun';
import { renderReport, reportJson, type BenchReport } from './report';
import { startStack, type Stack } from './stack';

const ROOT = resolve(__dirname, '../..');

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: 'string' },
    events: { type: 'string' },
    users: { type: 'string' },
    repositories: { type: 'string' },
    private: { type: 'string' },
    'anonymous-percent': { type: 'string', default: '30' },
    'interval-ms': { type: 'string' },
    'skip-storm': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'local-only': { type: 'boolean', default: false },
    'without-cursor': { type: 'boolean', default: false },
    'client-processes': { type: 'string' },
    'connect-concurrency': { type: 'string', default: '100' },
    'storm-max-seconds': { type: 'string', default: '60' },
    'storm-interval-ms': { type: 'string', default: '100' },
    out: { type: 'string', default: `${ROOT}/bench/results/subscriptions-latest.md` },
    json: { type: 'string' },
  },
});

const quick = args.quick;
const sizes = (args.subscriptions ?? (quick ? '50' : '1000,10000'))
  .split(',')
  .map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  throw new Error(
    `--subscriptions: positive integers, comma-separated (got ${args.subscriptions})`,
  );
}
const largest = Math.max(...sizes);
const base: Omit<RunOptions, 'subscribers' | 'storm'> = {
  events: Number(args.events ?? (quick ? 3 : 20)),
  users: Number(args.users ?? (quick ? 20 : 1000)),
  repositories: Number(args.repositories ?? (quick ? 4 : 10)),
  privateRepositories: Number(args.private ?? (quick ? 1 : 3)),
  anonymousPercent: Number(args['anonymous-percent']),
  intervalMs: Number(args['interval-ms'] ?? (quick ? 10 : 50)),
  withCursor: !args['without-cursor'],
  localOnly: args['local-only'],
  processes: 0,
  concurrency: Number(args['connect-concurrency']),
  deliveryTimeoutMs: 15_000,
  stormMaxMs: Number(args['storm-max-seconds']) * 1000,
  stormIntervalMs: Number(args['storm-interval-ms']),
};
// Without cursors there is nothing to resume from: no storm.
const stormAt = args['skip-storm'] || args['without-cursor'] ? undefined : largest;

const t0 = performance.now();
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  const stack: Stack = await startStack({
    repositories: base.repositories,
    privateRepositories: base.privateRepositories,
    maxSubscribers: largest,
  });
  log('processes ready');
  const runs: RunResult[] = [];
  const producerState = {};
  try {
    for (const subscribers of sizes) {
      const processes = Number(
        args['client-processes'] ?? Math.min(4, Math.ceil(subscribers / 500)),
      );
      const options: RunOptions = {
        ...base,
        subscribers,
        processes,
        storm: subscribers === stormAt,
      };
      log(`run: ${subscribers} subscribers over ${processes} client processes`);
      runs.push(await runSubscriptions(stack, options, producerState, log));
    }
  } catch (err) {
    log(`failed; last output of the services:\n${stack.outputs()}`);
    throw err;
  } finally {
    await stack.stop();
  }
  if (runs.some((r) => r.errors.length > 0 || r.accounting.lost > 0)) {
    log(`subscribers saw errors or lost events; last output of the services:\n${stack.outputs()}`);
  }
  const report: BenchReport = {
    startedAt,
    commit: commit(),
    machine: `${machine.cpuCount} × ${machine.cpuModel}, Node ${machine.node}`,
    loadAverage: { start: machine.loadAverageAtStart, end: currentLoadAverage() },
    settings:
      `Settings: ${base.events} events per subscriber (one repository each; events produced one ` +
      `at a time, each waiting until delivered, then ${base.intervalMs} ms), ${base.users} users, ` +
      `${base.anonymousPercent} % anonymous subscribers, ${base.repositories} repositories ` +
      `(${base.privateRepositories} private: the owner and one user in four), selection ` +
      `${base.localOnly ? 'issues subgraph only' : 'with `repository { description }` (an entity fetch)'}` +
      `${base.withCursor ? ', `cursor`' : ', without `cursor`'}; ` +
      `REDIS_URL ${process.env.REDIS_URL ? 'set' : 'unset'}.`,
    runs,
  };
  const markdown = renderReport(report);
  process.stdout.write(markdown);
  mkdirSync(dirname(args.out), { recursive: true });
  // As `prettier --check .` wants it, so a committed result passes `npm run lint`.
  writeFileSync(args.out, await pretty(markdown, args.out));
  if (args.json) writeFileSync(args.json, reportJson(report));
  const broken = runs.some(
    (r) =>
      r.accounting.lost > 0 ||
      r.accounting.duplicates > 0 ||
      r.errors.length > 0 ||
      (r.storm &&
        (r.storm.whole.lost > 0 ||
          r.storm.whole.duplicates > 0 ||
          r.storm.subscribersNotResumed > 0)),
  );
  if (broken) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
