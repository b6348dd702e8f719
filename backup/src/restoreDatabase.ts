import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DomainError } from '@gitforge/errors';
import { Client } from 'pg';
import type { DatabaseEntry } from './backupManifest';
import { libpqConnection } from './libpqConnection';
import { mustRun } from './runTool';

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

async function withClient<T>(databaseUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** How many tables, views and sequences the database holds outside the system schemas. */
export function countRelations(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `select count(*)::text as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'S') and ${USER_SCHEMAS}`,
    );
    return Number(rows[0]!.n);
  });
}

/** Checks, before anything is changed, that the database can take the backup's dump. */
export async function checkDatabaseTarget(
  database: DatabaseEntry,
  databaseUrl: string | undefined,
  force: boolean,
): Promise<void> {
  if (database.kind === 'none') return;
  if (!databaseUrl) {
    if (database.kind === 'pg_dump') {
      throw new DomainError(
        'BAD_USER_INPUT',
        'this backup holds a pg_dump archive of PostgreSQL: set DATABASE_URL to the (empty) PostgreSQL database to restore it into',
        'DATABASE_URL',
      );
    }
    return;
  }
  const relations = await countRelations(databaseUrl);
  if (relations > 0 && !force) {
    throw new DomainError(
      'CONFLICT',
      `the database in DATABASE_URL is not empty (${relations} tables, views or sequences): restore into an empty database, or pass --force to replace its contents`,
      'DATABASE_URL',
    );
  }
}

/** SQL that drops every user schema, leaving an empty `public` (run inside the restore's transaction). */
async function emptyingStatements(databaseUrl: string): Promise<string> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `select n.nspname as name from pg_namespace n where ${USER_SCHEMAS}`,
    );
    const drops = rows.map(({ name }) => `drop schema "${name.replace(/"/g, '""')}" cascade;`);
    return [...drops, 'create schema if not exists public;'].join('\n');
  });
}

/**
 * Loads the dump into PostgreSQL (pg_restore / psql, one transaction: all or nothing) or, with
 * no DATABASE_URL, into a new embedded PGlite directory (the devdb of the restored data dir).
 */
export async function restoreDatabase(
  backup: string,
  database: DatabaseEntry,
  target: { databaseUrl?: string; pgliteDir: string; force: boolean; workDir: string },
): Promise<void> {
  if (database.kind === 'none') return;
  const file = join(backup, database.file);
  if (!target.databaseUrl) {
    const db = await PGlite.create(target.pgliteDir);
    try {
      await db.exec(await readFile(file, 'utf8'));
    } finally {
      await db.close();
    }
    return;
  }
  const connection = libpqConnection(target.databaseUrl);
  const psql = (args: string[]) =>
    mustRun('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args, connection.url], {
      env: connection.env,
    });
  if (target.force) {
    // Replacing a database: the drops and the load in one transaction, so a failed load leaves
    // the old contents. pg_restore writes its archive out as SQL for that.
    const script =
      database.kind === 'pg_dump' ? join(target.workDir, 'database.restore.sql') : file;
    if (database.kind === 'pg_dump') {
      await mustRun('pg_restore', ['--no-owner', '--no-privileges', '--file', script, file]);
    }
    await psql([
      '--single-transaction',
      '-c',
      await emptyingStatements(target.databaseUrl),
      '-f',
      script,
    ]);
    return;
  }
  if (database.kind === 'pg_dump') {
    await mustRun(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${connection.url}`,
        file,
      ],
      { env: connection.env },
    );
  } else {
    await psql(['-f', file]);
  }
}
