import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { BRANCH_FORMAT, LOG_FORMAT, parseBranches, parseLog } from './parseLog';
import { isAcceptableRefInput, isFullSha } from './refNames';
import { runGit, spawnGit, tryGit, type GitRunOptions } from './runGit';
import { streamNulRecords } from './streamRecords';
import type { BranchInfo, CommitInfo, ObjectType, ResolvedRef, TreeEntry } from './types';

/** Per-commit changes against the first parent, NUL-separated (see parseLog). */
const DIFF_ARGS = ['--raw', '--numstat', '--no-renames', '-z', '--diff-merges=first-parent'];

export interface LogOptions {
  skip: number;
  limit: number;
  path?: string;
  /** Leave out commits reachable from this one. */
  not?: string;
  withFiles?: boolean;
}

/** Reads (and, through plumbing, writes) one bare repository with the real git. */
export class BareRepository {
  constructor(readonly gitDir: string) {}

  static async init(gitDir: string, defaultBranch: string): Promise<BareRepository> {
    await runGit(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, gitDir]);
    return new BareRepository(gitDir);
  }

  run(args: readonly string[], options?: GitRunOptions): Promise<Buffer> {
    return runGit([`--git-dir=${this.gitDir}`, ...args], options);
  }

  private async text(args: readonly string[], options?: GitRunOptions): Promise<string> {
    return (await this.run(args, options)).toString('utf8');
  }

  async headBranch(): Promise<string | undefined> {
    const res = await tryGit([`--git-dir=${this.gitDir}`, 'symbolic-ref', '--quiet', 'HEAD']);
    const ref = res.stdout.toString('utf8').trim();
    return res.exitCode === 0 && ref.startsWith('refs/heads/') ? ref.slice(11) : undefined;
  }

  async setHeadBranch(branch: string): Promise<void> {
    await this.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  async hasBranches(): Promise<boolean> {
    const out = await this.text(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/heads']);
    return out.trim().length > 0;
  }

  /** Disk usage of the object store in KiB (what Gitea reports as `size`). */
  async sizeKiB(): Promise<number> {
    const out = await this.text(['count-objects', '-v']);
    const field = (name: string) =>
      Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
    return field('size') + field('size-pack');
  }

  /** Every ref with its object id (used to detect what a push changed). */
  async listRefs(): Promise<Map<string, string>> {
    const out = await this.text(['for-each-ref', '--format=%(objectname) %(refname)']);
    const refs = new Map<string, string>();
    for (const line of out.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
    }
    return refs;
  }

  async listBranches(): Promise<BranchInfo[]> {
    const out = await this.text(['for-each-ref', `--format=${BRANCH_FORMAT}`, 'refs/heads']);
    return parseBranches(out);
  }

  async getBranch(name: string): Promise<BranchInfo | undefined> {
    return (await this.listBranches()).find((b) => b.name === name);
  }

  /**
   * The commit a client-given ref names, resolved the way Gitea does it: branch, then tag,
   * then commit id. Anything else (revision expressions, options) resolves to undefined.
   */
  async resolveCommit(ref: string): Promise<ResolvedRef | undefined> {
    if (!isAcceptableRefInput(ref)) return undefined;
    const candidates: [string, ResolvedRef['kind']][] = [
      [`refs/heads/${ref}`, 'branch'],
      [`refs/tags/${ref}`, 'tag'],
    ];
    if (/^[0-9a-f]{4,40}$/i.test(ref)) candidates.push([ref.toLowerCase(), 'commit']);
    const input = candidates.map(([name]) => `${name}^{commit}\n`).join('');
    const out = await this.text(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
      input,
    });
    const lines = out.split('\n');
    for (const [i, [, kind]] of candidates.entries()) {
      const [sha, type] = (lines[i] ?? '').split(' ');
      if (sha && type === 'commit' && isFullSha(sha)) return { sha, kind };
    }
    return undefined;
  }

  async objectType(sha: string): Promise<ObjectType | undefined> {
    if (!isFullSha(sha)) return undefined;
    const res = await tryGit([`--git-dir=${this.gitDir}`, 'cat-file', '-t', sha]);
    const type = res.stdout.toString('utf8').trim();
    return res.exitCode === 0 && (type === 'blob' || type === 'tree' || type === 'commit')
      ? type
      : undefined;
  }

  async log(commit: string, options: LogOptions): Promise<CommitInfo[]> {
    const args = ['log', `--format=${LOG_FORMAT}`, `--skip=${options.skip}`, `-n${options.limit}`];
    if (options.withFiles) args.push(...DIFF_ARGS);
    args.push(commit);
    if (options.not) args.push(`^${options.not}`);
    if (options.path) args.push('--', options.path);
    return parseLog(await this.text(args), options.withFiles ?? false);
  }

  async countCommits(commit: string, path?: string, not?: string): Promise<number> {
    const args = ['rev-list', '--count', commit];
    if (not) args.push(`^${not}`);
    if (path) args.push('--', path);
    return Number((await this.text(args)).trim());
  }

  /** Commits a push brought to `after` that no other ref already had (newest first). */
  async newCommits(
    after: string,
    before: string | undefined,
    ref: string,
    limit: number,
  ): Promise<{ commits: CommitInfo[]; total: number }> {
    // Not `--all`: it includes HEAD, which may be the very ref that was just created.
    const range = before
      ? [after, `^${before}`]
      : [after, '--not', `--exclude=${ref}`, '--glob=refs/*'];
    const total = Number((await this.text(['rev-list', '--count', ...range])).trim());
    const commits = parseLog(
      await this.text(['log', `--format=${LOG_FORMAT}`, `-n${limit}`, ...DIFF_ARGS, ...range]),
      true,
    );
    return { commits, total };
  }

  /** The most recent commit (from `commit` back) that touched `path`. */
  async lastCommitFor(commit: string, path: string): Promise<string | undefined> {
    if (!path) return commit;
    const out = await this.text(['log', '-1', '--format=%H', commit, '--', path]);
    return out.trim() || undefined;
  }

  /**
   * The last commit touching each entry of a directory, found in one history walk that stops
   * as soon as every entry is known (Gitea fills `last_commit_sha` for every entry).
   */
  async lastCommitsForEntries(
    commit: string,
    dir: string,
    names: string[],
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const wanted = new Set(names);
    const prefix = dir ? `${dir}/` : '';
    const args = [`--git-dir=${this.gitDir}`, 'log', '--format=%x1e%H', '--name-only', '-z'];
    args.push('--no-renames', commit, ...(dir ? ['--', dir] : []));
    let current = '';
    let walked = 0;
    for await (const token of streamNulRecords(args)) {
      if (token.startsWith('\x1e')) {
        current = token.slice(1).trim();
        walked += 1;
        if (walked > 5000) break;
        continue;
      }
      const path = token.replace(/^\n/, '');
      if (!path.startsWith(prefix)) continue;
      const name = path.slice(prefix.length).split('/')[0] ?? '';
      if (wanted.has(name) && !found.has(name)) {
        found.set(name, current);
        if (found.size === wanted.size) break;
      }
    }
    for (const name of wanted) {
      if (!found.has(name)) {
        const sha = await this.lastCommitFor(commit, prefix + name);
        if (sha) found.set(name, sha);
      }
    }
    return found;
  }

  /** The entry at `path` in a commit's tree; '' is the root tree. */
  async stat(commit: string, path: string): Promise<TreeEntry | undefined> {
    if (path === '') {
      const tree = (await this.text(['rev-parse', '--verify', `${commit}^{tree}`])).trim();
      return { mode: '040000', type: 'tree', sha: tree, size: 0, path: '', name: '' };
    }
    const out = await this.text(['ls-tree', '-l', '-z', '--full-tree', commit, '--', path]);
    return out
      .split('\0')
      .map((record) => parseTreeRecord(record, ''))
      .find((entry) => entry?.path === path);
  }

  /** The entries of a tree object; `dir` is its path, prefixed to the entries' paths. */
  async listDirectory(tree: string, dir: string): Promise<TreeEntry[]> {
    const out = await this.text(['ls-tree', '-l', '-z', tree]);
    return out
      .split('\0')
      .map((record) => parseTreeRecord(record, dir))
      .filter((e): e is TreeEntry => e !== undefined);
  }

  /** One page of a (possibly recursive) tree listing plus the total number of entries. */
  async listTreePage(
    tree: string,
    recursive: boolean,
    skip: number,
    limit: number,
  ): Promise<{ entries: TreeEntry[]; total: number }> {
    const args = [
      `--git-dir=${this.gitDir}`,
      'ls-tree',
      '-l',
      '-z',
      ...(recursive ? ['-r', '-t'] : []),
    ];
    args.push(tree);
    const entries: TreeEntry[] = [];
    let total = 0;
    for await (const record of streamNulRecords(args)) {
      const entry = parseTreeRecord(record, '');
      if (!entry) continue;
      if (total >= skip && entries.length < limit) entries.push(entry);
      total += 1;
    }
    return { entries, total };
  }

  async readBlob(sha: string, maxBytes: number): Promise<Buffer> {
    return this.run(['cat-file', 'blob', sha], { maxOutputBytes: maxBytes });
  }

  /** `git cat-file blob` with its stdout to be piped (raw downloads are never buffered). */
  streamBlob(sha: string): ChildProcessWithoutNullStreams {
    const child = spawnGit([`--git-dir=${this.gitDir}`, 'cat-file', 'blob', sha]);
    child.stdin.end();
    return child;
  }
}

function parseTreeRecord(record: string, dir: string): TreeEntry | undefined {
  const tab = record.indexOf('\t');
  if (tab < 0) return undefined;
  const [mode = '', type = '', sha = '', size = '-'] = record.slice(0, tab).split(/ +/);
  if (type !== 'blob' && type !== 'tree' && type !== 'commit') return undefined;
  const name = record.slice(tab + 1);
  const path = dir ? `${dir}/${name}` : name;
  return {
    mode,
    type,
    sha,
    size: size === '-' ? 0 : Number(size),
    path,
    name: path.split('/').pop() ?? path,
  };
}
