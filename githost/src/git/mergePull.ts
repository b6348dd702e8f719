import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BareRepository } from './BareRepository';
import { mergeTree } from './pullGit';
import { runGit, tryGit } from './runGit';
import type { Signature } from './types';

export type MergeStyle = 'merge' | 'squash' | 'rebase' | 'rebase-merge';

export interface MergeRequest {
  style: MergeStyle;
  baseSha: string;
  headSha: string;
  message: string;
  /** The merger: committer of every new commit, author of merge commits. */
  doer: Signature;
  /** The pull request's author: author of a squash commit, as in Gitea. */
  poster: Signature;
}

export class MergeConflictError extends Error {
  constructor(readonly files: string[]) {
    super(`merge conflict in ${files.join(', ') || 'the repository'}`);
    this.name = 'MergeConflictError';
  }
}

const identity = (prefix: 'AUTHOR' | 'COMMITTER', who: Signature): Record<string, string> => ({
  [`GIT_${prefix}_NAME`]: who.name,
  [`GIT_${prefix}_EMAIL`]: who.email,
  [`GIT_${prefix}_DATE`]: who.date,
});

async function commitTree(
  git: BareRepository,
  tree: string,
  parents: string[],
  message: string,
  author: Signature,
  committer: Signature,
): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
  const out = await git.run(args, {
    input: message,
    env: { ...identity('AUTHOR', author), ...identity('COMMITTER', committer) },
  });
  return out.toString('utf8').trim();
}

/**
 * Replays `mergeBase..head` onto `onto` with `git rebase` in a throwaway repository whose object
 * store is the bare repository's own (GIT_OBJECT_DIRECTORY): new commits land in the bare
 * repository, no ref of it moves. Returns the rebased tip.
 */
async function rebaseOnto(
  git: BareRepository,
  tmpRoot: string,
  onto: string,
  head: string,
  committer: Signature,
): Promise<string> {
  const dir = await mkdtemp(join(tmpRoot, 'rebase-'));
  const env = {
    GIT_OBJECT_DIRECTORY: join(git.gitDir, 'objects'),
    ...identity('COMMITTER', committer),
  };
  const inRepo = (args: string[]) => runGit(['-C', dir, ...args], { env });
  try {
    await runGit(['init', '-q', dir]);
    await inRepo(['config', 'user.name', committer.name]);
    await inRepo(['config', 'user.email', committer.email]);
    await inRepo(['checkout', '-q', '--detach', head]);
    const res = await tryGit(['-C', dir, 'rebase', '-q', '--no-autosquash', onto], { env });
    if (res.exitCode !== 0) {
      const status = await tryGit(['-C', dir, 'diff', '--name-only', '--diff-filter=U'], { env });
      throw new MergeConflictError(status.stdout.toString('utf8').split('\n').filter(Boolean));
    }
    return (await inRepo(['rev-parse', 'HEAD'])).toString('utf8').trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The new commit of the base branch for a merge in `style`; nothing is moved here (the caller
 * moves the branch with a compare-and-swap, so a failure leaves the repository as it was).
 */
export async function buildMerge(
  git: BareRepository,
  tmpRoot: string,
  r: MergeRequest,
): Promise<string> {
  if (r.style === 'merge' || r.style === 'squash') {
    const merged = await mergeTree(git, r.baseSha, r.headSha);
    if (!merged.clean) throw new MergeConflictError(merged.conflicts);
    return r.style === 'merge'
      ? commitTree(git, merged.tree, [r.baseSha, r.headSha], r.message, r.doer, r.doer)
      : commitTree(git, merged.tree, [r.baseSha], r.message, r.poster, r.doer);
  }
  const rebased = await rebaseOnto(git, tmpRoot, r.baseSha, r.headSha, r.doer);
  if (r.style === 'rebase') return rebased;
  const tree = (await git.run(['rev-parse', `${rebased}^{tree}`])).toString('utf8').trim();
  return commitTree(git, tree, [r.baseSha, rebased], r.message, r.doer, r.doer);
}
