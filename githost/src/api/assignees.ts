import { requireScopes } from '../services/access';
import { param, type ApiCall } from './ApiRoute';
import { sendJson } from './apiHttp';
import { byLogin } from './paged';

/**
 * GET /repos/{owner}/{repo}/assignees (repoGetAssignees): any reader of the repository gets
 * every user who may be assigned to its issues, as Gitea 1.21's GetRepoAssignees: write access
 * or more through a collaboration or a team (organization owners included), plus the owner
 * when it is a user; site administrators only through such access. One unpaged list, sorted
 * by login, as in Gitea.
 */
export async function listAssignees(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { repo } = call.deps.repos.findReadable(
    call.viewer,
    param(call, 'owner'),
    param(call, 'repo'),
  );
  const { perms, present } = call.deps;
  const viewerSeesEmails = call.viewer !== null;
  sendJson(
    call.res,
    200,
    perms
      .assigneesOf(repo)
      .sort(byLogin)
      .map((u) => present.user(u, viewerSeesEmails)),
  );
}
