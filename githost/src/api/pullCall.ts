import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { spawnGit } from '../git/runGit';
import { requireScopes, type Viewer } from '../services/access';
import { PullStatusError } from '../services/PullErrors';
import type { RepoRef } from '../services/RepositoryService';
import type { PullRecord } from '../store/pullRecords';
import { param, requireViewer, type ApiCall, type ApiHandler } from './ApiRoute';
import { sendGiteaError } from './apiHttp';

/** Sends the statuses GithostError has no kind for (405, 412, some 409s) the way Gitea does. */
export const guarded =
  (handler: ApiHandler): ApiHandler =>
  async (call) => {
    try {
      await handler(call);
    } catch (err) {
      if (!(err instanceof PullStatusError)) throw err;
      sendGiteaError(call.res, err.status, err.message, call.deps.present.root);
    }
  };

/** The repository of `{owner}/{repo}` when the caller may read it (404 otherwise). */
export function readableRepo(call: ApiCall, level: 'read' | 'write' = 'read'): RepoRef {
  requireScopes(call.viewer, ['repository'], level);
  return call.deps.repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
}

/** A signed-in caller (Gitea's reqToken) and the readable repository. */
export function signedInRepo(
  call: ApiCall,
  level: 'read' | 'write' = 'write',
): { viewer: Viewer; base: RepoRef } {
  const viewer = requireViewer(call);
  return { viewer, base: readableRepo(call, level) };
}

export async function pullOf(call: ApiCall, base: RepoRef): Promise<PullRecord> {
  return call.deps.pulls.pulls.get(base, param(call, 'index'));
}

/** Streams `git <args>` as text/plain; a git failure before any output is a 500. */
export async function streamGitText(
  res: ServerResponse,
  gitDir: string,
  args: string[],
): Promise<void> {
  const child = spawnGit([`--git-dir=${gitDir}`, ...args]);
  child.stdin.end();
  res.once('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  await pipeline(child.stdout, res, { end: false }).catch(() => undefined);
  const code = await exited;
  if (code !== 0) res.destroy();
  else res.end();
}
