import { requireScopes } from '../services/access';
import { GithostError, notFound } from '../services/GithostError';
import { cleanRepoPath } from '../services/repoPath';
import { param, type ApiCall } from './ApiRoute';
import { readPaging, sendJson, setPagingHeaders } from './apiHttp';

const flag = (url: URL, name: string, fallback: boolean) => {
  const value = url.searchParams.get(name);
  return value === null ? fallback : value === 'true' || value === '1';
};

/** GET /repos/{owner}/{repo}/commits (repoGetAllCommits) */
export async function listCommits(call: ApiCall): Promise<void> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { repos, present } = call.deps;
  const { url } = call;
  const ref = repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
  if (ref.repo.empty) throw new GithostError('empty-repository', 'Git Repository is empty.');
  const git = repos.git(ref.repo);

  const sha = url.searchParams.get('sha') || ref.repo.defaultBranch;
  const start = await git.resolveCommit(sha);
  if (!start) throw notFound(`object does not exist [id: ${sha}, rel_path: ]`);
  const notName = url.searchParams.get('not');
  const not = notName ? await git.resolveCommit(notName) : undefined;
  if (notName && !not) throw notFound(`object does not exist [id: ${notName}, rel_path: ]`);
  const rawPath = url.searchParams.get('path');
  const path = rawPath ? cleanRepoPath(rawPath) : '';
  if (path === undefined) throw notFound('path does not exist');

  const include = {
    stat: flag(url, 'stat', true),
    files: flag(url, 'files', true),
    verification: flag(url, 'verification', true),
  };
  const paging = readPaging(url);
  const total = await git.countCommits(start.sha, path || undefined, not?.sha);
  const commits =
    (paging.page - 1) * paging.limit >= total
      ? []
      : await git.log(start.sha, {
          skip: (paging.page - 1) * paging.limit,
          limit: paging.limit,
          path: path || undefined,
          not: not?.sha,
          withFiles: include.stat || include.files,
        });

  const pageCount = Math.ceil(total / paging.limit);
  setPagingHeaders(call.res, url, present.root, total, paging);
  call.res.setHeader('x-page', String(paging.page));
  call.res.setHeader('x-perpage', String(paging.limit));
  call.res.setHeader('x-pagecount', String(pageCount));
  call.res.setHeader('x-hasmore', String(paging.page < pageCount));
  call.res.setHeader(
    'access-control-expose-headers',
    'X-Total-Count, X-PerPage, X-Page, X-PageCount, X-HasMore, Link',
  );
  sendJson(
    call.res,
    200,
    commits.map((c) => present.commit(ref, c, call.viewer, include)),
  );
}
