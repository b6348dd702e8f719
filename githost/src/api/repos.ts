import { z } from 'zod';
import { requireScopes } from '../services/access';
import { invalid } from '../services/GithostError';
import type { RepoRecord } from '../store/records';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, readPaging, sendJson, sendNoContent, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';

/** GET /repos/{owner}/{repo} (repoGet) */
export async function getRepo(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const ref = call.deps.repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
  sendJson(call.res, 200, call.deps.present.repository(ref, call.viewer));
}

/**
 * DELETE /repos/{owner}/{repo} (repoDelete): Gitea's reqOwner (the owner, an organization
 * owner, a member of an admin team, a site admin); an admin collaborator gets 403 as on Gitea.
 */
export async function deleteRepo(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['repository'], 'write');
  const { repo } = call.deps.repos.findAtLeast(
    viewer,
    param(call, 'owner'),
    param(call, 'repo'),
    'owner',
  );
  await call.deps.repos.delete(repo);
  sendNoContent(call.res);
}

export const createRepoBody = z.object({
  name: z.string().min(1, 'Required').max(100, 'MaxSize(100)'),
  description: z.string().max(2048, 'MaxSize(2048)').optional(),
  private: z.boolean().optional(),
  auto_init: z.boolean().optional(),
  default_branch: z.string().max(100).optional(),
  readme: z.string().optional(),
  gitignores: z.string().optional(),
  license: z.string().optional(),
  issue_labels: z.string().optional(),
  template: z.boolean().optional(),
  trust_model: z.string().optional(),
});

/** POST /user/repos (createCurrentUserRepo) */
export async function createRepo(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['user', 'repository'], 'write');
  const body = parseBody(createRepoBody, await readJson(call.req));
  const repo = await call.deps.repos.create(viewer.user, {
    name: body.name,
    description: body.description,
    private: body.private,
    autoInit: body.auto_init,
    defaultBranch: body.default_branch,
  });
  sendJson(call.res, 201, call.deps.present.repository({ repo, owner: viewer.user }, viewer));
}

type Order = (a: RepoRecord, b: RepoRecord) => number;
const byName: Order = (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());
const SORTS: Record<string, Order> = {
  alpha: byName,
  created: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  updated: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id,
  size: (a, b) => a.sizeKiB - b.sizeKiB || a.id - b.id,
  id: (a, b) => a.id - b.id,
  stars: (a, b) => a.id - b.id,
  forks: (a, b) => a.id - b.id,
};

const flag = (url: URL, name: string): boolean | undefined => {
  const value = url.searchParams.get(name);
  return value === null ? undefined : value === 'true';
};

/** GET /repos/search (repoSearch): `{ok, data}`, only repositories the caller may see. */
export async function searchRepos(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { url } = call;
  const sortName = url.searchParams.get('sort') || 'alpha';
  const orderName = url.searchParams.get('order') || 'asc';
  const sort = SORTS[sortName];
  if (!sort) throw invalid(`Invalid sort mode: "${sortName}"`);
  if (orderName !== 'asc' && orderName !== 'desc') {
    throw invalid(`Invalid sort order: "${orderName}"`);
  }
  const q = (url.searchParams.get('q') ?? '').trim().toLowerCase();
  const includeDesc = flag(url, 'includeDesc') ?? false;
  const uid = Number(url.searchParams.get('uid') ?? 0);
  const isPrivate = flag(url, 'is_private');
  const includePrivate = flag(url, 'private') ?? true;
  const mode = url.searchParams.get('mode') ?? '';
  const onlyUnsupported =
    flag(url, 'template') === true ||
    flag(url, 'archived') === true ||
    mode === 'fork' ||
    mode === 'mirror';

  const matches = onlyUnsupported
    ? []
    : call.deps.repos.readableRepos(call.viewer).filter((r) => {
        if (uid > 0 && r.ownerId !== uid) return false;
        if (!includePrivate && r.private) return false;
        if (isPrivate !== undefined && r.private !== isPrivate) return false;
        if (!q) return true;
        return (
          r.name.toLowerCase().includes(q) ||
          (includeDesc && r.description.toLowerCase().includes(q))
        );
      });
  matches.sort(orderName === 'asc' ? sort : (a, b) => sort(b, a));
  const paging = readPaging(url);
  const page = matches.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, url, call.deps.present.root, matches.length, paging);
  const { present, repos } = call.deps;
  sendJson(call.res, 200, {
    ok: true,
    data: page.map((repo) => present.repository({ repo, owner: repos.owner(repo) }, call.viewer)),
  });
}
