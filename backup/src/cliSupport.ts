import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvError } from '@gitforge/env';
import { DomainError } from '@gitforge/errors';
import type { BackupEnv } from './env';

/** `npm run` starts scripts in the repository root; paths are meant from where npm was run. */
export const fromCaller = (env: BackupEnv, path: string): string =>
  resolve(env.paths.INIT_CWD ?? process.cwd(), path);

export const defaultDataDir = (env: BackupEnv): string =>
  fromCaller(env, env.paths.GITFORGE_DATA_DIR ?? '.gitforge');

/**
 * The database a data dir's platform uses: the given URL, DATABASE_URL, or (as the supervisor
 * does when it is unset) the embedded devdb on DEVDB_PORT, when the data dir has one.
 */
export function databaseUrlFor(
  env: BackupEnv,
  dataDir: string,
  given: string | undefined,
): string | undefined {
  if (given) return given;
  if (env.database.DATABASE_URL) return env.database.DATABASE_URL;
  if (!existsSync(join(dataDir, 'pglite'))) return undefined;
  return `postgres://postgres:postgres@127.0.0.1:${env.database.DEVDB_PORT}/postgres`;
}

/** Where a restore puts the database: the given URL, DATABASE_URL, or (unset) the embedded one. */
export const databaseUrlForRestore = (env: BackupEnv, given: string | undefined) =>
  given || env.database.DATABASE_URL || undefined;

/** Prints the failure (a typed one as `CODE: message`) and sets exit status 1. */
export function reportFailure(what: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof DomainError ? `${err.code}: ` : '';
  process.stderr.write(`${what} failed: ${err instanceof EnvError ? '' : code}${message}\n`);
  process.exitCode = 1;
}
