import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultPorts } from '@gitforge/env';
import { DomainError } from '@gitforge/errors';

/** `npm run` starts scripts in the repository root; paths are meant from where npm was run. */
export const fromCaller = (path: string): string =>
  resolve(process.env.INIT_CWD ?? process.cwd(), path);

export const defaultDataDir = (): string =>
  fromCaller(process.env.GITFORGE_DATA_DIR || '.gitforge');

/**
 * The database a data dir's platform uses: DATABASE_URL, or (as the supervisor does when it is
 * unset) the embedded devdb on DEVDB_PORT, when the data dir has one.
 */
export function databaseUrlFor(dataDir: string, given: string | undefined): string | undefined {
  if (given) return given;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!existsSync(join(dataDir, 'pglite'))) return undefined;
  const port = process.env.DEVDB_PORT || String(defaultPorts.DEVDB_PORT);
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/** Prints the failure (a typed one as `CODE: message`) and sets exit status 1. */
export function reportFailure(what: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof DomainError ? `${err.code}: ` : '';
  process.stderr.write(`${what} failed: ${code}${message}\n`);
  process.exitCode = 1;
}

/** Where a restore puts the database: the given URL, DATABASE_URL, or (unset) the embedded one. */
export const databaseUrlForRestore = (given: string | undefined): string | undefined =>
  given || process.env.DATABASE_URL || undefined;
