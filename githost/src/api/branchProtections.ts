import { z } from 'zod';
import type { ProtectionInput } from '../services/BranchProtectionService';
import { requireScopes } from '../services/access';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, sendJson, sendNoContent } from './apiHttp';
import { parseBody } from './parseBody';

const names = z.array(z.string()).optional();
const optionBody = z.object({
  rule_name: z.string().optional(),
  branch_name: z.string().optional(),
  enable_push: z.boolean().optional(),
  enable_push_whitelist: z.boolean().optional(),
  push_whitelist_usernames: names,
  push_whitelist_teams: names,
  push_whitelist_deploy_keys: z.boolean().optional(),
  enable_merge_whitelist: z.boolean().optional(),
  merge_whitelist_usernames: names,
  merge_whitelist_teams: names,
  enable_status_check: z.boolean().optional(),
  status_check_contexts: names,
  required_approvals: z.number().int().optional(),
  enable_approvals_whitelist: z.boolean().optional(),
  approvals_whitelist_username: names,
  approvals_whitelist_teams: names,
  block_on_rejected_reviews: z.boolean().optional(),
  block_on_official_review_requests: z.boolean().optional(),
  block_on_outdated_branch: z.boolean().optional(),
  dismiss_stale_approvals: z.boolean().optional(),
  require_signed_commits: z.boolean().optional(),
  protected_file_patterns: z.string().optional(),
  unprotected_file_patterns: z.string().optional(),
});

function toInput(body: z.infer<typeof optionBody>): ProtectionInput {
  return {
    ruleName: body.rule_name || body.branch_name,
    enablePush: body.enable_push,
    enablePushWhitelist: body.enable_push_whitelist,
    pushWhitelistUsernames: body.push_whitelist_usernames,
    enableMergeWhitelist: body.enable_merge_whitelist,
    mergeWhitelistUsernames: body.merge_whitelist_usernames,
    enableApprovalsWhitelist: body.enable_approvals_whitelist,
    approvalsWhitelistUsernames: body.approvals_whitelist_username,
    requiredApprovals: body.required_approvals,
    enableStatusCheck: body.enable_status_check,
    statusCheckContexts: body.status_check_contexts,
    blockOnRejectedReviews: body.block_on_rejected_reviews,
    blockOnOfficialReviewRequests: body.block_on_official_review_requests,
    blockOnOutdatedBranch: body.block_on_outdated_branch,
    dismissStaleApprovals: body.dismiss_stale_approvals,
    requireSignedCommits: body.require_signed_commits,
    protectedFilePatterns: body.protected_file_patterns,
    unprotectedFilePatterns: body.unprotected_file_patterns,
  };
}

/** Gitea's `/branch_protections` group: reqToken and reqAdmin, for reading too. */
function administered(call: ApiCall, level: 'read' | 'write') {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['repository'], level);
  return call.deps.repos.findAtLeast(viewer, param(call, 'owner'), param(call, 'repo'), 'admin');
}

/** GET /repos/{owner}/{repo}/branch_protections (repoListBranchProtection) */
export async function listProtections(call: ApiCall): Promise<void> {
  const { repo } = administered(call, 'read');
  const { protections, json } = call.deps.pulls;
  sendJson(
    call.res,
    200,
    protections.list(repo).map((r) => json.protection(r)),
  );
}

/** POST /repos/{owner}/{repo}/branch_protections (repoCreateBranchProtection) */
export async function createProtection(call: ApiCall): Promise<void> {
  const { repo } = administered(call, 'write');
  const body = parseBody(optionBody, await readJson(call.req));
  const git = call.deps.repos.git(repo);
  const rule = await call.deps.pulls.protections.create(repo, toInput(body), async (name) =>
    Boolean(await git.getBranch(name)),
  );
  sendJson(call.res, 201, call.deps.pulls.json.protection(rule));
}

/** GET /repos/{owner}/{repo}/branch_protections/{name} (repoGetBranchProtection) */
export async function getProtection(call: ApiCall): Promise<void> {
  const { repo } = administered(call, 'read');
  const rule = call.deps.pulls.protections.get(repo, param(call, 'name'));
  sendJson(call.res, 200, call.deps.pulls.json.protection(rule));
}

/** PATCH /repos/{owner}/{repo}/branch_protections/{name} (repoEditBranchProtection) */
export async function editProtection(call: ApiCall): Promise<void> {
  const { repo } = administered(call, 'write');
  const body = parseBody(optionBody, await readJson(call.req));
  const input = toInput(body);
  delete input.ruleName;
  const rule = await call.deps.pulls.protections.edit(repo, param(call, 'name'), input);
  sendJson(call.res, 200, call.deps.pulls.json.protection(rule));
}

/** DELETE /repos/{owner}/{repo}/branch_protections/{name} (repoDeleteBranchProtection) */
export async function deleteProtection(call: ApiCall): Promise<void> {
  const { repo } = administered(call, 'write');
  await call.deps.pulls.protections.delete(repo, param(call, 'name'));
  sendNoContent(call.res);
}
