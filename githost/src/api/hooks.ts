import { z } from 'zod';
import { requireScopes } from '../services/access';
import { notFound } from '../services/GithostError';
import { param, requireViewer, type ApiCall } from './ApiRoute';
import { readJson, readPaging, sendJson, sendNoContent, setPagingHeaders } from './apiHttp';
import { parseBody } from './parseBody';

function ownedRepo(call: ApiCall, level: 'read' | 'write') {
  const viewer = requireViewer(call);
  requireScopes(viewer, ['repository'], level);
  return call.deps.repos.findAtLeast(viewer, param(call, 'owner'), param(call, 'repo'), 'admin');
}

/** GET /repos/{owner}/{repo}/hooks (repoListHooks): repository admins (Gitea's reqAdmin). */
export async function listHooks(call: ApiCall): Promise<void> {
  const { repo } = ownedRepo(call, 'read');
  const hooks = call.deps.hooks.list(repo);
  const paging = readPaging(call.url);
  setPagingHeaders(call.res, call.url, call.deps.present.root, hooks.length, paging);
  const page = hooks.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  sendJson(
    call.res,
    200,
    page.map((h) => call.deps.present.hook(h)),
  );
}

const createHookBody = z.object({
  type: z.string().min(1, 'Required'),
  config: z.record(z.string(), z.string()),
  events: z.array(z.string()).optional(),
  active: z.boolean().optional(),
  branch_filter: z.string().optional(),
  authorization_header: z.string().optional(),
});

/** POST /repos/{owner}/{repo}/hooks (repoCreateHook) */
export async function createHook(call: ApiCall): Promise<void> {
  const { repo } = ownedRepo(call, 'write');
  const body = parseBody(createHookBody, await readJson(call.req));
  const hook = await call.deps.hooks.create(repo, {
    type: body.type,
    config: body.config,
    events: body.events,
    active: body.active,
    branchFilter: body.branch_filter,
    authorizationHeader: body.authorization_header,
  });
  sendJson(call.res, 201, call.deps.present.hook(hook));
}

/** DELETE /repos/{owner}/{repo}/hooks/{id} (repoDeleteHook) */
export async function deleteHook(call: ApiCall): Promise<void> {
  const { repo } = ownedRepo(call, 'write');
  const id = param(call, 'id');
  if (!/^\d{1,15}$/.test(id)) throw notFound(`hook does not exist [id: ${id}]`);
  await call.deps.hooks.delete(repo, Number(id));
  sendNoContent(call.res);
}
