import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { DomainError } from '@gitforge/errors';
import {
  FORMAT,
  MANIFEST,
  MANIFEST_SUM,
  sha256File,
  sha256Text,
  type BackupManifest,
} from './backupManifest';

const corrupt = (message: string, file: string) =>
  new DomainError('BAD_USER_INPUT', `backup verification failed: ${message}`, file);

const unsafe = (path: string) => isAbsolute(path) || path.split(/[\\/]/).includes('..');

/**
 * Checks the manifest against its own SHA-256, then every file it lists (present, same size,
 * same SHA-256) and every path it names (inside the backup). Throws naming the first bad file;
 * reads only, so a failing backup has changed nothing.
 */
export async function verifyBackup(backup: string): Promise<BackupManifest> {
  const manifestFile = join(backup, MANIFEST);
  if (!existsSync(manifestFile)) throw corrupt(`${MANIFEST} is missing in ${backup}`, MANIFEST);
  const text = await readFile(manifestFile, 'utf8');
  const expected = (await readFile(join(backup, MANIFEST_SUM), 'utf8').catch(() => ''))
    .trim()
    .split(/\s+/)[0];
  if (!expected) throw corrupt(`${MANIFEST_SUM} is missing or empty`, MANIFEST_SUM);
  if (sha256Text(text) !== expected)
    throw corrupt(`${MANIFEST} does not match ${MANIFEST_SUM}`, MANIFEST);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw corrupt(`${MANIFEST} is not JSON`, MANIFEST);
  }
  if (manifest.format !== FORMAT)
    throw corrupt(`unknown backup format ${String(manifest.format)}`, MANIFEST);
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const file of manifest.files) {
    if (unsafe(file.path)) throw corrupt(`unsafe path ${file.path}`, file.path);
    const full = join(backup, file.path);
    const size = await stat(full).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) throw corrupt(`${file.path} is missing`, file.path);
    if (size !== file.size) {
      throw corrupt(`${file.path} is ${size} bytes, the manifest says ${file.size}`, file.path);
    }
    if ((await sha256File(full)) !== file.sha256)
      throw corrupt(`${file.path}: SHA-256 mismatch`, file.path);
  }
  for (const path of await listFiles(backup)) {
    if (path !== MANIFEST && path !== MANIFEST_SUM && !listed.has(path)) {
      throw corrupt(`${path} is not in the manifest`, path);
    }
  }
  const referenced = [
    ...manifest.repositories.flatMap((r) => (r.bundle ? [r.bundle] : [])),
    ...(manifest.database.kind === 'none' ? [] : [manifest.database.file]),
  ];
  for (const path of referenced) {
    if (!listed.has(path)) throw corrupt(`${path} is not among the checksummed files`, path);
  }
  for (const repo of manifest.repositories) {
    if (unsafe(repo.path) || !repo.path.startsWith('githost/repos/')) {
      throw corrupt(`unsafe repository path ${repo.path}`, repo.path);
    }
  }
  return manifest;
}

/** Every file under `root`, relative and `/`-separated. */
async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root);
  return found;
}
