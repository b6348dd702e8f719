import type { PullFile } from '../git/pullGit';
import type { Viewer } from '../services/access';
import type { BranchProtectionService } from '../services/BranchProtectionService';
import type { RepoRef } from '../services/RepositoryService';
import type { ReviewService } from '../services/ReviewService';
import type { GithostStore } from '../store/GithostStore';
import type {
  ProtectionRecord,
  PullRecord,
  ReviewCommentRecord,
  ReviewRecord,
  StatusRecord,
} from '../store/pullRecords';
import type { Presenter } from './Presenter';

type Json = Record<string, unknown>;

const escapePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** Gitea's JSON for pull requests, reviews, comments, protections and statuses (1.21 spec). */
export class PullPresenter {
  constructor(
    private readonly present: Presenter,
    private readonly store: GithostStore,
    private readonly reviews: ReviewService,
    private readonly protections: BranchProtectionService,
  ) {}

  private userById(id: number, viewer: Viewer | null): Json | undefined {
    const user = this.store.userById(id);
    return user ? this.present.user(user, viewer !== null) : undefined;
  }

  /** Repository JSON (`fork`, `parent` and counters come from Presenter's pullFacts). */
  repository(ref: RepoRef, viewer: Viewer | null): Json {
    return this.present.repository(ref, viewer);
  }

  pullHtml(base: RepoRef, pull: PullRecord): string {
    return `${this.present.htmlUrl(base)}/pulls/${pull.index}`;
  }

  private branchInfo(
    ref: RepoRef | undefined,
    branch: string,
    sha: string,
    viewer: Viewer | null,
  ): Json {
    const out: Json = { label: branch, ref: branch, sha };
    if (ref) {
      out.repo_id = ref.repo.id;
      out.repo = this.repository(ref, viewer);
    }
    return out;
  }

  pull(base: RepoRef, pull: PullRecord, viewer: Viewer | null): Json {
    const html = this.pullHtml(base, pull);
    const headRef = this.headRef(pull);
    const out: Json = {
      id: pull.id,
      url: `${this.present.apiUrl(base)}/issues/${pull.index}`,
      number: pull.index,
      user: this.userById(pull.posterId, viewer),
      title: pull.title,
      body: pull.body,
      labels: [],
      assignees: [],
      requested_reviewers: this.reviews
        .requested(pull)
        .map((u) => this.present.user(u, viewer !== null)),
      state: pull.state,
      is_locked: false,
      comments: this.reviews.commentsOfPull(pull).length,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      mergeable: pull.status !== 'conflict',
      merged: pull.merged,
      allow_maintainer_edit: pull.allowMaintainerEdit,
      base: this.branchInfo(base, pull.baseBranch, pull.baseSha, viewer),
      head: this.branchInfo(headRef, pull.headBranch, pull.headSha, viewer),
      merge_base: pull.mergeBase,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      pin_order: 0,
    };
    if (pull.merged) {
      out.merged_at = pull.mergedAt;
      out.merge_commit_sha = pull.mergedSha;
      const by = pull.mergedById === undefined ? undefined : this.userById(pull.mergedById, viewer);
      if (by) out.merged_by = by;
    }
    if (pull.closedAt) out.closed_at = pull.closedAt;
    return out;
  }

  private headRef(pull: PullRecord): RepoRef | undefined {
    const repo = this.store.repoById(pull.headRepoId);
    const owner = repo && this.store.userById(repo.ownerId);
    return repo && owner ? { repo, owner } : undefined;
  }

  review(base: RepoRef, pull: PullRecord, review: ReviewRecord, viewer: Viewer | null): Json {
    const html = this.pullHtml(base, pull);
    return {
      id: review.id,
      user: this.userById(review.reviewerId, viewer),
      state: review.state,
      body: review.body,
      commit_id: review.commitId,
      stale: review.stale,
      official: review.official,
      dismissed: review.dismissed,
      comments_count: this.reviews.comments(review).length,
      submitted_at: review.submittedAt,
      updated_at: review.updatedAt,
      html_url: `${html}#issuecomment-${review.id}`,
      pull_request_url: html,
    };
  }

