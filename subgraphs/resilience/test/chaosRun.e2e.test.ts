import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeResults } from '../../../chaos/src/report';
import { runExperiment } from '../../../chaos/src/runExperiment';
import { startService, type TestService } from './helpers';

jest.setTimeout(240_000);

let svc: TestService;
let out: string;
beforeAll(async () => {
  svc = await startService();
  out = mkdtempSync(join(tmpdir(), 'chaos-results-'));
});
afterAll(async () => {
  await svc?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('a short chaos run against a real process', () => {
  it('writes, kills, recovers, verifies, and writes CSV, Markdown and SVG', async () => {
    const lines: string[] = [];
    const results = await runExperiment({
      client: svc.client,
      strategies: ['BASELINE', 'CHECKPOINTING'],
      faults: ['PROCESS_CRASH', 'REPLICA_CRASH'],
      trials: 2,
      keys: 120,
      concurrency: 4,
      valueBytes: 64,
      seed: 42,
      restartTimeoutMs: 30_000,
      afterProcessCrash: () => svc.local.restart(),
      log: (line) => lines.push(line),
    });
    // REPLICA_CRASH applies to neither strategy, so only PROCESS_CRASH ran.
    expect(results).toHaveLength(4);
    expect(lines[0]).toMatch(/2 strategy\/fault pairs × 2 trials/);
    for (const r of results) {
      expect(r.fault).toBe('PROCESS_CRASH');
      expect(r.acknowledged).toBeGreaterThan(0);
      expect(r.serverLost).toBe(r.clientLost);
      if (r.strategy === 'BASELINE') expect(r.clientLost).toBe(r.acknowledged);
      else expect(r.clientLost).toBe(0);
    }

    const { files } = writeResults(out, results, '# test run');
    for (const file of files) expect(existsSync(file)).toBe(true);
    const csv = readFileSync(join(out, 'raw.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toMatch(/^strategy,fault,trial,/);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/\| BASELINE \| PROCESS_CRASH \| 2 \|/);
    expect(md).toMatch(/\| CHECKPOINTING \| PROCESS_CRASH \| 2 \|.*\| 0 \| 0 \(0\/2 trials\)/);
    expect(readFileSync(join(out, 'rto.svg'), 'utf8')).toMatch(
      /^<svg[\s\S]*CHECKPOINTING \/ PROCESS_CRASH/,
    );
  });
});
