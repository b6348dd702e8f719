import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseEntry } from './backupManifest';
import { libpqConnection } from './libpqConnection';
import { logicalDump } from './logicalDump';
import { mustRun, runTool } from './runTool';

export interface ServerInfo {
  version: string;
  /** server_version_num / 10000, e.g. 15 */
  major: number;
  cockroach: boolean;
}

export async function serverInfo(databaseUrl: string): Promise<ServerInfo> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('select version() as v');
    const version = rows[0]!.v;
    const num = (
      await client.query<{ n: string }>(`select current_setting('server_version_num') as n`)
    ).rows[0]!.n;
    return {
      version,
      major: Math.floor(Number(num) / 10000),
      cockroach: /CockroachDB/i.test(version),
    };
  } finally {
    await client.end();
  }
}

/** The major version of the installed pg_dump, or undefined when there is none. */
async function pgDumpMajor(): Promise<number | undefined> {
  try {
    const out = await runTool('pg_dump', ['--version']);
    const match = /(\d+)(?:\.\d+)?/.exec(out.stdout);
    return out.code === 0 && match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The issues database at one instant. PostgreSQL: `pg_dump` (one REPEATABLE READ transaction, so
 * one snapshot; writers are never blocked) in its custom format. A server newer than pg_dump (the
 * embedded PGlite) or no pg_dump: the logical dump, also one snapshot. CockroachDB: nothing here,
 * its own `BACKUP` does it (infra/k8s/base/backup/).
 */
export async function backupDatabase(
  databaseUrl: string,
  backupDir: string,
): Promise<DatabaseEntry> {
  const server = await serverInfo(databaseUrl);
  if (server.cockroach) {
    return {
      kind: 'none',
      reason: 'CockroachDB: back it up with BACKUP DATABASE (see the backup CronJob), not pg_dump',
    };
  }
  const dumpMajor = await pgDumpMajor();
  if (dumpMajor !== undefined && dumpMajor >= server.major) {
    const file = 'database.dump';
    const connection = libpqConnection(databaseUrl);
    await mustRun(
      'pg_dump',
      [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${join(backupDir, file)}`,
        `--dbname=${connection.url}`,
      ],
      { env: connection.env },
    );
    return { kind: 'pg_dump', file, serverVersion: server.version };
  }
  const file = 'database.sql';
  const dump = await logicalDump(databaseUrl, join(backupDir, file));
  return { kind: 'sql', file, serverVersion: dump.serverVersion, tables: dump.tables };
}
