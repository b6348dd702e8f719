import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A child started as the supervisor starts services (IPC channel, `exitWithSupervisor`
 * preloaded) whose parent is SIGKILLed: real processes, real signals.
 */

jest.setTimeout(60_000);

const root = resolve(__dirname, '..', '..');
const preload = join(root, 'supervisor/src/exitWithSupervisor.ts');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitforge-orphan-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function isGone(pid: number): boolean {
  try {
    return /^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntil(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Starts parent → child; resolves with both pids once the child runs. */
async function parentAndChild(childSource: string): Promise<{ parent: number; child: number }> {
  const childFile = join(dir, 'child.js');
  writeFileSync(childFile, childSource);
  const parentFile = join(dir, 'parent.js');
  writeFileSync(
    parentFile,
    `const { spawn } = require('node:child_process');
     const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', ${JSON.stringify(preload)}, ${JSON.stringify(childFile)}], {
       cwd: ${JSON.stringify(root)}, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], detached: true,
     });
     child.stdout.once('data', () => process.stdout.write(child.pid + '\\n'));
     setInterval(() => {}, 1000);`,
  );
  const parent = spawn(process.execPath, [parentFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const child = await new Promise<number>((resolvePid) =>
    parent.stdout.once('data', (chunk: Buffer) => resolvePid(Number(chunk.toString().trim()))),
  );
  return { parent: parent.pid!, child };
}

describe('exitWithSupervisor', () => {
  it('stops the child through its own SIGTERM handler when the parent is SIGKILLed', async () => {
    const marker = join(dir, 'stopped');
    const { parent, child } = await parentAndChild(
      `process.on('SIGTERM', () => { require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'graceful'); process.exit(0); });
       setInterval(() => {}, 1000);
       process.stdout.write('running\\n');`,
    );
    process.kill(parent, 'SIGKILL');
    await waitUntil('the child gone', () => isGone(child), 20_000);
    expect(readFileSync(marker, 'utf8')).toBe('graceful');
  });

  it('kills the child whose stop hangs (a blocked main thread), from outside', async () => {
    const { parent, child } = await parentAndChild(
      // As pino's exit flush retrying a write to a pipe without reader: asleep in Atomics.wait.
      `process.on('SIGTERM', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
       setInterval(() => {}, 1000);
       process.stdout.write('running\\n');`,
    );
    process.kill(parent, 'SIGKILL');
    await waitUntil('the hung child killed', () => isGone(child), 40_000);
  });

  it('does nothing in a process started without an IPC channel', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', '-r', preload, '-e', 'process.stdout.write("ran")'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result).toMatchObject({ status: 0, stdout: 'ran' });
  });
});
