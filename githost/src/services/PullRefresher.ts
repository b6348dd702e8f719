import { fileHunks, isAncestor, mapLine, mergeBase, mergeTree } from '../git/pullGit';
import { tryGit } from '../git/runGit';
import type { GithostStore } from '../store/GithostStore';
import type { PullRecord } from '../store/pullRecords';
import type { PullStore } from '../store/PullStore';
import type { UserRecord } from '../store/records';
import type { RepoRef, RepositoryService } from './RepositoryService';

/** Refs of each repository (by id), read once for a listing of many pull requests. */
export type BranchHeads = Map<number, Map<string, string>>;

/**
 * Keeps a pull request's git facts true: `refs/pull/{index}/head` in the base repository (the
 * head commit, fetched from a fork when it lives there), the merge base, the merge status from
 * `git merge-tree`, and what a new head does to reviews (stale) and line comments (outdated).
 */
export class PullRefresher {
  /** Told when an open pull request's head moved (Gitea's `synchronized`). */
  onSynchronized: (pull: PullRecord, sender: UserRecord | undefined) => void = () => {};
  /** Whether approvals are dismissed when the head moves (branch protection). */
  dismissStaleApprovals: (pull: PullRecord) => boolean = () => false;

  constructor(
    private readonly store: GithostStore,
    private readonly pulls: PullStore,
    private readonly repos: RepositoryService,
  ) {}

  private ref(id: number): RepoRef | undefined {
    const repo = this.store.repoById(id);
    const owner = repo && this.store.userById(repo.ownerId);
    return repo && owner ? { repo, owner } : undefined;
  }

  private async sha(
    ref: RepoRef | undefined,
    branch: string,
    heads?: BranchHeads,
  ): Promise<string | undefined> {
    if (!ref) return undefined;
    if (heads) {
      let refs = heads.get(ref.repo.id);
      if (!refs) {
        refs = await this.repos.git(ref.repo).listRefs();
        heads.set(ref.repo.id, refs);
      }
      return refs.get(`refs/heads/${branch}`);
    }
    const res = await tryGit([
      `--git-dir=${this.repos.git(ref.repo).gitDir}`,
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${branch}^{commit}`,
    ]);
    const sha = res.stdout.toString('utf8').trim();
    return res.exitCode === 0 && sha ? sha : undefined;
  }

  /** The head and base branches now (a deleted head branch keeps the last head seen). */
  private async current(
    pull: PullRecord,
    heads?: BranchHeads,
  ): Promise<{ head: string; base: string }> {
    const head =
      (await this.sha(this.ref(pull.headRepoId), pull.headBranch, heads)) ?? pull.headSha;
    const base = (await this.sha(this.ref(pull.repoId), pull.baseBranch, heads)) ?? pull.baseSha;
    return { head, base };
  }

  /** Whether head or base moved; `heads` caches each repository's refs across many pulls. */
  async moved(pull: PullRecord, heads?: BranchHeads): Promise<boolean> {
    const now = await this.current(pull, heads);
    return now.head !== pull.headSha || now.base !== pull.baseSha;
  }

  async refresh(
    pull: PullRecord,
    options: { silent?: boolean; sender?: UserRecord } = {},
  ): Promise<void> {
    const base = this.ref(pull.repoId);
    if (!base) return;
    const git = this.repos.git(base.repo);
    const now = await this.current(pull);
    if (!now.head || !now.base) return;
    const previousHead = pull.headSha;
    const previousBase = pull.mergeBase;
    if (now.head !== pull.headSha) {
      const ref = `refs/pull/${pull.index}/head`;
      const headRepo = this.ref(pull.headRepoId);
      if (headRepo && headRepo.repo.id !== base.repo.id) {
        await git.run([
          'fetch',
          '--quiet',
          '--no-tags',
          this.repos.git(headRepo.repo).gitDir,
          `+refs/heads/${pull.headBranch}:${ref}`,
        ]);
      } else {
        await git.run(['update-ref', ref, now.head]);
      }
    }
    pull.headSha = now.head;
    pull.baseSha = now.base;
    pull.mergeBase = (await mergeBase(git, now.base, now.head)) ?? '';
    if (await isAncestor(git, now.head, now.base)) {
      pull.status = 'empty';
      pull.conflictedFiles = [];
    } else {
      const merged = await mergeTree(git, now.base, now.head);
      pull.status = merged.clean ? 'mergeable' : 'conflict';
      pull.conflictedFiles = merged.conflicts;
    }
    const headMoved = previousHead !== '' && previousHead !== now.head;
    if (headMoved) {
      await this.headMoved(pull, previousBase);
      pull.updatedAt = new Date().toISOString();
    }
    await this.pulls.save();
    if (headMoved && !options.silent) this.onSynchronized(pull, options.sender);
  }

  private async headMoved(pull: PullRecord, previousMergeBase: string): Promise<void> {
    const dismiss = this.dismissStaleApprovals(pull);
    for (const review of this.pulls.data.reviews) {
      if (review.pullId !== pull.id || review.commitId === pull.headSha) continue;
      review.stale = true;
      if (dismiss && review.state === 'APPROVED') review.dismissed = true;
    }
    const base = this.ref(pull.repoId);
    if (!base) return;
    const git = this.repos.git(base.repo);
    for (const comment of this.pulls.data.comments) {
      if (comment.pullId !== pull.id || comment.outdated) continue;
      if (comment.line > 0) {
        const hunks = await fileHunks(git, comment.commitId, pull.headSha, comment.path);
        const line = hunks && mapLine(hunks, comment.currentLine);
        if (line === undefined) comment.outdated = true;
        else {
          comment.currentLine = line;
          comment.commitId = pull.headSha;
        }
      } else if (pull.mergeBase && pull.mergeBase !== previousMergeBase) {
        const hunks = await fileHunks(git, comment.baseCommitId, pull.mergeBase, comment.path);
        const line = hunks && mapLine(hunks, -comment.currentLine);
        if (line === undefined) comment.outdated = true;
        else {
          comment.currentLine = -line;
          comment.baseCommitId = pull.mergeBase;
          comment.commitId = pull.headSha;
        }
      } else {
        comment.commitId = pull.headSha;
      }
    }
  }
}
