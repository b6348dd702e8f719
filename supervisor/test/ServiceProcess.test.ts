import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@gitforge/logging';
import { isProcessAlive, readPidFile } from '../src/pidFile';
import type { PlannedService } from '../src/planServices';
import type { BackoffPolicy } from '../src/restartBackoff';
import { ServiceProcess } from '../src/ServiceProcess';

/** Real child processes, with a policy fast enough for a unit test. */
const policy: BackoffPolicy = {
  initialDelayMs: 20,
  maxDelayMs: 100,
  resetAfterMs: 60_000,
  crashLoopThreshold: 3,
};

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitforge-supervisor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function serviceRunning(source: string): {
  process: ServiceProcess;
  stdout: Collect;
  reports: string[];
} {
  const script = join(dir, 'service.js');
  writeFileSync(script, source);
  const service: PlannedService = {
    name: 'demo',
    stage: 'subgraphs',
    script,
    portVar: 'ISSUES_PORT',
    port: 4001,
    readiness: { kind: 'tcp' },
    bindHost: '127.0.0.1',
    probeHost: '127.0.0.1',
    env: {},
  };
  const stdout = new Collect();
  const reports: string[] = [];
  const process = new ServiceProcess({
    service,
    env: { ...globalThis.process.env, DEMO_DIR: dir },
    cwd: dir,
    runDir: join(dir, 'run'),
    logger: createLogger('supervisor-test', 'silent'),
    policy,
    stdout,
    stderr: stdout,
    reportCrashLoop: (report) => reports.push(report),
  });
  return { process, stdout, reports };
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

describe('ServiceProcess', () => {
  it('prefixes output, keeps the pid file, restarts a crashed child and cleans up on stop', async () => {
    // First run: prints a line in two chunks, then crashes. Later runs stay up.
    const { process, stdout } = serviceRunning(`
      const fs = require('node:fs');
      const marker = require('node:path').join(process.env.DEMO_DIR, 'crashed-once');
      process.stdout.write('hello\\nwor');
      setTimeout(() => {
        process.stdout.write('ld\\n');
        if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ''); process.exit(3); }
        setInterval(() => {}, 1000);
      }, 30);
    `);
    const runDir = join(dir, 'run');
    process.start();
    const firstPid = process.pid!;
    expect(readPidFile(runDir, 'demo')).toBe(firstPid);

    const secondPid = await eventually(() => {
      const pid = readPidFile(runDir, 'demo');
      return pid !== undefined && pid !== firstPid ? pid : undefined;
    });
    expect(process.pid).toBe(secondPid);
    expect(isProcessAlive(firstPid)).toBe(false);
    await eventually(() => stdout.text.split('[demo] world\n').length === 3);
    expect(stdout.text).toBe('[demo] hello\n[demo] world\n[demo] hello\n[demo] world\n');

    await process.stop(2000);
    expect(isProcessAlive(secondPid)).toBe(false);
    expect(readPidFile(runDir, 'demo')).toBeUndefined();
  });

  it('restarts a child killed with SIGKILL', async () => {
    const { process } = serviceRunning('setInterval(() => {}, 1000);');
    process.start();
    const firstPid = process.pid!;
    globalThis.process.kill(firstPid, 'SIGKILL');
    const secondPid = await eventually(() =>
      process.pid !== undefined && process.pid !== firstPid ? process.pid : undefined,
    );
    expect(isProcessAlive(secondPid)).toBe(true);
    await process.stop(2000);
  });

  it('reports a crash loop loudly, with the last output, and keeps retrying', async () => {
    const { process, reports } = serviceRunning(`
      console.error('Error: listen EADDRINUSE: address already in use 127.0.0.1:4001');
      process.exit(1);
    `);
    process.start();
    await eventually(() => reports.length === 1);
    expect(reports[0]).toContain('demo keeps crashing (3 times in a row, last: exit code 1)');
    expect(reports[0]).toContain('set ISSUES_PORT to a free port');
    expect(reports[0]).toContain('[demo] Error: listen EADDRINUSE');
    // Still retrying after the report.
    await eventually(() => process.pid !== undefined);
    await process.stop(2000);
    expect(reports).toHaveLength(1);
  });

  it('kills a child that ignores SIGTERM once the grace period is over', async () => {
    const { process, stdout } = serviceRunning(`
      process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
      console.log('up');
      setInterval(() => {}, 1000);
    `);
    process.start();
    const pid = process.pid!;
    await eventually(() => stdout.text.includes('[demo] up'));
    await process.stop(300);
    expect(stdout.text).toContain('[demo] ignoring SIGTERM');
    expect(isProcessAlive(pid)).toBe(false);
    expect(readPidFile(join(dir, 'run'), 'demo')).toBeUndefined();
  });
});
