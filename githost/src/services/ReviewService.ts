import { changedFiles, diffHunkAround, lineCount } from '../git/pullGit';
import type { GithostStore } from '../store/GithostStore';
import type {
  PullRecord,
  ReviewCommentRecord,
  ReviewRecord,
  ReviewState,
} from '../store/pullRecords';
import type { PullStore } from '../store/PullStore';
import type { UserRecord } from '../store/records';
import type { Viewer } from './access';
import type { BranchProtectionService } from './BranchProtectionService';
import { forbidden, invalid, notFound } from './GithostError';
import { atLeast, type Permissions } from './Permissions';
import type { RepoRef, RepositoryService } from './RepositoryService';

export interface ReviewCommentInput {
  path: string;
  body: string;
  newPosition?: number;
  oldPosition?: number;
}

export interface ReviewInput {
  event?: string;
  body?: string;
  commitId?: string;
  comments?: ReviewCommentInput[];
}

const EVENTS: Record<string, ReviewState> = {
  APPROVED: 'APPROVED',
  REQUEST_CHANGES: 'REQUEST_CHANGES',
  COMMENT: 'COMMENT',
};

/** Reviews, line comments and review requests (Gitea's Review with its CodeComments). */
export class ReviewService {
  constructor(
    private readonly store: GithostStore,
    private readonly pulls: PullStore,
    private readonly repos: RepositoryService,
    private readonly perms: Permissions,
    private readonly protections: BranchProtectionService,
  ) {}

  /** Reviews the viewer may see (pending ones only to their author), oldest first. */
  list(pull: PullRecord, viewer: Viewer | null): ReviewRecord[] {
    return this.pulls.data.reviews.filter(
      (r) => r.pullId === pull.id && (r.state !== 'PENDING' || r.reviewerId === viewer?.user.id),
    );
  }

  get(pull: PullRecord, rawId: string, viewer: Viewer | null): ReviewRecord {
    const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : 0;
    const review = this.list(pull, viewer).find((r) => r.id === id);
    if (!review) throw notFound(`review does not exist [id: ${rawId}]`);
    return review;
  }

  comments(review: ReviewRecord): ReviewCommentRecord[] {
    return this.pulls.data.comments.filter((c) => c.reviewId === review.id);
  }

  commentsOfPull(pull: PullRecord): ReviewCommentRecord[] {
    return this.pulls.data.comments.filter((c) => c.pullId === pull.id);
  }

  /** Gitea's preparePullReviewType: the event, or PENDING when none is given. */
  private stateOf(pull: PullRecord, viewer: Viewer, input: ReviewInput): ReviewState {
    const event = (input.event ?? '').toUpperCase();
    const state = EVENTS[event] ?? 'PENDING';
    if (state === 'APPROVED' && pull.posterId === viewer.user.id) {
      throw invalid('approve your own pull is not allowed');
    }
    if (state === 'REQUEST_CHANGES' && pull.posterId === viewer.user.id) {
      throw invalid('reject your own pull is not allowed');
    }
    const hasComments = (input.comments ?? []).length > 0;
    const needsBody = state === 'REQUEST_CHANGES' || state === 'COMMENT';
    if (needsBody && !(input.body ?? '').trim() && !hasComments) {
      throw invalid(`review event ${event} requires a body`);
    }
    if ((state === 'APPROVED' || state === 'REQUEST_CHANGES') && pull.state !== 'open') {
      throw invalid("can't submit review for a closed or merged PR");
    }
    return state;
  }

  private async newComments(
    base: RepoRef,
    pull: PullRecord,
    viewer: Viewer,
    reviewId: number,
    inputs: readonly ReviewCommentInput[],
  ): Promise<ReviewCommentRecord[]> {
    if (inputs.length === 0) return [];
    const git = this.repos.git(base.repo);
    const files = await changedFiles(git, pull.mergeBase || pull.baseSha, pull.headSha);
    const out: ReviewCommentRecord[] = [];
    for (const c of inputs) {
      if (!c.body.trim()) throw invalid('[Comments.Body]: Required');
      const file = files.find((f) => f.path === c.path || f.previousPath === c.path);
      if (!file) throw invalid(`path is not part of the pull request's changes [path: ${c.path}]`);
      const oldSide = (c.oldPosition ?? 0) > 0;
      const line = oldSide ? -(c.oldPosition ?? 0) : (c.newPosition ?? 0);
      if (line === 0) throw invalid('a review comment needs new_position or old_position');
      const at = oldSide ? pull.mergeBase : pull.headSha;
      const path = oldSide ? (file.previousPath ?? file.path) : file.path;
      const lines = await lineCount(git, at, path);
      if (lines === undefined || Math.abs(line) > lines) {
        throw invalid(`line ${Math.abs(line)} does not exist in ${path}`);
      }
      const now = new Date().toISOString();
      out.push({
        id: this.pulls.nextId('comment'),
        reviewId,
        pullId: pull.id,
        authorId: viewer.user.id,
        path,
        body: c.body,
        line,
        currentLine: line,
        originalCommitId: pull.headSha,
        commitId: pull.headSha,
        baseCommitId: pull.mergeBase,
        outdated: false,
        diffHunk: await diffHunkAround(git, pull.mergeBase, pull.headSha, path, line),
        createdAt: now,
        updatedAt: now,
      });
    }
    return out;
  }

