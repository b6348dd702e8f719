import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supervisorMain } from '../../test/support/platform';
import {
  fullPipe,
  isGone,
  killLeftovers,
  platformEnv,
  SERVICES,
  spawnTracked,
  waitFor,
  waitUntilRunning,
} from './support/runningPlatform';

/**
 * Stopping GitForge for real: all six services as real processes, stopped the ways a process
 * manager, a crash or a vanished terminal stop them. Bounds are generous upper limits (the
 * default grace is 10 s per stage), not timing claims.
 */

jest.setTimeout(4 * 60_000);
afterAll(killLeftovers);

const STOPPED_WITHIN_MS = 45_000;

function exitOf(child: ReturnType<typeof spawnTracked>): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('stopping GitForge', () => {
  it('SIGTERM to the `npm start` process stops the supervisor and every service', async () => {
    const { env, dataDir } = await platformEnv();
    // Exactly `npm start` (its prestart build is done by the test setup, so it is skipped).
    const npm = spawnTracked('npm', ['start', '--ignore-scripts'], env, ['ignore', 'pipe', 'pipe']);
    let output = '';
    npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const pids = await waitUntilRunning(dataDir, env.GATEWAY_PORT!);
    expect(Object.keys(pids).sort()).toEqual([...SERVICES].sort());

    npm.kill('SIGTERM');
    await waitFor(
      'every service process gone after SIGTERM to npm',
      () => Object.values(pids).every(isGone),
      STOPPED_WITHIN_MS,
    );
    expect(await exitOf(npm)).toBe(0);
    expect(output).toContain('GitForge stopped');
  });

  it('Ctrl-C in a terminal (SIGINT to npm and the supervisor at once) stops gracefully', async () => {
    const { env, dataDir } = await platformEnv();
    const npm = spawnTracked(
      'npm',
      ['start', '--ignore-scripts'],
      env,
      ['ignore', 'pipe', 'pipe'],
      true,
    );
    let output = '';
    npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const pids = await waitUntilRunning(dataDir, env.GATEWAY_PORT!);

    // What the terminal does: the whole foreground process group (npm, and the supervisor it
    // exec'd into) gets SIGINT, and npm passes its own on to the supervisor as well.
    process.kill(-npm.pid!, 'SIGINT');
    await waitFor(
      'every service process gone after Ctrl-C',
      () => Object.values(pids).every(isGone),
      STOPPED_WITHIN_MS,
    );
    await exitOf(npm);
    expect(output).toContain('GitForge stopped');
    expect(output).not.toContain('killing every service');
    for (const name of SERVICES) expect(output).toContain(`"msg":"${name} stopped"`);
  });

  it('services exit by themselves when the supervisor is SIGKILLed', async () => {
    const { env, dataDir } = await platformEnv();
    const supervisor = spawnTracked(process.execPath, [supervisorMain], env, 'ignore');
    const pids = await waitUntilRunning(dataDir, env.GATEWAY_PORT!);

    supervisor.kill('SIGKILL');
    await exitOf(supervisor);
    await waitFor(
      'every service process gone after SIGKILL of the supervisor',
      () => Object.values(pids).every(isGone),
      STOPPED_WITHIN_MS,
    );
  });

  it('stops in bounded time when whoever read its output has gone away (EPIPE)', async () => {
    const { env, dataDir } = await platformEnv();
    const fifoDir = mkdtempSync(join(tmpdir(), 'gitforge-fifo-'));
    const pipe = fullPipe(fifoDir);
    try {
      const supervisor = spawnTracked(process.execPath, [supervisorMain], env, [
        'ignore',
        pipe.writeFd,
        pipe.writeFd,
      ]);
      const pids = await waitUntilRunning(dataDir, env.GATEWAY_PORT!);
      pipe.closeReader();

      supervisor.kill('SIGTERM');
      await waitFor(
        'the supervisor gone after SIGTERM while its stdout has no reader',
        () => isGone(supervisor.pid!),
        STOPPED_WITHIN_MS,
      );
      await waitFor(
        'every service process gone',
        () => Object.values(pids).every(isGone),
        STOPPED_WITHIN_MS,
      );
    } finally {
      pipe.close();
      rmSync(fifoDir, { recursive: true, force: true });
    }
  });

  it('stops in bounded time when nobody reads its output any more', async () => {
    const { env, dataDir } = await platformEnv();
    const fifoDir = mkdtempSync(join(tmpdir(), 'gitforge-fifo-'));
    const pipe = fullPipe(fifoDir);
    try {
      const supervisor = spawnTracked(process.execPath, [supervisorMain], env, [
        'ignore',
        pipe.writeFd,
        pipe.writeFd,
      ]);
      const pids = await waitUntilRunning(dataDir, env.GATEWAY_PORT!);

      supervisor.kill('SIGTERM');
      await waitFor(
        'the supervisor gone after SIGTERM while its stdout pipe is full',
        () => isGone(supervisor.pid!),
        STOPPED_WITHIN_MS,
      );
      await waitFor(
        'every service process gone',
        () => Object.values(pids).every(isGone),
        STOPPED_WITHIN_MS,
      );
    } finally {
      pipe.close();
      rmSync(fifoDir, { recursive: true, force: true });
    }
  });
});
