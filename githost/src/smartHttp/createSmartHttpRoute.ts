import type { ServerResponse } from 'node:http';
import { relative } from 'node:path';
import type { Logger } from '@gitforge/logging';
import type { Route } from '@gitforge/server';
import type { Authenticator } from '../auth/authenticate';
import type { GithostMetrics } from '../githostMetrics';
import { readCredentials } from '../auth/readCredentials';
import type { RefUpdate } from '../git/types';
import { mayBeName } from '../services/names';
import { atLeast } from '../services/Permissions';
import type { RepoRef, RepositoryService } from '../services/RepositoryService';
import { hasScope } from '../services/scopes';
import type { UserService } from '../services/UserService';
import type { UserRecord } from '../store/records';
import { newPushLogPath, takePushLog } from './pushLog';
import { removePushPolicy, writePushPolicy } from './pushPolicy';
import { runHttpBackend } from './runHttpBackend';

export interface SmartHttpDeps {
  auth: Authenticator;
  users: UserService;
  repos: RepositoryService;
  reposDir: string;
  hooksDir: string;
  tmpDir: string;
  backend: string;
  logger: Logger;
  metrics: GithostMetrics;
  /** Awaited before the push response ends; webhooks are its business, in the background. */
  onPush: (ref: RepoRef, updates: RefUpdate[], pusher: UserRecord) => Promise<void>;
  /** Branch protection for the pre-receive hook (see pushPolicy.ts); none when absent. */
  pushPolicy?: (ref: RepoRef, pusher: UserRecord) => string;
}

const PATH = /^\/([^/]+)\/([^/]+)\/(info\/refs|git-upload-pack|git-receive-pack)$/;
const SERVICES = new Set(['git-upload-pack', 'git-receive-pack']);
// Gitea's check for the Git-Protocol header (routers/web/repo/githttp.go).
const GIT_PROTOCOL = /^[0-9a-zA-Z]+=[0-9a-zA-Z]+(:[0-9a-zA-Z]+=[0-9a-zA-Z]+)*$/;

function plain(res: ServerResponse, status: number, text: string, headers = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

const askForCredentials = (res: ServerResponse) =>
  plain(res, 401, 'Unauthorized', { 'www-authenticate': 'Basic realm="."' });

/**
 * Git smart HTTP at `/{owner}/{repo}.git/...`: one gate authenticates and authorizes (Gitea's
 * rules: anonymous reads of public repositories, 401 asking for Basic credentials otherwise,
 * 404 for a signed-in user without access), then `git http-backend` does the protocol.
 */
export function createSmartHttpRoute(deps: SmartHttpDeps): Route {
  return {
    name: '/{owner}/{repo}.git',
    methods: ['GET', 'POST'],
    match: (pathname) => PATH.test(pathname),
    handle: async (req, res, url) => {
      const [, rawOwner = '', rawRepo = '', action = ''] = PATH.exec(url.pathname) ?? [];
      const ownerName = decodeSafe(rawOwner);
      const repoName = decodeSafe(rawRepo)?.replace(/\.git$/, '');
      const infoRefs = action === 'info/refs';
      const service = infoRefs ? url.searchParams.get('service') : action;
      const label = service && SERVICES.has(service) ? service : 'other';
      res.once('close', () =>
        deps.metrics.gitRequests.inc({ service: label, status: String(res.statusCode) }),
      );
      if (!service || !SERVICES.has(service)) {
        return plain(res, 403, 'Only the smart HTTP protocol is supported');
      }
      if ((req.method === 'GET') !== infoRefs) return plain(res, 405, 'Method not allowed');
      if (!infoRefs && req.headers['content-type'] !== `application/x-${service}-request`) {
        return plain(res, 415, `Content-Type must be application/x-${service}-request`);
      }
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity' && encoding !== 'gzip') {
        return plain(res, 415, `Unsupported Content-Encoding: ${encoding}`);
      }
      const isPush = service === 'git-receive-pack';

      const auth = await deps.auth.authenticate(readCredentials(req, url));
      if (auth.kind === 'invalid' || auth.kind === 'admin') return askForCredentials(res);
      const viewer = auth.kind === 'user' ? auth.viewer : null;

      const owner = ownerName && mayBeName(ownerName) ? deps.users.byLogin(ownerName) : undefined;
      if (!owner) return plain(res, 404, 'Repository not found');
      const repo =
        repoName && mayBeName(repoName) ? deps.repos.findOwned(owner, repoName) : undefined;
      const publicPull =
        repo !== undefined && !isPush && atLeast(deps.repos.level(null, repo), 'read');
      if (!publicPull && !viewer) return askForCredentials(res);
      if (!repo) {
        return isPush
          ? plain(res, 403, 'Push to create is not enabled for users.')
          : plain(res, 404, 'Repository not found');
      }
      if (viewer) {
        if (viewer.scopes && !hasScope(viewer.scopes, 'repository', isPush ? 'write' : 'read')) {
          return plain(res, 403, 'Token does not have the required repository scope');
        }
        // Gitea's CanAccess check: read to fetch, write to push; 404 either way.
        if (!atLeast(deps.repos.level(viewer, repo), isPush ? 'write' : 'read')) {
          return plain(res, 404, 'Repository not found');
        }
      }

      const gitDir = deps.repos.gitDir(owner, repo.name);
      const pushLog = isPush ? newPushLogPath(deps.tmpDir) : undefined;
      const protocol = req.headers['git-protocol'];
      if (pushLog && viewer) {
        await writePushPolicy(pushLog, deps.pushPolicy?.({ repo, owner }, viewer.user) ?? '');
        res.once('close', () => void removePushPolicy(pushLog));
      }
      await runHttpBackend({
        req,
        res,
        backend: deps.backend,
        projectRoot: deps.reposDir,
        pathInfo: `/${relative(deps.reposDir, gitDir)}/${action}`,
        query: url.search.replace(/^\?/, ''),
        remoteUser: viewer?.user.login,
        gitProtocol:
          typeof protocol === 'string' && GIT_PROTOCOL.test(protocol) ? protocol : undefined,
        hooksDir: deps.hooksDir,
        pushLog,
        logger: deps.logger,
        onBytes: (bytes) => deps.metrics.gitBytesSent.inc({ service }, bytes),
        beforeEnd: async (code) => {
          if (!pushLog || !viewer) return;
          // post-receive only runs once refs moved: its updates are real even if the backend failed later.
          const updates = await takePushLog(pushLog);
          if (updates.length > 0) await deps.onPush({ repo, owner }, updates, viewer.user);
          else if (code !== 0) deps.logger.warn({ code }, 'receive-pack failed');
        },
      });
    },
  };
}

function decodeSafe(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