  /** POST /pulls/{index}/reviews: any signed-in reader may review; WRITE makes it official. */
  async create(
    viewer: Viewer,
    base: RepoRef,
    pull: PullRecord,
    input: ReviewInput,
  ): Promise<ReviewRecord> {
    const state = this.stateOf(pull, viewer, input);
    const now = new Date().toISOString();
    const pending = this.pulls.data.reviews.find(
      (r) => r.pullId === pull.id && r.reviewerId === viewer.user.id && r.state === 'PENDING',
    );
    const review: ReviewRecord = pending ?? {
      id: this.pulls.nextId('review'),
      pullId: pull.id,
      reviewerId: viewer.user.id,
      state,
      body: '',
      commitId: '',
      official: false,
      stale: false,
      dismissed: false,
      submittedAt: now,
      updatedAt: now,
    };
    const comments = await this.newComments(base, pull, viewer, review.id, input.comments ?? []);
    review.body = input.body ?? review.body;
    review.commitId = input.commitId || pull.headSha;
    if (!pending) this.pulls.data.reviews.push(review);
    this.pulls.data.comments.push(...comments);
    this.finish(base, pull, review, state, now);
    await this.pulls.save();
    return review;
  }

  /** POST /pulls/{index}/reviews/{id}: submits the viewer's pending review. */
  async submit(
    viewer: Viewer,
    base: RepoRef,
    pull: PullRecord,
    review: ReviewRecord,
    input: ReviewInput,
  ): Promise<ReviewRecord> {
    if (review.state !== 'PENDING' || review.reviewerId !== viewer.user.id) {
      throw invalid('only a pending review can be submitted');
    }
    const state = this.stateOf(pull, viewer, {
      ...input,
      comments: this.comments(review).map((c) => ({ path: c.path, body: c.body })),
    });
    if (state === 'PENDING') throw invalid('review event PENDING can not be submitted');
    review.body = input.body ?? review.body;
    review.commitId = pull.headSha;
    this.finish(base, pull, review, state, new Date().toISOString());
    await this.pulls.save();
    return review;
  }

  /** Gitea's SubmitReview: only a reviewer's latest approval or rejection is official. */
  private finish(
    base: RepoRef,
    pull: PullRecord,
    review: ReviewRecord,
    state: ReviewState,
    now: string,
  ): void {
    review.state = state;
    review.stale = review.commitId !== pull.headSha;
    review.submittedAt = now;
    review.updatedAt = now;
    if (state === 'APPROVED' || state === 'REQUEST_CHANGES') {
      for (const r of this.pulls.data.reviews) {
        if (r.pullId === pull.id && r.reviewerId === review.reviewerId && r !== review) {
          r.official = false;
        }
      }
      const reviewer = this.store.userById(review.reviewerId);
      const rule = this.protections.ruleFor(base.repo, pull.baseBranch);
      review.official = reviewer ? this.protections.canApprove(rule, reviewer, base.repo) : false;
    }
    if (state !== 'PENDING') {
      // The request is answered.
      this.pulls.data.reviews = this.pulls.data.reviews.filter(
        (r) =>
          !(
            r.pullId === pull.id &&
            r.reviewerId === review.reviewerId &&
            r.state === 'REQUEST_REVIEW'
          ),
      );
    }
  }

  async delete(viewer: Viewer, base: RepoRef, review: ReviewRecord): Promise<void> {
    const admin = atLeast(this.perms.level(viewer, base.repo), 'admin');
    if (review.reviewerId !== viewer.user.id && !admin) {
      throw forbidden('only admin and user itself can delete a review');
    }
    this.pulls.data.reviews = this.pulls.data.reviews.filter((r) => r !== review);
    this.pulls.data.comments = this.pulls.data.comments.filter((c) => c.reviewId !== review.id);
    await this.pulls.save();
  }

  /**
   * Gitea's DismissReview: repository admins, approvals and rejections of open pull requests
   * only; `priors` also dismisses the reviewer's earlier ones.
   */
  async setDismissed(
    viewer: Viewer,
    base: RepoRef,
    pull: PullRecord,
    review: ReviewRecord,
    dismissed: boolean,
    priors = false,
  ): Promise<void> {
    if (!atLeast(this.perms.level(viewer, base.repo), 'admin'))
      throw forbidden('Must be repo admin');
    if (review.state !== 'APPROVED' && review.state !== 'REQUEST_CHANGES') {
      throw invalid(
        "not need to dismiss this review because it's type is not Approve or change request",
      );
    }
    if (pull.state !== 'open') {
      throw forbidden('not need to dismiss this review because this pr is closed');
    }
    for (const r of this.pulls.data.reviews) {
      const earlier =
        priors && r.pullId === pull.id && r.reviewerId === review.reviewerId && r.id < review.id;
      if (r === review || (earlier && (r.state === 'APPROVED' || r.state === 'REQUEST_CHANGES'))) {
        r.dismissed = dismissed;
        r.updatedAt = new Date().toISOString();
      }
    }
    await this.pulls.save();
  }

