import { buildMerge, MergeConflictError, type MergeStyle } from '../git/mergePull';
import { isAncestor } from '../git/pullGit';
import type { RefUpdate, Signature } from '../git/types';
import type { GithostStore } from '../store/GithostStore';
import type { PullRecord } from '../store/pullRecords';
import type { PullStore } from '../store/PullStore';
import type { UserRecord } from '../store/records';
import type { Viewer } from './access';
import type { BranchProtectionService } from './BranchProtectionService';
import type { CommitStatusService } from './CommitStatusService';
import { conflict, notFound } from './GithostError';
import { notAllowed, PullStatusError } from './PullErrors';
import type { PullService } from './PullService';
import { atLeast, type Permissions } from './Permissions';
import { nowForGit, type RepoRef } from './RepositoryService';
import type { ReviewService } from './ReviewService';

export interface MergeInput {
  style: MergeStyle | 'manually-merged';
  title?: string;
  message?: string;
  deleteBranch?: boolean;
  forceMerge?: boolean;
  headCommitId?: string;
  mergeCommitId?: string;
}

/** Branches moved by githost itself (merges, deleted head branches): push events and refresh. */
export type RefsUpdated = (ref: RepoRef, updates: RefUpdate[], pusher: UserRecord) => Promise<void>;

const signature = (user: UserRecord): Signature => ({
  name: user.fullName || user.login,
  email: user.email,
  date: nowForGit(),
});

/** Gitea's MergePullRequest: permission, mergeability, branch protection, then real git. */
export class PullMergeService {
  onRefsUpdated: RefsUpdated = async () => {};

  constructor(
    private readonly store: GithostStore,
    private readonly pulls: PullStore,
    private readonly service: PullService,
    private readonly perms: Permissions,
    private readonly protections: BranchProtectionService,
    private readonly statuses: CommitStatusService,
    private readonly reviews: ReviewService,
    private readonly tmpDir: string,
  ) {}

  /**
   * Gitea's CheckPullBranchProtections, in its order; the first failing reason (the message is
   * Gitea's ErrDisallowedToMerge), or undefined when the rules hold.
   */
  blockedReason(base: RepoRef, pull: PullRecord): string | undefined {
    const rule = this.protections.ruleFor(base.repo, pull.baseBranch);
    if (!rule) return undefined;
    if (rule.enableStatusCheck && !this.statuses.passes(rule, base.repo, pull.headSha)) {
      return 'Not all required status checks successful';
    }
    if (
      rule.requiredApprovals > 0 &&
      this.reviews.grantedApprovals(base, pull) < rule.requiredApprovals
    ) {
      return 'Does not have enough approvals';
    }
    if (rule.blockOnRejectedReviews && this.reviews.hasOfficialRejection(base, pull)) {
      return 'There are requested changes';
    }
    if (rule.blockOnOfficialReviewRequests && this.reviews.hasOfficialRequest(pull)) {
      return 'There are official review requests';
    }
    if (rule.blockOnOutdatedBranch && pull.mergeBase !== pull.baseSha) {
      return 'The head branch is behind the base branch';
    }
    return undefined;
  }

  private defaultTitle(base: RepoRef, pull: PullRecord, style: MergeStyle): string {
    if (style === 'squash') return `${pull.title} (#${pull.index})`;
    const headRepo = this.service.repoById(pull.headRepoId);
    const head =
      headRepo && headRepo.repo.id !== base.repo.id
        ? `${headRepo.owner.login}/${headRepo.repo.name}:${pull.headBranch}`
        : pull.headBranch;
    return `Merge pull request '${pull.title}' (#${pull.index}) from ${head} into ${pull.baseBranch}`;
  }

