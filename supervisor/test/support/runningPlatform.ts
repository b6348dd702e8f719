import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childPids, freePorts, isAlive, newDataDir, root } from '../../../test/support/platform';

/** The six services `npm start` runs when DATABASE_URL is given (devdb is then skipped). */
export const SERVICES = ['githost', 'issues', 'repository', 'resilience', 'git-proxy', 'gateway'];

/** Environment for one GitForge with its own data dir and free ports. */
export async function platformEnv(): Promise<{ env: NodeJS.ProcessEnv; dataDir: string }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('the jest globalSetup sets DATABASE_URL');
  const dataDir = newDataDir();
  dataDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(await freePorts()),
    GITFORGE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    GITFORGE_JWT_SECRET: 'supervisor-shutdown-e2e-secret-0123456789',
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  };
  return { env, dataDir };
}

/** Polls `check` every 50 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

/** Every service has a pid file naming a live process and the gateway answers ready. */
export async function waitUntilRunning(
  dataDir: string,
  gatewayPort: string,
): Promise<Record<string, number>> {
  await waitFor(
    'all six services up and the gateway ready',
    async () => {
      const pids = childPids(dataDir);
      if (!SERVICES.every((name) => pids[name] !== undefined && isAlive(pids[name]))) {
        return false;
      }
      try {
        const res = await fetch(`http://127.0.0.1:${gatewayPort}/health/ready`, {
          signal: AbortSignal.timeout(2_000),
        });
        return res.ok;
      } catch {
        return false;
      }
    },
    120_000,
  );
  return childPids(dataDir);
}

export function spawnTracked(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions,
  /** Its own process group, as a terminal's foreground job (signal it with `-pid`). */
  detached = false,
): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio, detached });
  started.push(child);
  return child;
}

const started: ChildProcess[] = [];
const dataDirs: string[] = [];

/**
 * Leaves nothing behind when a test fails half-way: what it spawned, and any process (such as
 * a supervisor orphaned by its npm) running with one of its data dirs.
 */
export function killLeftovers(): void {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  const marks = dataDirs.map((dir) => `GITFORGE_DATA_DIR=${dir}\0`);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (marks.some((mark) => environ.includes(mark))) process.kill(pid, 'SIGKILL');
    } catch {
      // gone, or not ours to read
    }
  }
}

/** True once the process is gone or a zombie (exited, waiting to be reaped by its parent). */
export function isGone(pid: number): boolean {
  if (!isAlive(pid)) return true;
  try {
    return /^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * A FIFO whose reader never reads and whose 64 KiB buffer is already full: a write to the
 * returned (blocking) fd blocks, or fails with EAGAIN once the writer makes it non-blocking.
 */
export function fullPipe(dir: string): {
  writeFd: number;
  /** The reader goes away: from now on writes fail with EPIPE. */
  closeReader(): void;
  close(): void;
} {
  const path = join(dir, 'stdout.fifo');
  execFileSync('mkfifo', [path]);
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const fillFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const chunk = Buffer.alloc(4096, 'x');
  for (;;) {
    try {
      writeSync(fillFd, chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw err;
    }
  }
  closeSync(fillFd);
  const writeFd = openSync(path, constants.O_WRONLY);
  let readerOpen = true;
  return {
    writeFd,
    closeReader: () => {
      if (readerOpen) closeSync(readFd);
      readerOpen = false;
    },
    close: () => {
      closeSync(writeFd);
      if (readerOpen) closeSync(readFd);
      readerOpen = false;
    },
  };
}