  /**
   * Gitea's GetReviewers: who may be asked for a review — the owner, collaborators and members
   * of teams that have the repository, with READ or more — except the doer.
   */
  candidates(repo: RepoRef['repo'], doer: UserRecord): UserRecord[] {
    const ids = new Set<number>([repo.ownerId]);
    for (const c of this.perms.collaboratorsOf(repo)) ids.add(c.userId);
    const owner = this.store.userById(repo.ownerId);
    if (owner?.org) {
      for (const team of this.perms.teamsOf(owner)) {
        if (this.perms.teamCovers(team, repo)) team.memberIds.forEach((id) => ids.add(id));
      }
    }
    return [...ids]
      .flatMap((id) => this.store.userById(id) ?? [])
      .filter((u) => !u.org && u.id !== doer.id && atLeast(this.perms.levelOfUser(u, repo), 'read'))
      .sort((a, b) => a.login.toLowerCase().localeCompare(b.login.toLowerCase()));
  }

  /** Users with an open review request (Gitea's requested_reviewers). */
  requested(pull: PullRecord): UserRecord[] {
    return this.pulls.data.reviews
      .filter((r) => r.pullId === pull.id && r.state === 'REQUEST_REVIEW')
      .flatMap((r) => this.store.userById(r.reviewerId) ?? []);
  }

  /**
   * Gitea's IsValidReviewRequest: the doer is the poster or has WRITE (or, to withdraw, is the
   * reviewer); the reviewer can read the repository and is not the poster. Invalid: 422.
   */
  async setRequests(
    viewer: Viewer,
    base: RepoRef,
    pull: PullRecord,
    logins: readonly string[],
    add: boolean,
  ): Promise<ReviewRecord[]> {
    const doerMay =
      pull.posterId === viewer.user.id || atLeast(this.perms.level(viewer, base.repo), 'write');
    const changed: ReviewRecord[] = [];
    for (const login of logins) {
      const user = this.store.userByLogin(login);
      if (!user || user.org) throw invalid(`user does not exist [uid: 0, name: ${login}]`);
      if (!doerMay && !(!add && user.id === viewer.user.id)) {
        throw invalid(`doer can not change review requests [user: ${login}]`);
      }
      if (add && user.id === pull.posterId) throw invalid("poster of pr can't be reviewer");
      if (add && !atLeast(this.perms.levelOfUser(user, base.repo), 'read')) {
        throw invalid(`reviewer can't read the repository [user: ${login}]`);
      }
      const existing = this.pulls.data.reviews.find(
        (r) => r.pullId === pull.id && r.reviewerId === user.id && r.state === 'REQUEST_REVIEW',
      );
      if (add && !existing) {
        const now = new Date().toISOString();
        const request: ReviewRecord = {
          id: this.pulls.nextId('review'),
          pullId: pull.id,
          reviewerId: user.id,
          state: 'REQUEST_REVIEW',
          body: '',
          commitId: pull.headSha,
          official: this.protections.canApprove(
            this.protections.ruleFor(base.repo, pull.baseBranch),
            user,
            base.repo,
          ),
          stale: false,
          dismissed: false,
          submittedAt: now,
          updatedAt: now,
        };
        this.pulls.data.reviews.push(request);
        changed.push(request);
      } else if (!add && existing) {
        this.pulls.data.reviews = this.pulls.data.reviews.filter((r) => r !== existing);
        changed.push(existing);
      }
    }
    await this.pulls.save();
    return changed;
  }

  /**
   * Approvals that count now: official, not dismissed, from reviewers who still may approve
   * (a revoked WRITE no longer counts), not stale when the rule dismisses stale approvals.
   */
  grantedApprovals(base: RepoRef, pull: PullRecord): number {
    const rule = this.protections.ruleFor(base.repo, pull.baseBranch);
    return this.latestOfficial(base, pull).filter(
      (r) => r.state === 'APPROVED' && !(rule?.dismissStaleApprovals && r.stale),
    ).length;
  }

  hasOfficialRejection(base: RepoRef, pull: PullRecord): boolean {
    return this.latestOfficial(base, pull).some((r) => r.state === 'REQUEST_CHANGES');
  }

  hasOfficialRequest(pull: PullRecord): boolean {
    return this.pulls.data.reviews.some(
      (r) => r.pullId === pull.id && r.state === 'REQUEST_REVIEW' && r.official,
    );
  }

  private latestOfficial(base: RepoRef, pull: PullRecord): ReviewRecord[] {
    const rule = this.protections.ruleFor(base.repo, pull.baseBranch);
    return this.pulls.data.reviews.filter((r) => {
      if (r.pullId !== pull.id || !r.official || r.dismissed) return false;
      const reviewer = this.store.userById(r.reviewerId);
      return reviewer !== undefined && this.protections.canApprove(rule, reviewer, base.repo);
    });
  }
}
