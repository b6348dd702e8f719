import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backupDatabase } from './backupDatabase';
import {
  FORMAT,
  MANIFEST,
  MANIFEST_SUM,
  sha256File,
  sha256Text,
  type BackupManifest,
  type DatabaseEntry,
  type FileEntry,
  type RepositoryEntry,
} from './backupManifest';
import { backupName, listBackups, PARTIAL_PREFIX, readManifest } from './backupCatalog';
import { backupRepository, mapLimited } from './backupRepositories';
import { backupDirectory, backupGithostState, backupResilience } from './backupStateFiles';
import { dataDirLayout, repositoryPath } from './dataDirLayout';
import { platformVersion } from './platformVersion';

export interface BackupOptions {
  /** Where backups go; each one is a `gitforge-<time>` directory inside. */
  dir: string;
  dataDir: string;
  /** Unset: no database in the backup. */
  databaseUrl?: string;
  /** Compare repositories with this backup; undefined: the newest in `dir`; null: full backup. */
  previous?: string | null;
  log?: (line: string) => void;
}

export interface BackupResult {
  path: string;
  manifest: BackupManifest;
}

/**
 * A backup of a running platform, nothing stopped: githost's state first (it names the
 * repositories to bundle), the repositories and the database side by side, then the resilience
 * store and the secrets. Written under a `.partial-` name and renamed once the manifest (every
 * file's size and SHA-256) is on disk, so a backup directory is complete or absent.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const started = new Date();
  const t0 = performance.now();
  const dir = resolve(options.dir);
  const layout = dataDirLayout(resolve(options.dataDir));
  if (!existsSync(layout.dataDir)) throw new Error(`data dir ${layout.dataDir} does not exist`);
  const name = backupName(started);
  const partial = join(dir, `${PARTIAL_PREFIX}${name}`);
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    const previous = await findPrevious(dir, options.previous);
    const notes: string[] = [];

    const repos = await backupGithostState(partial, layout);
    if (!repos) notes.push('no githost store in the data dir (external Gitea?): no repositories');
    const before = new Map(previous?.manifest.repositories.map((r) => [r.path, r]) ?? []);
    const [found, database] = await Promise.all([
      mapLimited(repos ?? [], 2, (repo) => {
        const entry = before.get(repositoryPath(repo.owner, repo.name).split(sep).join('/'));
        return backupRepository(
          layout.dataDir,
          partial,
          repo,
          entry && previous ? { dir: previous.path, entry } : undefined,
        );
      }),
      options.databaseUrl
        ? backupDatabase(options.databaseUrl, partial)
        : Promise.resolve<DatabaseEntry>({ kind: 'none', reason: 'no database URL given' }),
    ]);
    const repositories = found.filter((r): r is RepositoryEntry => r !== undefined);
    log(`repositories: ${repositories.length}, database: ${database.kind}`);
    notes.push(...(await backupResilience(partial, layout)));
    await backupDirectory(partial, layout, layout.secrets);
    await backupDirectory(partial, layout, layout.sessions);
    if (database.kind === 'none') notes.push(`database not in this backup: ${database.reason}`);

    const files = await checksumFiles(partial);
    const manifest: BackupManifest = {
      format: FORMAT,
      platform: await platformVersion(),
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      sourceDataDir: layout.dataDir,
      ...(previous ? { previous: relative(dir, previous.path) } : {}),
      database,
      repositories,
      counters: {
        repositoriesBundled: repositories.filter((r) => r.bundle && !r.reused).length,
        repositoriesReused: repositories.filter((r) => r.reused).length,
        files: files.length,
        bytes: files.reduce((sum, f) => sum + f.size, 0),
        durationMs: Math.round(performance.now() - t0),
      },
      notes,
      files,
    };
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(join(partial, MANIFEST), text, { mode: 0o600 });
    await writeFile(join(partial, MANIFEST_SUM), `${sha256Text(text)}  ${MANIFEST}\n`);
    const path = join(dir, name);
    await rename(partial, path);
    return { path, manifest };
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

async function findPrevious(
  dir: string,
  previous: string | null | undefined,
): Promise<{ path: string; manifest: BackupManifest } | undefined> {
  if (previous === null) return undefined;
  const path = previous
    ? resolve(previous)
    : (await listBackups(dir)).map((n) => join(dir, n)).pop();
  if (!path) return undefined;
  return { path, manifest: await readManifest(path) };
}

/** Every file under `root` except the manifest, with size and SHA-256, `/`-separated paths. */
export async function checksumFiles(root: string): Promise<FileEntry[]> {
  const entries: FileEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        if (path === MANIFEST || path === MANIFEST_SUM) continue;
        entries.push({ path, size: (await stat(full)).size, sha256: await sha256File(full) });
      }
    }
  };
  await walk(root);
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}
