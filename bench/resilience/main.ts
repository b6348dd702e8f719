import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { signSessionToken } from '@gitforge/auth';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@gitforge/devdb';
import { LocalResilience } from '../../chaos/src/localResilience';
import { ResilienceClient } from '../../chaos/src/ResilienceClient';
import { formatMs, median, percentile } from '../../chaos/src/stats';

/**
 * Two benchmarks against a real resilience subgraph process (spawned here, restarted after
 * each SIGKILL): RTO for N keys per strategy, and write throughput of fsync ALWAYS vs GROUP
 * vs NONE, interleaved in one run and printed as ratios.
 */
const { values: args } = parseArgs({
  options: {
    keys: { type: 'string', default: '100000' },
    writes: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
    'value-bytes': { type: 'string', default: '100' },
    only: { type: 'string', default: 'rto,fsync' },
  },
});
const KEYS = Number(args.keys);
const WRITES = Number(args.writes);
const CONCURRENCY = Number(args.concurrency);
const ROUNDS = Number(args.rounds);
const VALUE = 'x'.repeat(Number(args['value-bytes']));

async function load(client: ResilienceClient, prefix: string, count: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + 1000);
        const entries = [];
        for (let i = from; i < next; i++) entries.push({ key: `${prefix}${i}`, value: VALUE });
        await client.storeBatch(entries);
      }
    }),
  );
  return performance.now() - started;
}

function replicaPids(dataDir: string): number[] {
  const run = join(dataDir, 'run');
  return readdirSync(run)
    .filter((f) => /^resilience-replica-\d+\.pid$/.test(f))
    .map((f) => Number(readFileSync(join(run, f), 'utf8')));
}

async function rtoBenchmark(
  local: LocalResilience,
  client: ResilienceClient,
  dataDir: string,
  sql: boolean,
) {
  console.log(
    `\n## RTO for ${KEYS.toLocaleString('en')} keys (${VALUE.length}-byte values), one SIGKILL each\n`,
  );
  console.log(
    '| Strategy | Fault | Recovered from | Keys recovered | Acked writes lost | RTO (ms) | Fault → first read (ms) | Load (s) |',
  );
  console.log('|---|---|---|---:|---:|---:|---:|---:|');
  const cases: { kind: string; fault: string; killAll?: boolean }[] = [
    { kind: 'BASELINE', fault: 'PROCESS_CRASH' },
    { kind: 'CHECKPOINTING', fault: 'PROCESS_CRASH' },
    { kind: 'REPLICATION', fault: 'PROCESS_CRASH' },
    { kind: 'HYBRID', fault: 'PROCESS_CRASH' },
    { kind: 'HYBRID', fault: 'every replica + PROCESS_CRASH', killAll: true },
    ...(sql ? [{ kind: 'SQL', fault: 'PROCESS_CRASH' }] : []),
  ];
  const rto: Record<string, number> = {};
  for (const c of cases) {
    await client.switchStrategy(
      c.kind,
      c.kind === 'CHECKPOINTING' || c.kind === 'HYBRID' ? { fsync: 'GROUP' } : {},
    );
    await client.resetWorkload();
    const loadMs = await load(client, 'k', KEYS);
    if (c.killAll) {
      for (const pid of replicaPids(dataDir)) process.kill(pid, 'SIGKILL');
      await local.kill();
    } else {
      await client.injectFailure('PROCESS_CRASH');
    }
    await local.restart();
    const report = await client.recover();
    rto[`${c.kind}${c.killAll ? '*' : ''}`] = report.rtoMs;
    console.log(
      `| ${c.kind} | ${c.fault} | ${report.recoveredFrom} | ${report.keysRecovered} | ${report.acknowledgedWritesLost} | ${formatMs(report.rtoMs)} | ${formatMs(report.faultToFirstReadMs ?? Number.NaN)} | ${(loadMs / 1000).toFixed(1)} |`,
    );
  }
  const base = rto.CHECKPOINTING!;
  console.log(`\nRTO relative to CHECKPOINTING (snapshot + log replay):`);
  for (const [kind, ms] of Object.entries(rto))
    console.log(`  ${kind.padEnd(14)} ${(ms / base).toFixed(2)}×`);
  console.log(
    '  (HYBRID* = every replica and the service killed: recovery from its own checkpoint)',
  );
}

