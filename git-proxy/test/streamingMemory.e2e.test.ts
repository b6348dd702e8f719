import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startGithostUpstream, type GithostUpstream } from './support/githostUpstream';
import { git } from './support/runGit';

/**
 * A smaller, always-run version of `npm run bench:git-proxy`: the proxy runs as its own
 * process and clones a 24 MB incompressible repository twice; its RSS must not grow by even
 * half the pack. Without buffer reclaiming it grows by most of the pack; with it, by ~2 MB.
 */

const ROOT = resolve(__dirname, '../..');
const MB = 1024 * 1024;
const PACK_MB = 24;

let tmp: string;
let home: string;
let githost: GithostUpstream;
let proxy: ChildProcess | undefined;
let proxyUrl: string;

const rss = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Creates `alice/<name>` holding `megabytes` of random blobs, pushed straight to githost. */
async function pushRandomRepository(name: string, megabytes: number): Promise<void> {
  await githost.createRepo('alice', 'alice-password-1', name, false);
  const work = join(tmp, `work-${name}`);
  mkdirSync(work);
  await git(['init', '--quiet', '-b', 'main'], { cwd: work, home });
  for (let i = 0; i < megabytes; i += 1)
    writeFileSync(join(work, `blob-${i}.bin`), randomBytes(MB));
  await git(['add', '.'], { cwd: work, home });
  await git(['commit', '--quiet', '-m', 'random blobs'], { cwd: work, home });
  const push = new URL(`${githost.url}/alice/${name}.git`);
  push.username = 'alice';
  push.password = 'alice-password-1';
  await git(['push', '--quiet', '--force', push.toString(), 'HEAD:main'], { cwd: work, home });
  rmSync(work, { recursive: true, force: true });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gitforge-git-proxy-memory-'));
  home = join(tmp, 'home');
  githost = await startGithostUpstream(join(tmp, 'data'));
  await githost.createUser('alice', 'alice-password-1');
  await pushRandomRepository('warm', 4);
  await pushRandomRepository('big', PACK_MB);

  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  proxy = spawn(process.execPath, ['-r', '@swc-node/register', 'git-proxy/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      GIT_PROXY_PORT: String(port),
      GITEA_URL: githost.url,
      GITFORGE_JWT_SECRET: 'test-secret-for-the-git-proxy-0123456789',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${proxyUrl}/health/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || proxy.exitCode !== null) throw new Error('proxy did not start');
    await new Promise((done) => setTimeout(done, 200));
  }
}, 120_000);

afterAll(async () => {
  if (proxy && proxy.exitCode === null) {
    const exited = new Promise((done) => proxy!.once('exit', done));
    proxy.kill('SIGTERM');
    await exited;
  }
  await githost?.close();
  rmSync(tmp, { recursive: true, force: true });
});

it('keeps the proxy RSS flat while it streams a pack larger than its growth budget', async () => {
  const clone = async (name: string, repo: string) => {
    const target = join(tmp, name);
    await git(['clone', '--quiet', `${proxyUrl}/git/${repo}.git`, target], { home });
    rmSync(target, { recursive: true, force: true });
  };
  // Warm up every code path of a streamed clone first (on 4 MB), so only growth with the pack
  // size is measured.
  await clone('warm-1', 'demo/hello');
  await clone('warm-2', 'alice/warm');
  const pid = proxy!.pid!;
  const idle = rss(pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  try {
    await clone('big-1', 'alice/big');
    await clone('big-2', 'alice/big');
  } finally {
    clearInterval(sampler);
  }
  const growth = peak - idle;
  console.log(`proxy RSS idle ${(idle / MB).toFixed(1)} MB, growth ${(growth / MB).toFixed(1)} MB`);
  expect(growth).toBeLessThan((PACK_MB / 2) * MB);
}, 120_000);
