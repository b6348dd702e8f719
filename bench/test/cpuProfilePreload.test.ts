import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILE_PRELOAD } from '../profile/profileRun';

/**
 * The two ways the platform's processes end on SIGTERM: a handler that calls process.exit (the
 * gateway, githost) and Apollo Server's, which stops and re-raises the signal (the subgraphs).
 */
const SERVICES = {
  exits: `process.once('SIGTERM', () => process.exit(0));`,
  reraises: `process.once('SIGTERM', () => setImmediate(() => process.kill(process.pid, 'SIGTERM')));`,
};

async function runAndTerminate(dir: string, name: keyof typeof SERVICES) {
  const script = join(dir, name, 'dist', 'main.js');
  mkdirSync(join(dir, name, 'dist'), { recursive: true });
  writeFileSync(script, `${SERVICES[name]}\nsetInterval(() => {}, 1000);\nconsole.log('ready');\n`);
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`,
      BENCH_CPU_PROFILE_DIR: join(dir, 'profiles'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  child.kill('SIGTERM');
  return { pid: child.pid!, exit: await exited };
}

describe('cpuProfilePreload', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-preload-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <service>.<pid>.cpuprofile when SIGTERM ends in process.exit', async () => {
    const { pid, exit } = await runAndTerminate(dir, 'exits');
    expect(exit).toEqual([0, null]);
    const file = join(dir, 'profiles', `exits.${pid}.cpuprofile`);
    expect(JSON.parse(readFileSync(file, 'utf8')).nodes.length).toBeGreaterThan(0);
  });

  it('writes it when the process re-raises SIGTERM, and still dies of it', async () => {
    const { pid, exit } = await runAndTerminate(dir, 'reraises');
    expect(exit).toEqual([null, 'SIGTERM']);
    expect(readdirSync(join(dir, 'profiles'))).toEqual([`reraises.${pid}.cpuprofile`]);
  });
});
