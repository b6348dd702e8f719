import { requireScopes } from '../services/access';
import { notFound } from '../services/GithostError';
import { param, type ApiCall } from './ApiRoute';
import { readPaging, sendJson, setPagingHeaders } from './apiHttp';

/** GET /repos/{owner}/{repo}/branches (repoListBranches) */
export async function listBranches(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { repos, present } = call.deps;
  const ref = repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
  const branches = (await repos.git(ref.repo).listBranches()).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const paging = readPaging(call.url);
  const page = branches.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, present.root, branches.length, paging);
  sendJson(
    call.res,
    200,
    page.map((b) => present.branch(ref, b.name, b.commit, call.viewer)),
  );
}

/** GET /repos/{owner}/{repo}/branches/{branch} (repoGetBranch) */
export async function getBranch(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { repos, present } = call.deps;
  const ref = repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
  const name = param(call, 'branch');
  const branch = await repos.git(ref.repo).getBranch(name);
  if (!branch) throw notFound(`branch does not exist [name: ${name}]`);
  sendJson(call.res, 200, present.branch(ref, branch.name, branch.commit, call.viewer));
}
