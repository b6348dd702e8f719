import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProfileOptions } from '../profile/profileRun';
import { freePort, stopService, track } from '../support/processes';

const ROOT = resolve(__dirname, '../..');

export interface StockGateway {
  /** GraphQL endpoint (startStandaloneServer serves it at `/`). */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `bench/stockGateway.ts` over `subgraphList` and waits until it answers a query. */
export async function startStockGateway(
  subgraphList: string,
  logFile: string,
  options: { profile?: ProfileOptions } = {},
): Promise<StockGateway> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = track(
    spawn(
      process.execPath,
      [
        ...profileArgs(options.profile),
        '-r',
        '@swc-node/register',
        resolve(ROOT, 'bench/stockGateway.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          STOCK_GATEWAY_PORT: String(port),
          SUBGRAPH_URLS: subgraphList,
          // @swc-node/register otherwise installs source-map-support, which makes every
          // `error.stack` expensive (agent-base reads one per subgraph request): not stock.
          SWC_NODE_SOURCE_MAP_MODE: 'none',
          // Apollo Server re-raises SIGTERM after stopping, and a signal death writes no profile.
          ...(options.profile ? { STOCK_GATEWAY_EXIT_ON_SIGTERM: '1' } : {}),
        },
        stdio: ['ignore', log, log],
      },
    ),
  );
  closeSync(log);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the stock gateway exited (${child.exitCode}); see ${logFile}`);
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopService(child);
      throw new Error(`the stock gateway did not answer within 60 s; see ${logFile}`);
    }
    await sleep(200);
  }
  return { url, pid: child.pid!, stop: () => stopService(child) };
}

/** Node's own profiler for the process we start directly (NODE_OPTIONS refuses `--cpu-prof`). */
function profileArgs(profile: ProfileOptions | undefined): string[] {
  return profile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profile.dir}`,
        '--cpu-prof-name=stock-gateway.cpuprofile',
        `--cpu-prof-interval=${profile.intervalMicros}`,
      ]
    : [];
}
