import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DomainError } from '@gitforge/errors';
import type { BackupManifest, RepositoryEntry } from './backupManifest';
import { readRefs } from './backupRepositories';
import { dataDirLayout } from './dataDirLayout';
import { checkDatabaseTarget, restoreDatabase } from './restoreDatabase';
import { git } from './runTool';
import { verifyBackup } from './verifyBackup';

export interface RestoreOptions {
  backup: string;
  dataDir: string;
  /** Where the database goes; unset: the embedded PGlite of the data dir. */
  databaseUrl?: string;
  /** Replace what a non-empty data dir or database holds. */
  force?: boolean;
  log?: (line: string) => void;
}

/** A pid file under run/ whose process is alive: GitForge still runs on this data dir. */
function runningService(dataDir: string): string | undefined {
  const run = join(dataDir, 'run');
  if (!existsSync(run)) return undefined;
  for (const file of readdirSync(run).filter((f) => f.endsWith('.pid'))) {
    const pid = Number.parseInt(readFileSync(join(run, file), 'utf8'), 10);
    try {
      if (pid > 0) {
        process.kill(pid, 0);
        return `${file.replace(/\.pid$/, '')} (pid ${pid})`;
      }
    } catch {
      // not running
    }
  }
  return undefined;
}

/**
 * Verifies every checksum, checks the targets, rebuilds the data dir in a staging directory next
 * to it (files, repositories from their bundles with `git fsck`), loads the database, and only
 * then moves the staged state into the data dir. Any failure before that last step leaves the
 * data dir untouched; the database load is one transaction.
 */
export async function restoreBackup(
  options: RestoreOptions,
): Promise<BackupManifest & { restoreMs: number }> {
  const t0 = performance.now();
  const log = options.log ?? (() => undefined);
  const backup = resolve(options.backup);
  const dataDir = resolve(options.dataDir);
  const force = options.force ?? false;
  const manifest = await verifyBackup(backup);
  log(`verified ${manifest.files.length} files of ${basename(backup)}`);

  const running = existsSync(dataDir) ? runningService(dataDir) : undefined;
  if (running) {
    throw new DomainError(
      'CONFLICT',
      `GitForge is running on ${dataDir}: ${running}; stop it first`,
    );
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0 && !force) {
    throw new DomainError(
      'CONFLICT',
      `data dir ${dataDir} is not empty: restore into an empty one, or pass --force to replace its contents`,
      'dataDir',
    );
  }
  await checkDatabaseTarget(manifest.database, options.databaseUrl, force);

  const staging = join(
    dirname(dataDir),
    `.${basename(dataDir)}.restore-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    // Only what the manifest lists (and verification checked): a file slipped into the backup
    // afterwards is never restored.
    for (const file of manifest.files.filter((f) => f.path.startsWith('files/'))) {
      const target = join(staging, file.path.slice('files/'.length));
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await copyFile(join(backup, file.path), target);
      await chmod(target, 0o600);
    }
    for (const sub of ['secrets', 'sessions', 'githost']) {
      if (existsSync(join(staging, sub))) await chmod(join(staging, sub), 0o700);
    }
    for (const repo of manifest.repositories) await restoreRepository(backup, staging, repo);
    log(`restored ${manifest.repositories.length} repositories`);
    const workDir = join(staging, '.restore-work');
    await mkdir(workDir);
    await restoreDatabase(backup, manifest.database, {
      databaseUrl: options.databaseUrl,
      pgliteDir: dataDirLayout(staging).pglite,
      force,
      workDir,
    });
    await rm(workDir, { recursive: true, force: true });
    log(`restored the database (${manifest.database.kind})`);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(staging)) {
      await rm(join(dataDir, entry), { recursive: true, force: true });
      await rename(join(staging, entry), join(dataDir, entry));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { ...manifest, restoreMs: Math.round(performance.now() - t0) };
}

/** A bare repository from its bundle, HEAD as it was, refs checked against the manifest, fsck clean. */
async function restoreRepository(
  backup: string,
  dataDir: string,
  repo: RepositoryEntry,
): Promise<void> {
  const gitDir = join(dataDir, repo.path);
  await mkdir(dirname(gitDir), { recursive: true });
  await git(['init', '--bare', '--quiet', gitDir]);
  if (repo.bundle) {
    await git([
      `--git-dir=${gitDir}`,
      'fetch',
      '--quiet',
      join(backup, repo.bundle),
      '+refs/*:refs/*',
    ]);
  }
  await git([`--git-dir=${gitDir}`, 'symbolic-ref', 'HEAD', repo.head]);
  const refs = await readRefs(gitDir);
  const expected = Object.entries(repo.refs);
  if (
    expected.length !== Object.keys(refs).length ||
    expected.some(([ref, sha]) => refs[ref] !== sha)
  ) {
    throw new Error(`${repo.owner}/${repo.name}: refs after restore differ from the manifest`);
  }
  await git([`--git-dir=${gitDir}`, 'fsck', '--no-progress', '--no-dangling']);
}
