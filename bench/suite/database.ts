import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The same server with another database in the path. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Rows of a query as arrays of text (psql, unaligned, tab-separated). */
export async function sql(databaseUrl: string, query: string): Promise<string[][]> {
  const { stdout } = await run(
    'psql',
    [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-A', '-t', '-F', '\t', '-c', query],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/**
 * A fresh database on the server of `serverUrl` (as `.ci/run` does), for one bench run; returns
 * its URL and a function that drops it again.
 */
export async function createFreshDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; drop: () => Promise<void>; dropNow: () => void }> {
  const name = `gitforge_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = withDatabase(serverUrl, 'postgres');
  await sql(admin, `create database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: async () => {
      await sql(admin, `drop database if exists ${name} with (force)`);
    },
    /** Synchronous, for an interrupted run. */
    dropNow: () => {
      execFileSync(
        'psql',
        [admin, '-X', '-q', '-c', `drop database if exists ${name} with (force)`],
        {
          stdio: 'ignore',
        },
      );
    },
  };
}
