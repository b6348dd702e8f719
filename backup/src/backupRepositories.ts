import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RepositoryEntry } from './backupManifest';
import { repositoryPath } from './dataDirLayout';
import { git } from './runTool';

export interface RepositoryToBackUp {
  owner: string;
  name: string;
}

/** Every ref of a repository (`show-ref`), HEAD left out. */
export async function readRefs(gitDir: string): Promise<Record<string, string>> {
  const out = await git([
    `--git-dir=${gitDir}`,
    'for-each-ref',
    '--format=%(objectname) %(refname)',
  ]);
  return parseRefLines(out);
}

function parseRefLines(out: string): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const [sha, ref] = line.trim().split(' ');
    if (sha && ref && ref !== 'HEAD') refs[ref] = sha;
  }
  return refs;
}

export async function readHead(gitDir: string): Promise<string> {
  return (await git([`--git-dir=${gitDir}`, 'symbolic-ref', 'HEAD'])).trim();
}

const sameRefs = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/**
 * One repository, consistent on its own: a bundle of every ref as of one instant (see
 * bundleConsistently), verified, its refs recorded from the bundle itself. Unchanged since
 * `previous` (same refs, same HEAD): the previous bundle is hard-linked instead.
 */
export async function backupRepository(
  dataDir: string,
  backupDir: string,
  repo: RepositoryToBackUp,
  previous: { dir: string; entry: RepositoryEntry } | undefined,
): Promise<RepositoryEntry | undefined> {
  const path = repositoryPath(repo.owner, repo.name);
  const gitDir = join(dataDir, path);
  if (!existsSync(gitDir)) return undefined;
  const head = await readHead(gitDir);
  const refs = await readRefs(gitDir);
  const bundle = `repositories/${repo.owner.toLowerCase()}/${repo.name.toLowerCase()}.bundle`;
  const base = { owner: repo.owner, name: repo.name, path: path.split('\\').join('/'), head };
  if (Object.keys(refs).length === 0) return { ...base, refs, reused: false };
  await mkdir(dirname(join(backupDir, bundle)), { recursive: true });

  const old = previous?.entry;
  if (old?.bundle && old.head === head && sameRefs(old.refs, refs)) {
    const from = join(previous!.dir, old.bundle);
    if (existsSync(from)) {
      await link(from, join(backupDir, bundle)).catch(() =>
        copyFile(from, join(backupDir, bundle)),
      );
      return { ...base, bundle, refs: old.refs, reused: true };
    }
  }

  const file = join(backupDir, bundle);
  const bundled = await bundleConsistently(gitDir, file, refs);
  return { ...base, bundle, refs: bundled, reused: false };
}

/**
 * `git bundle create --all` lists the refs, walks the objects, then reads the refs again and
 * leaves out any ref that moved meanwhile (even all of them: "Refusing to create empty bundle").
 * So the bundle counts only when no ref moved while it was made; after three tries under
 * constant pushes, the repository is first mirrored through upload-pack (which packs exactly
 * the refs it advertised) and the quiet mirror is bundled.
 */
async function bundleConsistently(
  gitDir: string,
  file: string,
  refsBefore: Record<string, string>,
): Promise<Record<string, string>> {
  let before = refsBefore;
  for (let attempt = 0; attempt < 3; attempt++) {
    const made = await git([
      `--git-dir=${gitDir}`,
      'bundle',
      'create',
      '--quiet',
      file,
      '--all',
    ]).then(
      () => true,
      () => false,
    );
    const after = await readRefs(gitDir);
    if (made && sameRefs(before, after)) {
      const heads = await verifiedHeads(gitDir, file);
      if (sameRefs(heads, after)) return heads;
    }
    before = after;
  }
  const mirror = `${file}.mirror`;
  try {
    await git(['clone', '--quiet', '--mirror', '--no-local', gitDir, mirror]);
    const refs = await readRefs(mirror);
    await git([`--git-dir=${mirror}`, 'bundle', 'create', '--quiet', file, '--all']);
    const heads = await verifiedHeads(mirror, file);
    if (!sameRefs(heads, refs)) throw new Error(`${gitDir}: bundle of the mirror lacks refs`);
    return heads;
  } finally {
    await rm(mirror, { recursive: true, force: true });
  }
}

async function verifiedHeads(gitDir: string, file: string): Promise<Record<string, string>> {
  await git([`--git-dir=${gitDir}`, 'bundle', 'verify', '--quiet', file]);
  return parseRefLines(await git(['bundle', 'list-heads', file]));
}

/** Runs `task` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