async function throughput(client: ResilienceClient, fsync: string, round: number) {
  await client.switchStrategy('CHECKPOINTING', { fsync, snapshotEveryWrites: 1_000_000 });
  await client.resetWorkload();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < WRITES) {
        const i = next++;
        const t0 = performance.now();
        await client.store(`f${round}-${i}`, VALUE);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const server = await client.request<{
    resilience: { writeLatency: { strategy: string; p50Ms: number; p99Ms: number }[] };
  }>('{ resilience { writeLatency { strategy p50Ms p99Ms } } }');
  const strategy = server.resilience.writeLatency.find((l) => l.strategy === 'CHECKPOINTING')!;
  return {
    perSecond: WRITES / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    serverP50: strategy.p50Ms,
    serverP99: strategy.p99Ms,
  };
}

async function fsyncBenchmark(client: ResilienceClient) {
  console.log(
    `\n## CHECKPOINTING write throughput by fsync policy: ${WRITES} single-key writes, ${CONCURRENCY} concurrent clients, ${ROUNDS} interleaved rounds\n`,
  );
  const runs: Record<
    string,
    { perSecond: number; p50: number; p99: number; serverP50: number; serverP99: number }[]
  > = { ALWAYS: [], GROUP: [], NONE: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const fsync of ['ALWAYS', 'GROUP', 'NONE'])
      runs[fsync]!.push(await throughput(client, fsync, round));
  }
  console.log(
    '| fsync | writes/s (median) | client p50 (ms) | client p99 (ms) | strategy p50 (ms) | strategy p99 (ms) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  const med: Record<string, number> = {};
  for (const [fsync, rs] of Object.entries(runs)) {
    const perSecond = median(rs.map((r) => r.perSecond));
    med[fsync] = perSecond;
    console.log(
      `| ${fsync} | ${perSecond.toFixed(0)} | ${formatMs(median(rs.map((r) => r.p50)))} | ${formatMs(median(rs.map((r) => r.p99)))} | ${formatMs(median(rs.map((r) => r.serverP50)))} | ${formatMs(median(rs.map((r) => r.serverP99)))} |`,
    );
  }
  console.log(
    `\nGROUP / ALWAYS = ${(med.GROUP! / med.ALWAYS!).toFixed(2)}×   NONE / ALWAYS = ${(med.NONE! / med.ALWAYS!).toFixed(2)}×   NONE / GROUP = ${(med.NONE! / med.GROUP!).toFixed(2)}×`,
  );
  console.log(
    '(strategy p50/p99 is the time the strategy took to acknowledge, without HTTP and GraphQL; the last round of each policy)',
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gitforge-bench-resilience-'));
  const jwtSecret = randomBytes(24).toString('base64url');
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl && args.only.includes('rto')) {
    embedded = await startEmbeddedPostgres();
    databaseUrl = embedded.url;
  }
  const local = new LocalResilience({
    dataDir,
    jwtSecret,
    env: {
      LOG_LEVEL: 'warn',
      ...(databaseUrl
        ? {
            DATABASE_URL: databaseUrl,
            DATABASE_POOL_MAX: embedded ? '1' : '5',
            RESILIENCE_SQL_TABLE: 'resilience_kv_bench',
          }
        : {}),
    },
  });
  await local.start();
  const client = new ResilienceClient(
    local.url,
    await signSessionToken(jwtSecret, 'bench', { isAdmin: true }),
    600_000,
  );
  console.log(`# Resilience benchmarks (${new Date().toISOString()}, node ${process.version})`);
  console.log(
    `SQL reference: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite (not PostgreSQL: its figures are not production figures)'}`,
  );
  try {
    if (args.only.includes('rto')) await rtoBenchmark(local, client, dataDir, Boolean(databaseUrl));
    if (args.only.includes('fsync')) await fsyncBenchmark(client);
  } finally {
    await local.stop();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
