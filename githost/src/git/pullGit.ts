import type { BareRepository } from './BareRepository';
import { isFullSha } from './refNames';
import { tryGit } from './runGit';

/** Gitea's ChangedFile status words. */
export type PullFileStatus = 'added' | 'deleted' | 'changed' | 'renamed' | 'copied' | 'unchanged';

export interface PullFile {
  path: string;
  previousPath?: string;
  status: PullFileStatus;
  additions: number;
  deletions: number;
  binary: boolean;
}

export interface MergeTreeResult {
  clean: boolean;
  tree: string;
  conflicts: string[];
}

/** `git merge-base a b`, undefined for unrelated histories. */
export async function mergeBase(
  git: BareRepository,
  a: string,
  b: string,
): Promise<string | undefined> {
  const res = await tryGit([`--git-dir=${git.gitDir}`, 'merge-base', a, b]);
  const sha = res.stdout.toString('utf8').trim();
  return res.exitCode === 0 && isFullSha(sha) ? sha : undefined;
}

export async function isAncestor(
  git: BareRepository,
  ancestor: string,
  of: string,
): Promise<boolean> {
  const res = await tryGit([
    `--git-dir=${git.gitDir}`,
    'merge-base',
    '--is-ancestor',
    ancestor,
    of,
  ]);
  return res.exitCode === 0;
}

/**
 * The three-way merge of `head` into `base` without touching any ref or worktree
 * (`git merge-tree --write-tree`, git ≥ 2.38): the merged tree, or the conflicted paths.
 */
export async function mergeTree(
  git: BareRepository,
  base: string,
  head: string,
): Promise<MergeTreeResult> {
  const res = await tryGit([
    `--git-dir=${git.gitDir}`,
    'merge-tree',
    '--write-tree',
    '--name-only',
    '--no-messages',
    '-z',
    base,
    head,
  ]);
  const [tree = '', ...rest] = res.stdout.toString('utf8').split('\0');
  if (res.exitCode === 0 && isFullSha(tree)) return { clean: true, tree, conflicts: [] };
  if (res.exitCode === 1 && isFullSha(tree)) {
    return { clean: false, tree, conflicts: [...new Set(rest.filter(Boolean))] };
  }
  // Unrelated histories and other refusals: nothing git can merge.
  return { clean: false, tree: '', conflicts: [] };
}

const RAW_STATUS: Record<string, PullFileStatus> = {
  A: 'added',
  D: 'deleted',
  M: 'changed',
  T: 'changed',
  R: 'renamed',
  C: 'copied',
};

/** The files changed from `from` to `to`, with renames, as Gitea's pull request files. */
export async function changedFiles(
  git: BareRepository,
  from: string,
  to: string,
): Promise<PullFile[]> {
  const out = await git.run(['diff', '--raw', '--numstat', '-M', '-z', from, to, '--']);
  const tokens = out.toString('utf8').split('\0');
  const files = new Map<string, PullFile>();
  const order: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (token === '') continue;
    if (token.startsWith(':')) {
      const letter = (token.split(' ').pop() ?? '').charAt(0);
      const status = RAW_STATUS[letter] ?? 'changed';
      let path = tokens[++i] ?? '';
      let previousPath: string | undefined;
      if (letter === 'R' || letter === 'C') {
        previousPath = path;
        path = tokens[++i] ?? '';
      }
      files.set(path, { path, previousPath, status, additions: 0, deletions: 0, binary: false });
      order.push(path);
      continue;
    }
    const numstat = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(token);
    if (!numstat) continue;
    let path = numstat[3] ?? '';
    if (path === '') {
      i += 2;
      path = tokens[i] ?? '';
    }
    const file = files.get(path);
    if (!file) continue;
    file.binary = numstat[1] === '-';
    file.additions = file.binary ? 0 : Number(numstat[1]);
    file.deletions = file.binary ? 0 : Number(numstat[2]);
    if (file.status === 'changed' && file.additions === 0 && file.deletions === 0 && !file.binary) {
      file.status = 'unchanged';
    }
  }
  return order.flatMap((p) => {
    const f = files.get(p);
    return f ? [f] : [];
  });
}