  async merge(viewer: Viewer, base: RepoRef, pull: PullRecord, input: MergeInput): Promise<void> {
    if (pull.merged) throw notAllowed('PR already merged');
    if (pull.state !== 'open') throw notFound('pull request is closed');
    const rule = this.protections.ruleFor(base.repo, pull.baseBranch);
    if (!this.protections.canMerge(rule, viewer.user, base.repo)) {
      throw notAllowed('User not allowed to merge PR');
    }
    const admin = atLeast(this.perms.level(viewer, base.repo), 'admin');
    const poster = this.store.userById(pull.posterId) ?? viewer.user;
    const { refresher, repos } = this.service;
    // Checks and merge under the repository's lock, on the branches as they are now.
    const update = await this.service.lock.run(`repo:${base.repo.id}`, async () => {
      if (pull.merged) throw notAllowed('PR already merged');
      if (await refresher.moved(pull)) await refresher.refresh(pull);
      if (input.style === 'manually-merged') {
        await this.mergedManually(viewer, base, pull, input);
        return undefined;
      }
      if (pull.status === 'conflict') throw notAllowed('Please try again later');
      if (input.headCommitId && input.headCommitId !== pull.headSha) {
        throw new PullStatusError(409, 'head out of date');
      }
      const reason = this.blockedReason(base, pull);
      if (reason && !(input.forceMerge && admin)) {
        throw notAllowed(`not allowed to merge [reason: ${reason}]`);
      }
      const style = input.style;
      const title = input.title?.trim() || this.defaultTitle(base, pull, style);
      const message = `${title}${input.message?.trim() ? `\n\n${input.message.trim()}` : ''}\n`;
      const git = repos.git(base.repo);
      const before = pull.baseSha;
      let after: string;
      try {
        after = await buildMerge(git, this.tmpDir, {
          style,
          baseSha: before,
          headSha: pull.headSha,
          message,
          doer: signature(viewer.user),
          poster: signature(poster),
        });
      } catch (err) {
        if (err instanceof MergeConflictError) throw conflict(`Merge conflict: ${err.message}`);
        throw err;
      }
      const ref = `refs/heads/${pull.baseBranch}`;
      // Compare-and-swap: a push that moved the base meanwhile makes this fail, changing nothing.
      try {
        await git.run(['update-ref', ref, after, before]);
      } catch {
        throw conflict('the base branch moved while merging; try again');
      }
      await this.markMerged(pull, viewer, after);
      return { ref, before, after };
    });
    if (!update) return;
    await this.onRefsUpdated(base, [update], viewer.user);
    if (input.deleteBranch) await this.deleteHeadBranch(viewer, pull);
  }

  private async markMerged(pull: PullRecord, viewer: Viewer, sha: string): Promise<void> {
    const now = new Date().toISOString();
    Object.assign(pull, {
      merged: true,
      mergedSha: sha,
      mergedAt: now,
      mergedById: viewer.user.id,
      state: 'closed',
      closedAt: now,
      updatedAt: now,
    });
    await this.pulls.save();
  }

  /** Gitea's MergedManually: the given commit must already be in the base branch. */
  private async mergedManually(
    viewer: Viewer,
    base: RepoRef,
    pull: PullRecord,
    input: MergeInput,
  ): Promise<void> {
    const git = this.service.repos.git(base.repo);
    const commit = input.mergeCommitId ? await git.resolveCommit(input.mergeCommitId) : undefined;
    if (!commit || !(await isAncestor(git, commit.sha, pull.baseSha))) {
      throw new PullStatusError(409, 'Wrong commit ID');
    }
    await this.markMerged(pull, viewer, commit.sha);
  }

  /**
   * delete_branch_after_merge: only with WRITE on the head repository, never its default
   * branch or a protected one, and only while the branch still is the merged head.
   */
  private async deleteHeadBranch(viewer: Viewer, pull: PullRecord): Promise<void> {
    const head = this.service.repoById(pull.headRepoId);
    if (!head) return;
    if (!atLeast(this.perms.level(viewer, head.repo), 'write')) return;
    if (head.repo.defaultBranch === pull.headBranch) return;
    if (this.protections.ruleFor(head.repo, pull.headBranch)) return;
    const ref = `refs/heads/${pull.headBranch}`;
    const git = this.service.repos.git(head.repo);
    try {
      await git.run(['update-ref', '-d', ref, pull.headSha]);
    } catch {
      return;
    }
    await this.onRefsUpdated(
      head,
      [{ ref, before: pull.headSha, after: '0'.repeat(40) }],
      viewer.user,
    );
  }
}
