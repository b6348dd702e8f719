/**
 * Clones one repository with a >=100 MB pack from githost directly and through the git proxy
 * (`git clone --no-local`, 3 runs each, medians), while sampling the proxy process's RSS every
 * 50 ms, then pushes the same pack through the proxy. Prints idle and peak RSS, the growth
 * (either direction), the time ratio and the proxy's CPU time; exits 1 when the growth reaches
 * the 30 MB budget. Run with `npm run bench:git-proxy` (builds githost and the proxy first);
 * `npm run bench` runs the same measurement as part of the whole suite.
 *
 * Options: --size-mb N (default 110), --runs N (default 3), --budget-mb N (default 30).
 */
import { loadavg } from 'node:os';
import { killLiveChildren } from '../support/processes';
import { measureCloneThroughProxy } from './measureCloneThroughProxy';

const MB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const budgetMb = option('budget-mb', 30);
  const result = await measureCloneThroughProxy({
    sizeMb: option('size-mb', 110),
    runs: option('runs', 3),
  });
  const { proxyRss: rss, runs } = result;
  console.log('');
  console.log(`repository bench/big: ${mb(result.packBytes)} of objects (one pack)`);
  console.log(
    `clone direct from githost:  median ${result.directMedianSeconds.toFixed(2)} s (${runs} runs)`,
  );
  console.log(
    `clone through the proxy:    median ${result.proxiedMedianSeconds.toFixed(2)} s (${runs} runs)`,
  );
  console.log(`time ratio proxy/direct:    ${result.ratio.toFixed(2)}x`);
  console.log(
    `proxy CPU per clone:        median ${result.proxyCpuSecondsPerClone.toFixed(2)} s (user + system)`,
  );
  console.log(
    `machine load average:       ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`push direct to githost:     ${result.directPushSeconds.toFixed(2)} s (1 run)`);
  console.log(`push through the proxy:     ${result.proxiedPushSeconds.toFixed(2)} s (1 run)`);
  console.log(
    `proxy RSS idle ${mb(rss.idleBytes)}, peak while cloning ${mb(rss.peakCloneBytes)}, while pushing ${mb(rss.peakPushBytes)}, after ${mb(rss.afterBytes)}`,
  );
  console.log(
    `proxy RSS growth: ${mb(rss.growthBytes)} (budget ${budgetMb} MB): ${rss.growthBytes < budgetMb * MB ? 'OK' : 'OVER BUDGET'}`,
  );
  if (rss.growthBytes >= budgetMb * MB) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killLiveChildren();
    process.exit(130);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  killLiveChildren();
  process.exit(1);
});
