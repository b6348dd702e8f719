import { changedFiles } from '../git/pullGit';
import type { ApiCall } from './ApiRoute';
import { readPaging, sendJson, setPagingHeaders } from './apiHttp';
import { pullOf, readableRepo } from './pullCall';

const flag = (url: URL, name: string) => url.searchParams.get(name) !== 'false';

function pageHeaders(call: ApiCall, total: number, page: number, limit: number): void {
  const pageCount = Math.ceil(total / limit);
  call.res.setHeader('x-page', String(page));
  call.res.setHeader('x-perpage', String(limit));
  call.res.setHeader('x-pagecount', String(pageCount));
  call.res.setHeader('x-hasmore', String(page < pageCount));
  call.res.setHeader(
    'access-control-expose-headers',
    'X-Total-Count, X-PerPage, X-Page, X-PageCount, X-HasMore, Link',
  );
}

/** GET /repos/{owner}/{repo}/pulls/{index}/files (repoGetPullRequestFiles): merge base → head. */
export async function pullFiles(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  const git = call.deps.repos.git(base.repo);
  let files = await changedFiles(git, pull.mergeBase || pull.baseSha, pull.headSha);
  const skipTo = call.url.searchParams.get('skip-to');
  if (skipTo) {
    const at = files.findIndex((f) => f.path === skipTo);
    if (at >= 0) files = files.slice(at);
  }
  const paging = readPaging(call.url);
  const page = files.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, files.length, paging);
  pageHeaders(call, files.length, paging.page, paging.limit);
  sendJson(
    call.res,
    200,
    page.map((f) => call.deps.pulls.json.changedFile(base, pull, f)),
  );
}

/** GET /repos/{owner}/{repo}/pulls/{index}/commits (repoGetPullRequestCommits), newest first. */
export async function pullCommits(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  const git = call.deps.repos.git(base.repo);
  const paging = readPaging(call.url);
  const not = pull.mergeBase || undefined;
  const total = await git.countCommits(pull.headSha, undefined, not);
  const include = {
    stat: true,
    files: flag(call.url, 'files'),
    verification: flag(call.url, 'verification'),
  };
  const commits =
    (paging.page - 1) * paging.limit >= total
      ? []
      : await git.log(pull.headSha, {
          skip: (paging.page - 1) * paging.limit,
          limit: paging.limit,
          not,
          withFiles: true,
        });
  setPagingHeaders(call.res, call.url, call.deps.present.root, total, paging);
  pageHeaders(call, total, paging.page, paging.limit);
  sendJson(
    call.res,
    200,
    commits.map((c) => call.deps.present.commit(base, c, call.viewer, include)),
  );
}
