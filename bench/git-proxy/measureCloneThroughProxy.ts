import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  cpuSeconds,
  freePort,
  removeOnInterrupt,
  removeTempDir,
  rssBytes,
  sampleRss,
  startService,
  stopService,
} from '../support/processes';

const ROOT = resolve(__dirname, '../..');
const MB = 1024 * 1024;

export interface CloneThroughProxyOptions {
  /** Size of the repository's random (incompressible) content; default 110. */
  sizeMb?: number;
  /** Clones each way; default 3. */
  runs?: number;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
}

export interface CloneThroughProxyResult {
  sizeMb: number;
  runs: number;
  /** Bytes under the repository's objects/ on the git host (one pack). */
  packBytes: number;
  directSeconds: number[];
  proxiedSeconds: number[];
  directMedianSeconds: number;
  proxiedMedianSeconds: number;
  /** Median through the proxy / median direct. */
  ratio: number;
  /** Proxy CPU (user + system) per clone, median. */
  proxyCpuSecondsPerClone: number;
  directPushSeconds: number;
  proxiedPushSeconds: number;
  proxyRss: {
    idleBytes: number;
    peakCloneBytes: number;
    peakPushBytes: number;
    afterBytes: number;
    /** Highest peak minus idle. */
    growthBytes: number;
  };
}

