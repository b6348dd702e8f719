import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * createLogger's default destination in a real process whose stdout is a pipe, as under the
 * supervisor: lines batched, yet none lost, cut or reordered, written without further lines
 * and at exit, and a process whose stdout is never read (or whose reader is gone) still exits
 * on SIGTERM (issue 13: pino's synchronous flush at exit retried forever).
 */

jest.setTimeout(60_000);

const CHILD = join(__dirname, 'support', 'logChild.ts');
/** Wide upper bounds for a loaded 2-core machine, not timing claims. */
const EXITS_WITHIN_MS = 20_000;

interface Run {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const proc of running.splice(0))
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});

function run(args: string[], read = true): Run {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_SYNC: undefined },
  });
  running.push(proc);
  let out = '';
  let err = '';
  if (read) proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { proc, stdout: () => out, stderr: () => err, exit };
}

function waitFor(what: string, check: () => boolean, timeoutMs = EXITS_WITHIN_MS): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} within ${EXITS_WITHIN_MS} ms`)),
        EXITS_WITHIN_MS,
      ).unref(),
    ),
  ]);
}

type Line = { seq?: number; msg: string; level: number; padding?: string };

/** Every line of `text` must be a whole JSON line. */
function parseLines(text: string): Line[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

function expectAllInOrder(lines: Line[], count: number): void {
  const seqs = lines.filter((line) => line.msg === 'line').map((line) => line.seq);
  expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i));
  const long = lines.find((line) => line.seq === 997);
  expect(long?.padding).toBe('é'.repeat(70_000));
}

describe('stdout destination in a process', () => {
  it('writes every line whole and in order, flushed by process.exit', async () => {
    const child = run(['many-then-exit', '20000']);
    expect(await withTimeout('exit', child.exit)).toEqual({ code: 0, signal: null });
    expectAllInOrder(parseLines(child.stdout()), 20_000);
  });

  it('writes every line when the process ends by itself', async () => {
    const child = run(['many-then-end', '3000']);
    expect(await withTimeout('exit', child.exit)).toEqual({ code: 0, signal: null });
    expectAllInOrder(parseLines(child.stdout()), 3000);
  });

  it('writes a lone line within the flush interval while the process keeps running', async () => {
    const child = run(['one-then-wait']);
    await waitFor('the child to log', () => child.stderr().includes('logged'));
    const logged = Date.now();
    await waitFor('the lone line on stdout', () => child.stdout().includes('"msg":"alone"'));
    // 100 ms interval; the margin is for a loaded machine.
    expect(Date.now() - logged).toBeLessThan(5_000);
    expect(child.proc.exitCode).toBeNull();
    expect(parseLines(child.stdout())).toHaveLength(1);
  });

  it('writes what was pending and the shutdown line on SIGTERM', async () => {
    const child = run(['one-then-wait']);
    await waitFor('the child to log', () => child.stderr().includes('logged'));
    child.proc.kill('SIGTERM');
    expect(await withTimeout('exit', child.exit)).toEqual({ code: 0, signal: null });
    expect(parseLines(child.stdout()).map((line) => line.msg)).toEqual(['alone', 'shutting down']);
  });

  it('writes a fatal line before process.exit(1)', async () => {
    const child = run(['fatal-then-exit']);
    expect((await withTimeout('exit', child.exit)).code).toBe(1);
    const lines = parseLines(child.stdout());
    expect(lines.map((line) => line.msg)).toEqual([
      'starting',
      'REPOSITORY_SUBGRAPH_URL is required',
    ]);
    expect(lines[1]!.level).toBe(60);
  });

  it('exits on SIGTERM although its stdout pipe is full and never read', async () => {
    // 4,000 lines (about 1 MB with the long ones) fill the pipe many times over.
    const child = run(['many-then-wait', '4000'], false);
    child.proc.stdout!.pause();
    await waitFor('the child to log', () => child.stderr().includes('logged'));
    child.proc.kill('SIGTERM');
    expect(await withTimeout('exit on SIGTERM with a full pipe', child.exit)).toEqual({
      code: 0,
      signal: null,
    });
  });

  it('exits on SIGTERM after the reader of its stdout has gone (EPIPE)', async () => {
    const child = run(['many-then-wait', '4000'], false);
    child.proc.stdout!.pause();
    await waitFor('the child to log', () => child.stderr().includes('logged'));
    child.proc.stdout!.destroy();
    child.proc.kill('SIGTERM');
    expect(await withTimeout('exit on SIGTERM with no reader', child.exit)).toEqual({
      code: 0,
      signal: null,
    });
  });
});
