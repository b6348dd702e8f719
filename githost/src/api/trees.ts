import { isFullSha } from '../git/refNames';
import { requireScopes } from '../services/access';
import { badRequest } from '../services/GithostError';
import { param, type ApiCall } from './ApiRoute';
import { readPaging, sendJson } from './apiHttp';

/** Gitea's DEFAULT_GIT_TREES_PER_PAGE, which is also the largest page. */
const TREES_PER_PAGE = 1000;

/**
 * GET /repos/{owner}/{repo}/git/trees/{sha} (GetTree): `sha` is a tree id, a commit id or a
 * ref name; like Gitea, one that resolves to nothing is a 400.
 */
export async function getTree(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { repos, present } = call.deps;
  const ref = repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
  const git = repos.git(ref.repo);
  const sha = param(call, 'sha');
  let resolved: string | undefined;
  let tree: string | undefined;
  if (isFullSha(sha) && (await git.objectType(sha)) === 'tree') {
    resolved = tree = sha;
  } else {
    resolved = ref.repo.empty ? undefined : (await git.resolveCommit(sha))?.sha;
    tree = resolved && (await git.stat(resolved, ''))?.sha;
  }
  if (!resolved || !tree) throw badRequest(`object does not exist [id: ${sha}, rel_path: ]`);

  const recursive = ['true', '1'].includes(call.url.searchParams.get('recursive') ?? '');
  const paging = readPaging(
    call.url,
    { page: 'page', limit: 'per_page' },
    { limit: TREES_PER_PAGE, max: TREES_PER_PAGE },
  );
  const skip = (paging.page - 1) * paging.limit;
  const { entries, total } = await git.listTreePage(tree, recursive, skip, paging.limit);
  sendJson(call.res, 200, {
    sha: resolved,
    url: `${present.apiUrl(ref)}/git/trees/${resolved}`,
    tree: entries.map((e) => present.treeEntry(ref, e)),
    truncated: skip + entries.length < total,
    page: paging.page,
    total_count: total,
  });
}
