/**
 * Smoke run of `npm run bench:subscriptions -- --quick` (50 subscribers, 4 repositories, one
 * private, the reconnect storm) on the built gateway and issues subgraph (`npm run build`
 * first): the harness works end to end and the platform delivers every event exactly once,
 * also across the storm. Figures are not asserted (timing claims live in the benchmark).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunResult } from '../subscriptions/benchRun';

const ROOT = resolve(__dirname, '../..');

interface Outcome {
  code: number | null;
  output: string;
}

/**
 * The test's environment; without a PostgreSQL server (the in-memory one of globalSetup, which
 * cannot create databases) the bench starts its own embedded one.
 */
function benchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.GITFORGE_TEST_EMBEDDED_DB === '1') delete env.DATABASE_URL;
  return env;
}

function runBench(args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(ROOT, 'bench/subscriptions/subscriptionBench.ts'), ...args],
      { cwd: ROOT, env: benchEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close', not 'exit': the last lines may still be in the pipes at 'exit'.
    child.on('close', (code) => done({ code, output }));
  });
}

describe('npm run bench:subscriptions -- --quick', () => {
  let dir: string;
  let outcome: Outcome;
  let markdown: string;
  let run: Omit<RunResult, 'latencies'>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'subbench-test-'));
    outcome = await runBench([
      '--quick',
      '--subscriptions',
      '50',
      '--out',
      join(dir, 'report.md'),
      '--json',
      join(dir, 'report.json'),
    ]);
    // Written also when the run found lost events (exit code 1): the tests below say which.
    if (!existsSync(join(dir, 'report.json'))) return;
    markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    run = (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { runs: (typeof run)[] })
      .runs[0]!;
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes with exit code 0', () => {
    expect({ code: outcome.code, output: outcome.output.slice(-4000) }).toMatchObject({ code: 0 });
  });

  it('delivers every event to every subscriber exactly once, without errors', () => {
    expect(run.subscribers).toBe(50);
    expect(run.anonymous).toBeGreaterThan(0);
    expect(run.signedIn).toBeGreaterThan(0);
    expect(run.accounting.expected).toBe(50 * 3);
    expect(run.accounting).toMatchObject({
      delivered: 150,
      lost: 0,
      duplicates: 0,
      unexpected: 0,
    });
    expect(run.errors).toEqual([]);
  });

  it('measures latency, upstream subscriptions, entity fetches, CPU and memory', () => {
    expect(run.latency.count).toBe(150);
    for (const value of [run.latency.p50, run.latency.p99, run.latency.max]) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(15_000);
    }
    expect(run.latency.p50).toBeLessThanOrEqual(run.latency.p99);
    // Shared feeds: one per repository (and visibility scope), not one per subscriber.
    expect(run.upstreamSubscriptions).toBeGreaterThan(0);
    expect(run.upstreamSubscriptions).toBeLessThanOrEqual(2 * run.repositories);
    expect(run.entityFetchesPerEvent).toBeGreaterThan(0);
    expect(Number.isFinite(run.cpuMsPerDelivery.gateway)).toBe(true);
    expect(Number.isFinite(run.cpuMsPerEvent.issues)).toBe(true);
    expect(Number.isFinite(run.cpuMsPerEvent.postgres)).toBe(true);
    expect(run.mutation.count).toBe(run.eventsProduced);
    expect(Number.isFinite(run.memoryPerSubscription.rssKiB)).toBe(true);
  });

  it('resumes every subscriber after the reconnect storm with nothing lost or repeated', () => {
    const storm = run.storm!;
    expect(storm.subscribersNotResumed).toBe(0);
    expect(storm.eventsProduced).toBeGreaterThan(0);
    expect(storm.whole.expected).toBeGreaterThan(run.accounting.expected);
    expect(storm.whole).toMatchObject({ lost: 0, duplicates: 0, unexpected: 0 });
    expect(storm.whole.delivered).toBe(storm.whole.expected);
    expect(storm.errors).toBe(0);
    expect(storm.resumed.count).toBe(50);
  });

  it('writes the markdown report with the table, the storm and a histogram', () => {
    // The file is written as prettier formats it (cells padded to their column's width).
    expect(markdown).toMatch(/^\| delivery latency p50 \(mutation sent → event received\) +\|/m);
    expect(markdown).toMatch(
      /^\| lost \(subscribers affected, most for one\) +\| 0 \(0, 0\) +\| 0 +\|/m,
    );
    expect(markdown).toContain('## Reconnect storm (50 sockets terminated at once');
    expect(markdown).toMatch(/≤ \d+ ms \| #+ +\d+ \(\d+\.\d %\)/);
    expect(outcome.output).toContain(markdown.split('\n')[0]);
  });
});
