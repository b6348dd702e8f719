import { z } from 'zod';
import { notFound } from '../services/GithostError';
import type { ApiCall } from './ApiRoute';
import { readJson, readPaging, sendJson, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';
import { pullOf, readableRepo, signedInRepo, streamGitText } from './pullCall';

const STATES = new Set(['open', 'closed', 'all']);

/** GET /repos/{owner}/{repo}/pulls (repoListPullRequests): `state` open (default), closed, all. */
export async function listPulls(call: ApiCall): Promise<void> {
  const base = readableRepo(call);
  const { pulls, json } = call.deps.pulls;
  const rawState = call.url.searchParams.get('state') || 'open';
  const state = STATES.has(rawState) ? rawState : 'open';
  const all = await pulls.list(base, state, call.url.searchParams.get('sort') ?? '');
  const paging = readPaging(call.url);
  const page = all.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, all.length, paging);
  sendJson(
    call.res,
    200,
    page.map((p) => json.pull(base, p, call.viewer)),
  );
}

const createBody = z.object({
  head: z.string().min(1, 'Required'),
  base: z.string().min(1, 'Required'),
  title: z.string().min(1, 'Required'),
  body: z.string().optional(),
  assignee: z.string().optional(),
  assignees: z.array(z.string()).optional(),
  labels: z.array(z.number()).optional(),
  milestone: z.number().optional(),
  due_date: z.string().optional(),
});

/**
 * POST /repos/{owner}/{repo}/pulls (repoCreatePullRequest): any signed-in reader; `head` is
 * `branch`, `owner:branch` (a fork) or `owner/repo:branch`. Assignees, labels, milestones and
 * due dates belong to GitForge's issues subgraph and are ignored here.
 */
export async function createPull(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const body = parseBody(createBody, await readJson(call.req));
  const { pulls, json, events } = call.deps.pulls;
  const pull = await pulls.create(viewer, base, {
    head: body.head,
    base: body.base,
    title: body.title,
    body: body.body,
  });
  events.emit(base, pull, 'opened', viewer.user);
  sendJson(call.res, 201, json.pull(base, pull, viewer));
}

const DIFF_PATH = /\/pulls\/([^/]+)\.(diff|patch)$/;

/**
 * GET /repos/{owner}/{repo}/pulls/{index} (repoGetPullRequest). `{index}` also matches `3.diff`,
 * which is repoDownloadPullDiffOrPatch's: the template order cannot tell them apart.
 */
export async function getPull(call: ApiCall): Promise<void> {
  if (DIFF_PATH.test(call.url.pathname)) return pullDiff(call);
  const base = readableRepo(call);
  const pull = await pullOf(call, base);
  sendJson(call.res, 200, call.deps.pulls.json.pull(base, pull, call.viewer));
}

/** GET /repos/{owner}/{repo}/pulls/{index}.{diff|patch} (repoDownloadPullDiffOrPatch) */
export async function pullDiff(call: ApiCall): Promise<void> {
  const [, index = '', type = ''] = DIFF_PATH.exec(call.url.pathname) ?? [];
  const base = readableRepo(call);
  if (type !== 'diff' && type !== 'patch') throw notFound();
  const pull = await call.deps.pulls.pulls.get(base, decodeURIComponent(index));
  const gitDir = call.deps.repos.git(base.repo).gitDir;
  const from = pull.mergeBase || pull.baseSha;
  const binary = call.url.searchParams.get('binary') === 'true' ? ['--binary'] : [];
  const args =
    type === 'diff'
      ? ['diff', '-M', '--no-color', ...binary, from, pull.headSha, '--']
      : ['format-patch', '--no-signature', '--stdout', ...binary, `${from}..${pull.headSha}`];
  await streamGitText(call.res, gitDir, args);
}

const editBody = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  state: z.string().optional(),
  base: z.string().optional(),
  allow_maintainer_edit: z.boolean().optional(),
  assignee: z.string().optional(),
  assignees: z.array(z.string()).optional(),
  labels: z.array(z.number()).optional(),
  milestone: z.number().optional(),
  due_date: z.string().optional(),
  unset_due_date: z.boolean().optional(),
});

/** PATCH /repos/{owner}/{repo}/pulls/{index} (repoEditPullRequest): the poster or WRITE. */
export async function editPull(call: ApiCall): Promise<void> {
  const { viewer, base } = signedInRepo(call);
  const pull = await pullOf(call, base);
  const body = parseBody(editBody, await readJson(call.req));
  const { pulls, json, events } = call.deps.pulls;
  const actions = await pulls.edit(viewer, base, pull, {
    title: body.title,
    body: body.body,
    state: body.state,
    base: body.base,
    allowMaintainerEdit: body.allow_maintainer_edit,
  });
  for (const action of new Set(actions)) events.emit(base, pull, action, viewer.user);
  sendJson(call.res, 201, json.pull(base, pull, viewer));
}