export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/** The zero-context hunks of one file between two commits (undefined: the file is gone). */
export async function fileHunks(
  git: BareRepository,
  from: string,
  to: string,
  path: string,
): Promise<Hunk[] | undefined> {
  if (!(await blobExists(git, to, path))) return undefined;
  const out = (await git.run(['diff', '-U0', '--no-color', from, to, '--', path])).toString('utf8');
  const hunks: Hunk[] = [];
  for (const match of out.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    hunks.push({
      oldStart: Number(match[1]),
      oldCount: match[2] === undefined ? 1 : Number(match[2]),
      newStart: Number(match[3]),
      newCount: match[4] === undefined ? 1 : Number(match[4]),
    });
  }
  return hunks;
}

/**
 * Where line `line` of the old version is in the new one, or undefined when a hunk changed or
 * removed it (the comment on it is then outdated).
 */
export function mapLine(hunks: readonly Hunk[], line: number): number | undefined {
  let shift = 0;
  for (const h of hunks) {
    if (h.oldCount > 0 && line >= h.oldStart && line < h.oldStart + h.oldCount) return undefined;
    // A pure insertion after line `oldStart` (oldCount 0) moves the lines below it.
    const endsBefore = h.oldCount === 0 ? h.oldStart < line : h.oldStart + h.oldCount <= line;
    if (endsBefore) shift += h.newCount - h.oldCount;
  }
  return line + shift;
}

export async function blobExists(
  git: BareRepository,
  commit: string,
  path: string,
): Promise<boolean> {
  const res = await tryGit([`--git-dir=${git.gitDir}`, 'cat-file', '-e', `${commit}:${path}`]);
  return res.exitCode === 0;
}

/** Lines in a file of a commit; undefined when there is no such file. */
export async function lineCount(
  git: BareRepository,
  commit: string,
  path: string,
): Promise<number | undefined> {
  const res = await tryGit([`--git-dir=${git.gitDir}`, 'cat-file', 'blob', `${commit}:${path}`], {
    maxOutputBytes: 16 * 1024 * 1024,
  });
  if (res.exitCode !== 0) return undefined;
  const text = res.stdout.toString('utf8');
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/**
 * Gitea's diff_hunk of a code comment: the file header, the hunk header and the lines of the
 * hunk up to the commented one (at most `context` lines before it); '' when the line is in no hunk.
 */
export async function diffHunkAround(
  git: BareRepository,
  from: string,
  to: string,
  path: string,
  line: number,
  context = 4,
): Promise<string> {
  const out = (await git.run(['diff', '--no-color', from, to, '--', path])).toString('utf8');
  const lines = out.split('\n');
  const headerEnd = lines.findIndex((l) => l.startsWith('@@'));
  if (headerEnd < 0) return '';
  const header = lines
    .slice(0, headerEnd)
    .filter((l) => l.startsWith('--- ') || l.startsWith('+++ '));
  const side = line > 0 ? 'new' : 'old';
  const target = Math.abs(line);
  let oldLine = 0;
  let newLine = 0;
  let hunkHeader = '';
  let body: string[] = [];
  for (const l of lines.slice(headerEnd)) {
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (m) {
      oldLine = Number(m[1]);
      newLine = Number(m[2]);
      hunkHeader = l;
      body = [];
      continue;
    }
    if (l.startsWith('\\')) continue;
    body.push(l);
    const isOld = l.startsWith('-') || l.startsWith(' ');
    const isNew = l.startsWith('+') || l.startsWith(' ');
    const hit = side === 'new' ? isNew && newLine === target : isOld && oldLine === target;
    if (hit) return [...header, hunkHeader, ...body.slice(-(context + 1))].join('\n');
    if (isOld) oldLine += 1;
    if (isNew) newLine += 1;
  }
  return '';
}
