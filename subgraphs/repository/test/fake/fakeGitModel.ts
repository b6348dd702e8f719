import { createHash } from 'node:crypto';

/** The in-memory git data behind FakeGitea: linear histories of full file snapshots. */

export interface FakeFile {
  data: Buffer;
  /** 100644, 100755, 120000 (symlink; data = target) or 160000 (submodule; data = commit id). */
  mode: string;
}

export interface FakeTreeEntry {
  name: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size: number;
}

export interface FakeCommit {
  sha: string;
  message: string;
  author: { name: string; email: string; date: string };
  parents: string[];
  files: Map<string, FakeFile>;
  treeSha: string;
  /** Directory path ('' = root) → its tree id. */
  dirs: Map<string, string>;
}

export type FileSpec = string | Buffer | { data: string | Buffer; mode: string };

export const sha1 = (value: string | Buffer): string =>
  createHash('sha1').update(value).digest('hex');

export const blobSha = (data: Buffer): string =>
  sha1(Buffer.concat([Buffer.from(`blob ${data.length}\0`), data]));

function toFile(spec: FileSpec): FakeFile {
  if (typeof spec === 'string') return { data: Buffer.from(spec), mode: '100644' };
  if (Buffer.isBuffer(spec)) return { data: spec, mode: '100644' };
  return { data: Buffer.isBuffer(spec.data) ? spec.data : Buffer.from(spec.data), mode: spec.mode };
}

function entryFor(name: string, file: FakeFile): FakeTreeEntry {
  if (file.mode === '160000') {
    return { name, mode: file.mode, type: 'commit', sha: file.data.toString(), size: 0 };
  }
  return { name, mode: file.mode, type: 'blob', sha: blobSha(file.data), size: file.data.length };
}

/** Builds every tree of a snapshot; returns the trees by id and the id of each directory. */
export function buildTrees(files: Map<string, FakeFile>): {
  trees: Map<string, FakeTreeEntry[]>;
  dirs: Map<string, string>;
} {
  const trees = new Map<string, FakeTreeEntry[]>();
  const dirs = new Map<string, string>();
  const build = (prefix: string): string => {
    const children = new Map<string, FakeTreeEntry>();
    const subdirs = new Set<string>();
    for (const [path, file] of files) {
      if (prefix !== '' && !path.startsWith(`${prefix}/`)) continue;
      const rest = prefix === '' ? path : path.slice(prefix.length + 1);
      const slash = rest.indexOf('/');
      if (slash < 0) children.set(rest, entryFor(rest, file));
      else subdirs.add(rest.slice(0, slash));
    }
    for (const dir of subdirs) {
      const sha = build(prefix === '' ? dir : `${prefix}/${dir}`);
      children.set(dir, { name: dir, mode: '40000', type: 'tree', sha, size: 0 });
    }
    const entries = [...children.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const sha = sha1(`tree\n${JSON.stringify(entries)}`);
    trees.set(sha, entries);
    dirs.set(prefix, sha);
    return sha;
  };
  build('');
  return { trees, dirs };
}

export function applyChanges(
  base: Map<string, FakeFile>,
  changes: Record<string, FileSpec | null>,
): Map<string, FakeFile> {
  const files = new Map(base);
  for (const [path, spec] of Object.entries(changes)) {
    if (spec === null) files.delete(path);
    else files.set(path, toFile(spec));
  }
  return files;
}

/** Whether `path` (a file or a directory) differs between two snapshots. */
export function touches(
  path: string,
  before: Map<string, FakeFile> | undefined,
  after: Map<string, FakeFile>,
): boolean {
  const under = (p: string) => p === path || p.startsWith(`${path}/`);
  const keys = new Set([...(before?.keys() ?? []), ...after.keys()]);
  for (const key of keys) {
    if (!under(key)) continue;
    const a = before?.get(key);
    const b = after.get(key);
    if (!a || !b || a.mode !== b.mode || !a.data.equals(b.data)) return true;
  }
  return false;
}
