/**
 * Clones one repository with a >=100 MB pack from githost directly and through the git proxy
 * (`git clone --no-local`, 3 runs each, medians), while sampling the proxy process's RSS every
 * 50 ms, then pushes the same pack through the proxy. Prints idle and peak RSS, the growth
 * (either direction), the time ratio and the proxy's CPU time; exits 1 when the growth reaches
 * the 30 MB budget. Run with `npm run bench:git-proxy` (builds githost and the proxy first).
 *
 * Options: --size-mb N (default 110), --runs N (default 3), --budget-mb N (default 30).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuSeconds, freePort, rssBytes, sampleRss, startService, stopService } from './processes';

const ROOT = resolve(__dirname, '../..');
const MB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
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
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const sizeMb = option('size-mb', 110);
  const runs = option('runs', 3);
  const budgetMb = option('budget-mb', 30);
  const tmp = mkdtempSync(join(tmpdir(), 'gitforge-bench-git-proxy-'));
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

    console.log(`creating bench/big with ${sizeMb} MB of random (incompressible) blobs...`);
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
      console.log(
        `run ${i + 1}: direct ${direct[i]!.toFixed(2)} s, through the proxy ${proxied[i]!.toFixed(2)} s`,
      );
    }
    // The other direction: the same pack pushed through the proxy by its owner.
    await api(`${githostUrl}/api/v1/user/repos`, basic, { name: 'big-push', private: false });
    const pushSampler = sampleRss(pid, 50);
    const pushUrl = `http://bench:${password}@127.0.0.1:${proxyPort}/git/bench/big-push.git`;
    const pushSeconds = await git(['push', '--quiet', pushUrl, 'main'], work);
    const pushPeak = pushSampler.stop();
    rmSync(work, { recursive: true, force: true });

    const after = rssBytes(pid);
    const growth = Math.max(peak, pushPeak) - idle;
    const ratio = median(proxied) / median(direct);

    console.log('');
    console.log(`repository bench/big: ${mb(packBytes)} of objects (one pack)`);
    console.log(`clone direct from githost:  median ${median(direct).toFixed(2)} s (${runs} runs)`);
    console.log(
      `clone through the proxy:    median ${median(proxied).toFixed(2)} s (${runs} runs)`,
    );
    console.log(`time ratio proxy/direct:    ${ratio.toFixed(2)}x`);
    console.log(
      `proxy CPU per clone:        median ${median(proxyCpu).toFixed(2)} s (user + system)`,
    );
    console.log(
      `machine load average:       ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`push direct to githost:     ${directPushSeconds.toFixed(2)} s (1 run)`);
    console.log(`push through the proxy:     ${pushSeconds.toFixed(2)} s (1 run)`);
    console.log(
      `proxy RSS idle ${mb(idle)}, peak while cloning ${mb(peak)}, while pushing ${mb(pushPeak)}, after ${mb(after)}`,
    );
    console.log(
      `proxy RSS growth: ${mb(growth)} (budget ${budgetMb} MB): ${growth < budgetMb * MB ? 'OK' : 'OVER BUDGET'}`,
    );
    if (growth >= budgetMb * MB) process.exitCode = 1;
  } finally {
    for (const service of services.reverse()) await stopService(service);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
