import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { DataDirLayout } from './dataDirLayout';

/** What githost's store.json says about repositories (only the fields a backup needs). */
interface StoreSnapshot {
  users: { id: number; login: string }[];
  repos: { ownerId: number; name: string }[];
}

const readIfExists = async (file: string): Promise<Buffer | undefined> =>
  readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });

/** Copies `content` to `<backupDir>/files/<path relative to the data dir>`. */
async function keep(backupDir: string, layout: DataDirLayout, source: string, content: Buffer) {
  const target = join(backupDir, 'files', relative(layout.dataDir, source));
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  await writeFile(target, content, { mode: 0o600 });
}

/**
 * githost's users, tokens, organizations, teams, collaborators, hooks (store.json) and pull
 * requests (pulls.json). Both are replaced atomically by githost, so one read is one whole
 * version. Returns the repositories store.json lists: exactly those are bundled, so a
 * repository created after this read is in neither.
 */
export async function backupGithostState(
  backupDir: string,
  layout: DataDirLayout,
): Promise<{ owner: string; name: string }[] | undefined> {
  const store = await readIfExists(layout.githostStore);
  if (!store) return undefined;
  const parsed = JSON.parse(store.toString('utf8')) as StoreSnapshot;
  await keep(backupDir, layout, layout.githostStore, store);
  for (const file of [layout.githostPulls, layout.githostDemoPassword]) {
    const content = await readIfExists(file);
    if (content) await keep(backupDir, layout, file, content);
  }
  const logins = new Map(parsed.users.map((u) => [u.id, u.login]));
  return parsed.repos.flatMap((r) => {
    const owner = logins.get(r.ownerId);
    return owner ? [{ owner, name: r.name }] : [];
  });
}

/** Every file of a directory (secrets: JWT, webhook and admin-token secrets; ended sessions). */
export async function backupDirectory(backupDir: string, layout: DataDirLayout, dir: string) {
  if (!existsSync(dir)) return 0;
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.tmp') || entry.name.startsWith('.')) continue;
    const content = await readIfExists(join(dir, entry.name));
    if (content) {
      await keep(backupDir, layout, join(dir, entry.name), content);
      count++;
    }
  }
  return count;
}

const SNAPSHOT = /^snapshot-(\d{8})\.snap$/;
const SEGMENT = /^wal-(\d{8})\.log$/;
const STRATEGY_DIR = /^(checkpointing|hybrid)-[0-9a-f]+$/;
const MAGIC = 'GFSNAP1 ';

/** The segment a valid snapshot (resilience snapshotFile.ts format) replays from, or undefined. */
function validSnapshotSegment(file: Buffer): number | undefined {
  const newline = file.indexOf(0x0a);
  if (newline < 0 || file.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) return undefined;
  try {
    const header = JSON.parse(file.subarray(MAGIC.length, newline).toString('utf8')) as {
      segment: number;
      bytes: number;
      sha256: string;
    };
    const body = file.subarray(newline + 1);
    const sum = createHash('sha256').update(body).digest('hex');
    return body.length === header.bytes && sum === header.sha256 ? header.segment : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The resilience store of one strategy directory: the newest valid snapshot, then every log
 * segment from the one it replays from (read after the snapshot, so no record falls between).
 * A checkpoint may prune files meanwhile: then the directory is read again.
 */
async function backupStrategyDir(backupDir: string, layout: DataDirLayout, dir: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const names = await readdir(dir);
    const snapshots = names
      .filter((n) => SNAPSHOT.test(n))
      .sort()
      .reverse();
    let snapshot: { name: string; content: Buffer; segment: number } | undefined;
    for (const name of snapshots) {
      const content = await readIfExists(join(dir, name));
      const segment = content && validSnapshotSegment(content);
      if (content && segment !== undefined) {
        snapshot = { name, content, segment };
        break;
      }
    }
    const from = snapshot?.segment ?? 0;
    const segments = (await readdir(dir)).filter(
      (n) => SEGMENT.test(n) && Number(SEGMENT.exec(n)![1]) >= from,
    );
    const logs = await Promise.all(
      segments.map(async (n) => [n, await readIfExists(join(dir, n))] as const),
    );
    // A segment that vanished between listing and reading was pruned by a newer checkpoint.
    if (logs.some(([, content]) => !content)) continue;
    if (snapshot) await keep(backupDir, layout, join(dir, snapshot.name), snapshot.content);
    for (const [name, content] of logs) await keep(backupDir, layout, join(dir, name), content!);
    return;
  }
  throw new Error(`resilience files in ${dir} kept changing: backup not consistent`);
}

/** strategy.json and the files of the active checkpointing/hybrid strategy. */
export async function backupResilience(
  backupDir: string,
  layout: DataDirLayout,
): Promise<string[]> {
  const strategy = await readIfExists(layout.resilienceStrategy);
  if (!strategy) return [];
  await keep(backupDir, layout, layout.resilienceStrategy, strategy);
  const record = JSON.parse(strategy.toString('utf8')) as { kind: string; generation: string };
  const active = `${record.kind.toLowerCase()}-${record.generation}`;
  const dir = join(layout.resilience, active);
  if (!STRATEGY_DIR.test(active) || !existsSync(dir))
    return [`resilience strategy ${record.kind}: no files to keep`];
  await backupStrategyDir(backupDir, layout, dir);
  return [];
}
