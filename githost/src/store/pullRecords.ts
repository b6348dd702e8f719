/** What githost keeps about pull requests, reviews, protections, statuses and forks. */

/** Gitea's PullRequestStatus, as far as githost computes it (never `checking` when read). */
export type MergeStatus = 'mergeable' | 'conflict' | 'empty';

export interface PullRecord {
  id: number;
  /** The base repository; `index` counts per base repository, as Gitea's issue index. */
  repoId: number;
  index: number;
  posterId: number;
  title: string;
  body: string;
  headRepoId: number;
  headBranch: string;
  baseBranch: string;
  /** The head commit as last seen (also `refs/pull/{index}/head` in the base repository). */
  headSha: string;
  /** The base branch commit the merge status was computed against. */
  baseSha: string;
  mergeBase: string;
  status: MergeStatus;
  conflictedFiles: string[];
  state: 'open' | 'closed';
  merged: boolean;
  mergedSha?: string;
  mergedAt?: string;
  mergedById?: number;
  closedAt?: string;
  allowMaintainerEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export type ReviewState = 'APPROVED' | 'REQUEST_CHANGES' | 'COMMENT' | 'PENDING' | 'REQUEST_REVIEW';

export interface ReviewRecord {
  id: number;
  pullId: number;
  reviewerId: number;
  state: ReviewState;
  body: string;
  /** The head commit reviewed. */
  commitId: string;
  /** Gitea's `official`: a WRITE reviewer's latest approval or rejection. */
  official: boolean;
  stale: boolean;
  dismissed: boolean;
  submittedAt: string;
  updatedAt: string;
}

export interface ReviewCommentRecord {
  id: number;
  reviewId: number;
  pullId: number;
  authorId: number;
  path: string;
  body: string;
  /** Gitea's signed line: > 0 a line of the head side, < 0 of the base side. */
  line: number;
  /** The line now (moved by later pushes that changed lines above it). */
  currentLine: number;
  /** The head commit the comment was written on. */
  originalCommitId: string;
  /** The last head commit at which the commented line was unchanged. */
  commitId: string;
  /** The merge base the comment's base side referred to (for old-side lines). */
  baseCommitId: string;
  outdated: boolean;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProtectionRecord {
  id: number;
  repoId: number;
  ruleName: string;
  enablePush: boolean;
  enablePushWhitelist: boolean;
  pushWhitelistUserIds: number[];
  enableMergeWhitelist: boolean;
  mergeWhitelistUserIds: number[];
  enableApprovalsWhitelist: boolean;
  approvalsWhitelistUserIds: number[];
  requiredApprovals: number;
  enableStatusCheck: boolean;
  statusCheckContexts: string[];
  blockOnRejectedReviews: boolean;
  blockOnOfficialReviewRequests: boolean;
  blockOnOutdatedBranch: boolean;
  dismissStaleApprovals: boolean;
  requireSignedCommits: boolean;
  protectedFilePatterns: string;
  unprotectedFilePatterns: string;
  createdAt: string;
  updatedAt: string;
}

export type CommitState = 'pending' | 'success' | 'error' | 'failure' | 'warning';

export interface StatusRecord {
  id: number;
  repoId: number;
  sha: string;
  /** Per repository, commit and context: the n-th status posted. */
  index: number;
  context: string;
  state: CommitState;
  description: string;
  targetUrl: string;
  creatorId: number;
  createdAt: string;
  updatedAt: string;
}

export interface ForkRecord {
  repoId: number;
  parentId: number;
}

export interface PullStoreData {
  version: 1;
  nextId: { pull: number; review: number; comment: number; protection: number; status: number };
  /** Next pull request index per base repository id. */
  nextIndex: Record<string, number>;
  pulls: PullRecord[];
  reviews: ReviewRecord[];
  comments: ReviewCommentRecord[];
  protections: ProtectionRecord[];
  statuses: StatusRecord[];
  forks: ForkRecord[];
}

export function emptyPullStoreData(): PullStoreData {
  return {
    version: 1,
    nextId: { pull: 1, review: 1, comment: 1, protection: 1, status: 1 },
    nextIndex: {},
    pulls: [],
    reviews: [],
    comments: [],
    protections: [],
    statuses: [],
    forks: [],
  };
}