function run(command: string, args: string[], cwd?: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_AUTHOR_NAME: 'Bench',
        GIT_AUTHOR_EMAIL: 'bench@example.com',
        GIT_COMMITTER_NAME: 'Bench',
        GIT_COMMITTER_EMAIL: 'bench@example.com',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(Number(process.hrtime.bigint() - started) / 1e9);
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr}`));
    });
  });
}

const git = (args: string[], cwd?: string) =>
  run('git', ['-c', 'credential.helper=', ...args], cwd);

function directorySize(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return total;
}

async function api(url: string, authorization: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Starts its own githost and git proxy (temp data dir), creates a repository with `sizeMb` of
 * random blobs, clones it `runs` times straight from githost and through the proxy
 * (`git clone --no-local`, alternating), sampling the proxy's RSS every 50 ms, then pushes the
 * same pack through the proxy once. Stops both processes, also on failure.
 */
export async function measureCloneThroughProxy(
  options: CloneThroughProxyOptions = {},
): Promise<CloneThroughProxyResult> {
  const sizeMb = options.sizeMb ?? 110;
  const runs = options.runs ?? 3;
  const log = options.log ?? ((line: string) => console.log(line));
  const tmp = removeOnInterrupt(mkdtempSync(join(tmpdir(), 'gitforge-bench-git-proxy-')));
  const dataDir = join(tmp, 'data');
  const adminToken = randomBytes(24).toString('hex');
  const password = 'bench-password-1';
  const githostPort = await freePort();
  const proxyPort = await freePort();
  const githostUrl = `http://127.0.0.1:${githostPort}`;
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;
  const services = [];
  try {
    const githost = await startService(
      'githost',
      join(ROOT, 'githost/dist/main.js'),
      {
        GITFORGE_DATA_DIR: dataDir,
        GITHOST_PORT: String(githostPort),
        GITEA_ADMIN_TOKEN: adminToken,
        GITFORGE_DEMO_PASSWORD: 'demo-password-1',
      },
      `${githostUrl}/health/ready`,
    );
    services.push(githost);

    log(`creating bench/big with ${sizeMb} MB of random (incompressible) blobs...`);
    await api(`${githostUrl}/api/v1/admin/users`, `token ${adminToken}`, {
      username: 'bench',
      email: 'bench@example.com',
      password,
      must_change_password: false,
    });
    const basic = `Basic ${Buffer.from(`bench:${password}`).toString('base64')}`;
    await api(`${githostUrl}/api/v1/user/repos`, basic, { name: 'big', private: false });
    const work = join(tmp, 'work');
    mkdirSync(work);
    await git(['init', '--quiet', '-b', 'main'], work);
    for (let i = 0; i < sizeMb; i += 1) writeFileSync(join(work, `blob-${i}.bin`), randomBytes(MB));
    await git(['add', '.'], work);
    await git(['commit', '--quiet', '-m', 'random blobs'], work);
    const directPushSeconds = await git(
      [
        'push',
        '--quiet',
        `http://bench:${password}@127.0.0.1:${githostPort}/bench/big.git`,
        'main',
      ],
      work,
    );
    const packBytes = directorySize(join(dataDir, 'githost/repos/bench/big.git/objects'));

    const proxy = await startService(
      'git-proxy',
      join(ROOT, 'git-proxy/dist/main.js'),
      {
        GIT_PROXY_PORT: String(proxyPort),
        GITEA_URL: githostUrl,
        GITFORGE_JWT_SECRET: randomBytes(24).toString('hex'),
        GITFORGE_DATA_DIR: dataDir,
        // To compare V8 settings of the proxy alone, e.g. BENCH_PROXY_NODE_OPTIONS=--trace-gc.
        NODE_OPTIONS: process.env.BENCH_PROXY_NODE_OPTIONS ?? '',
      },
      `${proxyUrl}/health/ready`,
    );
    services.push(proxy);
    const pid = proxy.pid!;

    // Warm up the proxy's code paths (and undici's pools) on the small demo repository.
    for (let i = 0; i < 2; i += 1) {
      const target = join(tmp, `warm-${i}`);
      await git(['clone', '--quiet', `${proxyUrl}/git/demo/hello.git`, target]);
      rmSync(target, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 500));
    const idle = rssBytes(pid);

    const direct: number[] = [];
    const proxied: number[] = [];
    const proxyCpu: number[] = [];
    let peak = idle;
    for (let i = 0; i < runs; i += 1) {
      const a = join(tmp, `direct-${i}`);
      direct.push(await git(['clone', '--no-local', '--quiet', `${githostUrl}/bench/big.git`, a]));
      rmSync(a, { recursive: true, force: true });
      const b = join(tmp, `proxied-${i}`);
      const sampler = sampleRss(pid, 50);
      const cpuBefore = cpuSeconds(pid);
      proxied.push(
        await git(['clone', '--no-local', '--quiet', `${proxyUrl}/git/bench/big.git`, b]),
      );
      peak = Math.max(peak, sampler.stop());
      proxyCpu.push(cpuSeconds(pid) - cpuBefore);
      rmSync(b, { recursive: true, force: true });
      log(
        `clone run ${i + 1}: direct ${direct[i]!.toFixed(2)} s, through the proxy ${proxied[i]!.toFixed(2)} s`,
      );
    }
    // The other direction: the same pack pushed through the proxy by its owner.
    await api(`${githostUrl}/api/v1/user/repos`, basic, { name: 'big-push', private: false });
    const pushSampler = sampleRss(pid, 50);
    const pushUrl = `http://bench:${password}@127.0.0.1:${proxyPort}/git/bench/big-push.git`;
    const proxiedPushSeconds = await git(['push', '--quiet', pushUrl, 'main'], work);
    const pushPeak = pushSampler.stop();
    rmSync(work, { recursive: true, force: true });

    const after = rssBytes(pid);
    return {
      sizeMb,
      runs,
      packBytes,
      directSeconds: direct,
      proxiedSeconds: proxied,
      directMedianSeconds: median(direct),
      proxiedMedianSeconds: median(proxied),
      ratio: median(proxied) / median(direct),
      proxyCpuSecondsPerClone: median(proxyCpu),
      directPushSeconds,
      proxiedPushSeconds,
      proxyRss: {
        idleBytes: idle,
        peakCloneBytes: peak,
        peakPushBytes: pushPeak,
        afterBytes: after,
        growthBytes: Math.max(peak, pushPeak) - idle,
      },
    };
  } finally {
    for (const service of services.reverse()) await stopService(service);
    removeTempDir(tmp);
  }
}
