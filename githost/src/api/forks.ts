import { z } from 'zod';
import type { ApiCall } from './ApiRoute';
import { readJson, readPaging, sendJson, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';
import { readableRepo, signedInRepo } from './pullCall';

const forkBody = z.object({
  name: z.string().optional(),
  organization: z.string().optional(),
});

/** POST /repos/{owner}/{repo}/forks (createFork): any signed-in reader; 202 with the fork. */
export async function createFork(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const body = parseBody(forkBody, await readJson(call.req));
  const fork = await call.deps.pulls.forks.fork(viewer, base, body);
  sendJson(call.res, 202, call.deps.pulls.json.repository(fork, viewer));
}

/** GET /repos/{owner}/{repo}/forks (listForks): the forks the caller may read. */
export async function listForks(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const { forks, json } = call.deps.pulls;
  const all = forks.readableForks(call.viewer, base.repo);
  const paging = readPaging(call.url);
  const page = all.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, all.length, paging);
  sendJson(
    call.res,
    200,
    page.map((repo) => json.repository({ repo, owner: call.deps.repos.owner(repo) }, call.viewer)),
  );
}
