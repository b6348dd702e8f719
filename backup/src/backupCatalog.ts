import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST, type BackupManifest } from './backupManifest';

/** `gitforge-2026-12-07T18-55-00-123Z`: sorts by time, safe in any file system. */
export const BACKUP_NAME = /^gitforge-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
export const PARTIAL_PREFIX = '.partial-';

export const backupName = (at: Date): string =>
  `gitforge-${at.toISOString().replace(/[:.]/g, '-')}`;

/** Complete backups in `dir` (renamed into place, manifest present), oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter(
    (name) => BACKUP_NAME.test(name) && existsSync(join(dir, name, MANIFEST)),
  );
  return names.sort();
}

export async function readManifest(backup: string): Promise<BackupManifest> {
  return JSON.parse(await readFile(join(backup, MANIFEST), 'utf8')) as BackupManifest;
}

/** Deletes the oldest complete backups beyond `keep`; returns the names deleted. */
export async function applyRetention(dir: string, keep: number): Promise<string[]> {
  const backups = await listBackups(dir);
  const doomed = backups.slice(0, Math.max(0, backups.length - keep));
  // Hard-linked bundles shared with a kept backup stay: only this directory's links go.
  for (const name of doomed) await rm(join(dir, name), { recursive: true, force: true });
  // Left by a backup that died a day or more ago (a running one is younger).
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(PARTIAL_PREFIX)) continue;
    const modified = await stat(join(dir, name)).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    if (modified < dayAgo) {
      await rm(join(dir, name), { recursive: true, force: true });
      doomed.push(name);
    }
  }
  return doomed;
}
