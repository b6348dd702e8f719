import type { ApiRoute } from './ApiRoute';
import {
  createProtection,
  deleteProtection,
  editProtection,
  getProtection,
  listProtections,
} from './branchProtections';
import { createFork, listForks } from './forks';
import { guarded } from './pullCall';
import { pullCommits, pullFiles } from './pullContent';
import { isMerged, mergePull, updatePull } from './pullMerge';
import { createPull, editPull, getPull, listPulls, pullDiff } from './pulls';
import {
  createReview,
  deleteReview,
  dismissReview,
  getReview,
  listReviewers,
  listReviews,
  removeReviewRequests,
  requestReviewers,
  reviewComments,
  submitReview,
  undismissReview,
} from './reviews';
import { combinedStatus, createStatus, listStatusesByRef, listStatusesBySha } from './statuses';

const P = '/repos/{owner}/{repo}/pulls/{index}';

/**
 * Pull requests, reviews, forks, branch protections and commit statuses (Gitea 1.21 templates),
 * spread into `apiRoutes`. `{index}` also matches `3.diff`; getPull hands those to pullDiff.
 */
export const pullApiRoutes: readonly ApiRoute[] = [
  {
    template: '/repos/{owner}/{repo}/pulls',
    handlers: { GET: listPulls, POST: guarded(createPull) },
  },
  { template: P, handlers: { GET: getPull, PATCH: guarded(editPull) } },
  { template: `${P}/files`, handlers: { GET: pullFiles } },
  { template: `${P}/commits`, handlers: { GET: pullCommits } },
  { template: `${P}/merge`, handlers: { GET: isMerged, POST: guarded(mergePull) } },
  { template: `${P}/update`, handlers: { POST: guarded(updatePull) } },
  { template: `${P}/reviews`, handlers: { GET: listReviews, POST: createReview } },
  {
    template: `${P}/reviews/{id}`,
    handlers: { GET: getReview, POST: submitReview, DELETE: deleteReview },
  },
  { template: `${P}/reviews/{id}/comments`, handlers: { GET: reviewComments } },
  { template: `${P}/reviews/{id}/dismissals`, handlers: { POST: dismissReview } },
  { template: `${P}/reviews/{id}/undismissals`, handlers: { POST: undismissReview } },
  {
    template: `${P}/requested_reviewers`,
    handlers: { POST: requestReviewers, DELETE: removeReviewRequests },
  },
  { template: '/repos/{owner}/{repo}/reviewers', handlers: { GET: listReviewers } },
  { template: '/repos/{owner}/{repo}/forks', handlers: { GET: listForks, POST: createFork } },
  {
    template: '/repos/{owner}/{repo}/branch_protections',
    handlers: { GET: listProtections, POST: createProtection },
  },
  {
    template: '/repos/{owner}/{repo}/branch_protections/{name}',
    handlers: { GET: getProtection, PATCH: editProtection, DELETE: deleteProtection },
  },
  {
    template: '/repos/{owner}/{repo}/statuses/{sha}',
    handlers: { GET: listStatusesBySha, POST: createStatus },
  },
  { template: '/repos/{owner}/{repo}/commits/{ref}/status', handlers: { GET: combinedStatus } },
  {
    template: '/repos/{owner}/{repo}/commits/{ref}/statuses',
    handlers: { GET: listStatusesByRef },
  },
  // Last: githost compiles `.` in templates as a regex dot, so this one would take `3/merge` too.
  { template: `${P}.{diffType}`, handlers: { GET: pullDiff } },
];