  /**
   * Gitea's PullReviewComment: `position` is a head-side line, `original_position` a base-side
   * one (as Gitea's LineNum / OldLineNum). `original_commit_id` is the head commented on;
   * `commit_id` the last head at which the line was unchanged, so a comment is outdated exactly
   * when its `commit_id` is not the pull request's head (the line moved with later pushes until then).
   */
  comment(base: RepoRef, pull: PullRecord, c: ReviewCommentRecord, viewer: Viewer | null): Json {
    const html = this.pullHtml(base, pull);
    const out: Json = {
      id: c.id,
      body: c.body,
      user: this.userById(c.authorId, viewer),
      pull_request_review_id: c.reviewId,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      path: c.path,
      commit_id: c.commitId,
      original_commit_id: c.originalCommitId,
      diff_hunk: c.diffHunk,
      html_url: `${html}/files#issuecomment-${c.id}`,
      pull_request_url: html,
    };
    if (c.currentLine > 0) out.position = c.currentLine;
    else out.original_position = -c.currentLine;
    return out;
  }

  changedFile(base: RepoRef, pull: PullRecord, f: PullFile): Json {
    const html = this.present.htmlUrl(base);
    const api = this.present.apiUrl(base);
    const path = escapePath(f.path);
    const out: Json = {
      filename: f.path,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      html_url: `${html}/src/commit/${pull.headSha}/${path}`,
      contents_url: `${api}/contents/${path}?ref=${pull.headSha}`,
      raw_url: `${html}/raw/commit/${pull.headSha}/${path}`,
    };
    if (f.previousPath) out.previous_filename = f.previousPath;
    return out;
  }

  protection(rule: ProtectionRecord): Json {
    const logins = (ids: number[]) => this.protections.userLogins(ids);
    return {
      branch_name: rule.ruleName,
      rule_name: rule.ruleName,
      enable_push: rule.enablePush,
      enable_push_whitelist: rule.enablePushWhitelist,
      push_whitelist_usernames: logins(rule.pushWhitelistUserIds),
      push_whitelist_teams: [],
      push_whitelist_deploy_keys: false,
      enable_merge_whitelist: rule.enableMergeWhitelist,
      merge_whitelist_usernames: logins(rule.mergeWhitelistUserIds),
      merge_whitelist_teams: [],
      enable_status_check: rule.enableStatusCheck,
      status_check_contexts: rule.statusCheckContexts,
      required_approvals: rule.requiredApprovals,
      enable_approvals_whitelist: rule.enableApprovalsWhitelist,
      approvals_whitelist_username: logins(rule.approvalsWhitelistUserIds),
      approvals_whitelist_teams: [],
      block_on_rejected_reviews: rule.blockOnRejectedReviews,
      block_on_official_review_requests: rule.blockOnOfficialReviewRequests,
      block_on_outdated_branch: rule.blockOnOutdatedBranch,
      dismiss_stale_approvals: rule.dismissStaleApprovals,
      require_signed_commits: rule.requireSignedCommits,
      protected_file_patterns: rule.protectedFilePatterns,
      unprotected_file_patterns: rule.unprotectedFilePatterns,
      created_at: rule.createdAt,
      updated_at: rule.updatedAt,
    };
  }

  status(ref: RepoRef, s: StatusRecord, viewer: Viewer | null): Json {
    const out: Json = {
      id: s.id,
      status: s.state,
      target_url: s.targetUrl,
      description: s.description,
      url: `${this.present.apiUrl(ref)}/statuses/${s.sha}`,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    };
    const creator = this.userById(s.creatorId, viewer);
    if (creator) out.creator = creator;
    return out;
  }
}
