import { z } from 'zod';
import type { ApiCall } from './ApiRoute';
import { readJson, sendNoContent } from './apiHttp';
import { parseBody } from './parseBody';
import { pullOf, readableRepo, signedInRepo } from './pullCall';
import { notFound } from '../services/GithostError';

const mergeBody = z.object({
  Do: z.enum(['merge', 'rebase', 'rebase-merge', 'squash', 'manually-merged']).default('merge'),
  MergeTitleField: z.string().optional(),
  MergeMessageField: z.string().optional(),
  MergeCommitID: z.string().optional(),
  delete_branch_after_merge: z.boolean().optional(),
  force_merge: z.boolean().optional(),
  head_commit_id: z.string().optional(),
  merge_when_checks_succeed: z.boolean().optional(),
});

/**
 * POST /repos/{owner}/{repo}/pulls/{index}/merge (repoMergePullRequest): WRITE (or the merge
 * whitelist); 405 as Gitea when merged, not allowed, conflicting or blocked by protection.
 */
export async function mergePull(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const body = parseBody(mergeBody, await readJson(call.req));
  const { merges, events } = call.deps.pulls;
  await merges.merge(viewer, base, pull, {
    style: body.Do,
    title: body.MergeTitleField,
    message: body.MergeMessageField,
    deleteBranch: body.delete_branch_after_merge,
    forceMerge: body.force_merge,
    headCommitId: body.head_commit_id,
    mergeCommitId: body.MergeCommitID,
  });
  events.emit(base, pull, 'closed', viewer.user);
  call.res.writeHead(200);
  call.res.end();
}

/** GET /repos/{owner}/{repo}/pulls/{index}/merge (repoPullRequestIsMerged): 204 or 404. */
export async function isMerged(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  if (!pull.merged) throw notFound('pull request has not been merged');
  sendNoContent(call.res);
}

/**
 * POST /repos/{owner}/{repo}/pulls/{index}/update (repoUpdatePullRequest): `style` merge (the
 * default) or rebase; WRITE on the head repository, within its protection; 409 on conflicts.
 */
export async function updatePull(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const style = call.url.searchParams.get('style') ?? 'merge';
  await call.deps.pulls.updates.update(viewer, base, pull, style === 'rebase');
  call.res.writeHead(200);
  call.res.end();
}
