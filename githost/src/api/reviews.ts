import { z } from 'zod';
import type { ApiCall } from './ApiRoute';
import { param } from './ApiRoute';
import { readJson, readPaging, sendJson, sendNoContent, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';
import { pullOf, readableRepo, signedInRepo } from './pullCall';

const commentBody = z.object({
  path: z.string().min(1, 'Required'),
  body: z.string(),
  new_position: z.number().int().nonnegative().optional(),
  old_position: z.number().int().nonnegative().optional(),
});

const reviewBody = z.object({
  event: z.string().optional(),
  body: z.string().optional(),
  commit_id: z.string().optional(),
  comments: z.array(commentBody).optional(),
});

/** GET /repos/{owner}/{repo}/pulls/{index}/reviews (repoListPullReviews) */
export async function listReviews(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  const { reviews, json } = call.deps.pulls;
  const all = reviews.list(pull, call.viewer);
  const paging = readPaging(call.url);
  const page = all.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, all.length, paging);
  sendJson(
    call.res,
    200,
    page.map((r) => json.review(base, pull, r, call.viewer)),
  );
}

/**
 * POST /repos/{owner}/{repo}/pulls/{index}/reviews (repoCreatePullReview): any signed-in
 * reader; `event` APPROVED, REQUEST_CHANGES, COMMENT (else a pending review); line comments
 * with `new_position` (head side) or `old_position` (base side).
 */
export async function createReview(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const body = parseBody(reviewBody, await readJson(call.req));
  const { reviews, json, events } = call.deps.pulls;
  const review = await reviews.create(viewer, base, pull, {
    event: body.event,
    body: body.body,
    commitId: body.commit_id,
    comments: body.comments?.map((c) => ({
      path: c.path,
      body: c.body,
      newPosition: c.new_position,
      oldPosition: c.old_position,
    })),
  });
  if (review.state !== 'PENDING') events.emit(base, pull, 'reviewed', viewer.user, { review });
  sendJson(call.res, 200, json.review(base, pull, review, viewer));
}

/** GET /repos/{owner}/{repo}/pulls/{index}/reviews/{id} (repoGetPullReview) */
export async function getReview(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  const review = call.deps.pulls.reviews.get(pull, param(call, 'id'), call.viewer);
  sendJson(call.res, 200, call.deps.pulls.json.review(base, pull, review, call.viewer));
}

const submitBody = z.object({ event: z.string().optional(), body: z.string().optional() });

/** POST /repos/{owner}/{repo}/pulls/{index}/reviews/{id} (repoSubmitPullReview): a pending one. */
export async function submitReview(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const { reviews, json, events } = call.deps.pulls;
  const review = reviews.get(pull, param(call, 'id'), viewer);
  const body = parseBody(submitBody, await readJson(call.req));
  await reviews.submit(viewer, base, pull, review, { event: body.event, body: body.body });
  events.emit(base, pull, 'reviewed', viewer.user, { review });
  sendJson(call.res, 200, json.review(base, pull, review, viewer));
}

/** DELETE /repos/{owner}/{repo}/pulls/{index}/reviews/{id} (repoDeletePullReview) */
export async function deleteReview(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const review = call.deps.pulls.reviews.get(pull, param(call, 'id'), viewer);
  await call.deps.pulls.reviews.delete(viewer, base, review);
  sendNoContent(call.res);
}

/** GET /repos/{owner}/{repo}/pulls/{index}/reviews/{id}/comments (repoGetPullReviewComments) */
export async function reviewComments(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  const { reviews, json } = call.deps.pulls;
  const review = reviews.get(pull, param(call, 'id'), call.viewer);
  sendJson(
    call.res,
    200,
    reviews.comments(review).map((c) => json.comment(base, pull, c, call.viewer)),
  );
}

const requestBody = z.object({
  reviewers: z.array(z.string()).optional(),
  team_reviewers: z.array(z.string()).optional(),
});

async function changeRequests(call: ApiCall, add: boolean): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const body = parseBody(requestBody, await readJson(call.req));
  const { reviews, json, events } = call.deps.pulls;
  const changed = await reviews.setRequests(viewer, base, pull, body.reviewers ?? [], add);
  for (const request of changed) {
    const reviewer = call.deps.users.byId(request.reviewerId);
    events.emit(base, pull, add ? 'review_requested' : 'review_request_removed', viewer.user, {
      requestedReviewer: reviewer,
    });
  }
  if (!add) return sendNoContent(call.res);
  sendJson(
    call.res,
    201,
    changed.map((r) => json.review(base, pull, r, viewer)),
  );
}

/**
 * POST /repos/{owner}/{repo}/pulls/{index}/requested_reviewers (repoCreatePullReviewRequests):
 * the poster or WRITE asks readers of the repository; 422 for anyone else (Gitea's
 * IsValidReviewRequest). Team reviewers are not kept by githost and are ignored.
 */
export const requestReviewers = (call: ApiCall) => changeRequests(call, true);

/** DELETE /repos/{owner}/{repo}/pulls/{index}/requested_reviewers (repoDeletePullReviewRequests) */
export const removeReviewRequests = (call: ApiCall) => changeRequests(call, false);

const dismissBody = z.object({ message: z.string().optional(), priors: z.boolean().optional() });

async function changeDismissal(call: ApiCall, dismissed: boolean): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const { reviews, json } = call.deps.pulls;
  const review = reviews.get(pull, param(call, 'id'), viewer);
  const body = dismissed ? parseBody(dismissBody, await readJson(call.req)) : {};
  await reviews.setDismissed(viewer, base, pull, review, dismissed, body.priors);
  sendJson(call.res, 200, json.review(base, pull, review, viewer));
}

/** POST …/pulls/{index}/reviews/{id}/dismissals (repoDismissPullReview): repository admins. */
export const dismissReview = (call: ApiCall) => changeDismissal(call, true);

/** POST …/pulls/{index}/reviews/{id}/undismissals (repoUnDismissPullReview) */
export const undismissReview = (call: ApiCall) => changeDismissal(call, false);

/** GET /repos/{owner}/{repo}/reviewers (repoGetReviewers): who may be asked for a review. */
export async function listReviewers(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call, 'read');
  const users = call.deps.pulls.reviews.candidates(base.repo, viewer.user);
  sendJson(
    call.res,
    200,
    users.map((u) => call.deps.present.user(u, true)),
  );
}
