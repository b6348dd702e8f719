import { z } from 'zod';
import { atLeast } from '../services/Permissions';
import { COMMIT_STATES } from '../services/CommitStatusService';
import { badRequest, forbidden, notFound } from '../services/GithostError';
import type { RepoRef } from '../services/RepositoryService';
import type { StatusRecord } from '../store/pullRecords';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, readPaging, sendJson, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';
import { readableRepo } from './pullCall';

async function commitOf(call: ApiCall, ref: RepoRef, name: string): Promise<string> {
  if (!name) throw badRequest('ref/sha not given');
  const resolved = await call.deps.repos.git(ref.repo).resolveCommit(name);
  if (!resolved) throw notFound(`object does not exist [id: ${name}, rel_path: ]`);
  return resolved.sha;
}

const createBody = z.object({
  state: z.string(),
  context: z.string().optional(),
  description: z.string().optional(),
  target_url: z.string().optional(),
});

/** POST /repos/{owner}/{repo}/statuses/{sha} (repoCreateStatus): WRITE (Gitea's reqRepoWriter). */
export async function createStatus(call: ApiCall): Promise<void> {
  const viewer = requireViewer(call);
  const ref = readableRepo(call, 'write');
  if (!atLeast(call.deps.repos.level(viewer, ref.repo), 'write')) {
    throw forbidden('user should have a permission to write to a repo');
  }
  const body = parseBody(createBody, await readJson(call.req));
  const sha = await commitOf(call, ref, param(call, 'sha'));
  const status = await call.deps.pulls.statuses.create(
    ref.repo,
    sha,
    {
      state: body.state,
      context: body.context,
      description: body.description,
      targetUrl: body.target_url,
    },
    viewer.user,
  );
  sendJson(call.res, 201, call.deps.pulls.json.status(ref, status, viewer));
}

const SORTS: Record<string, (a: StatusRecord, b: StatusRecord) => number> = {
  oldest: (a, b) => a.id - b.id,
  recentupdate: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id,
  leastupdate: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id,
  leastindex: (a, b) => a.index - b.index,
  highestindex: (a, b) => b.index - a.index,
};

async function listStatuses(call: ApiCall, name: string): Promise<void> {
  const ref = readableRepo(call);
  const sha = await commitOf(call, ref, name);
  const state = call.url.searchParams.get('state');
  let all = call.deps.pulls.statuses.all(ref.repo, sha);
  if (state && (COMMIT_STATES as readonly string[]).includes(state)) {
    all = all.filter((s) => s.state === state);
  }
  all.sort(SORTS[call.url.searchParams.get('sort') ?? ''] ?? ((a, b) => b.id - a.id));
  const paging = readPaging(call.url);
  const page = all.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, all.length, paging);
  sendJson(
    call.res,
    200,
    page.map((s) => call.deps.pulls.json.status(ref, s, call.viewer)),
  );
}

/** GET /repos/{owner}/{repo}/statuses/{sha} (repoListStatuses) */
export const listStatusesBySha = (call: ApiCall) => listStatuses(call, param(call, 'sha'));

/** GET /repos/{owner}/{repo}/commits/{ref}/statuses (repoListStatusesByRef) */
export const listStatusesByRef = (call: ApiCall) => listStatuses(call, param(call, 'ref'));

/** GET /repos/{owner}/{repo}/commits/{ref}/status (repoGetCombinedStatusByRef) */
export async function combinedStatus(call: ApiCall): Promise<void> {
  const ref = readableRepo(call);
  const sha = await commitOf(call, ref, param(call, 'ref'));
  const { statuses, json } = call.deps.pulls;
  const latest = statuses.latest(ref.repo, sha);
  const paging = readPaging(call.url);
  const page = latest.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, latest.length, paging);
  const api = call.deps.present.apiUrl(ref);
  sendJson(call.res, 200, {
    state: statuses.combined(latest),
    sha,
    total_count: latest.length,
    statuses: page.map((s) => json.status(ref, s, call.viewer)),
    repository: json.repository(ref, call.viewer),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  });
}
