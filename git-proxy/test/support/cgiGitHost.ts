import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { validateResponse } from '@gitforge/gitea-contract';

interface User {
  id: number;
  login: string;
  password: string;
  token: string;
}

interface Repo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
}

/**
 * A stand-in for Gitea where githost is not available: the two API routes the proxy calls
 * (answers checked against Gitea 1.21's swagger) and smart HTTP through the real
 * `git http-backend` CGI, with Gitea's auth semantics (401 + challenge when credentials would
 * help, 404 for a signed-in user without access).
 */
export interface CgiGitHost {
  url: string;
  /** GIT_PROJECT_ROOT: bare repositories at `<root>/<owner>/<name>.git`. */
  root: string;
  /** Every request line seen, e.g. `POST /demo/hello.git/git-upload-pack`. */
  requests: string[];
  /** Contract violations of our own answers (must stay empty). */
  contractErrors: string[];
  /** Git responses whose client went away before the end. */
  abortedResponses(): number;
  addUser(login: string, password: string, token: string): void;
  /** Registers a repository; its bare directory is `repoPath(owner, name)`. */
  addRepo(owner: string, name: string, options: { private: boolean }): string;
  close(): Promise<void>;
}

export async function startCgiGitHost(root: string): Promise<CgiGitHost> {
  const users: User[] = [];
  const repos: Repo[] = [];
  const requests: string[] = [];
  const contractErrors: string[] = [];
  let aborted = 0;

  const userFrom = (req: IncomingMessage): User | undefined | 'bad' => {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const [scheme = '', value = ''] = header.split(' ', 2);
    let secrets: string[];
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString();
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      const user = users.find(
        (u) =>
          (u.login === name && (u.password === password || u.token === password)) ||
          u.token === name,
      );
      return user ?? 'bad';
    } else if (/^(token|bearer)$/i.test(scheme)) {
      secrets = [value];
      return users.find((u) => secrets.includes(u.token)) ?? 'bad';
    }
    return 'bad';
  };

  const apiUser = (user: User) => ({
    id: user.id,
    login: user.login,
    full_name: user.login,
    email: `${user.login}@example.com`,
    is_admin: false,
  });

  const json = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\/v1/, '');
    const check = validateResponse('GET', path, status, body);
    contractErrors.push(...check.errors.map((e) => `${path} ${status}: ${e}`));
    const payload = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(payload);
  };

  const visible = (repo: Repo, user: User | undefined) =>
    !repo.private || user?.login === repo.owner;

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const who = userFrom(req);
    const challenge = () =>
      res.writeHead(401, { 'www-authenticate': 'Basic realm="."' }).end('Unauthorized\n');
    if (url.pathname === '/api/v1/version') return json(req, res, 200, { version: '1.21.1' });
    if (who === 'bad') return challenge();
    if (url.pathname === '/api/v1/user') {
      return who ? json(req, res, 200, apiUser(who)) : challenge();
    }
    const apiRepo = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (apiRepo) {
      const repo = repos.find((r) => r.owner === apiRepo[1] && r.name === apiRepo[2]);
      if (!repo || !visible(repo, who)) return json(req, res, 404, undefined);
      const owner = users.find((u) => u.login === repo.owner)!;
      const isOwner = who?.login === repo.owner;
      return json(req, res, 200, {
        id: repo.id,
        name: repo.name,
        full_name: `${repo.owner}/${repo.name}`,
        owner: apiUser(owner),
        private: repo.private,
        default_branch: 'main',
        permissions: { admin: isOwner, push: isOwner, pull: true },
      });
    }
    const git =
      /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/.exec(
        url.pathname,
      );
    if (!git) return res.writeHead(404).end('not found\n');
    const repo = repos.find((r) => r.owner === git[1] && r.name === git[2]);
    const write =
      git[3] === 'git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
    if (!repo || !visible(repo, who))
      return who ? res.writeHead(404).end('not found\n') : challenge();
    if (write && !who) return challenge();
    if (write && who?.login !== repo.owner) return res.writeHead(403).end('forbidden\n');
    res.on('close', () => {
      if (!res.writableFinished) aborted += 1;
    });
    runHttpBackend(req, res, root, `/${repo.owner}/${repo.name}.git/${git[3]}`, url, who?.login);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    root,
    requests,
    contractErrors,
    abortedResponses: () => aborted,
    addUser: (login, password, token) =>
      users.push({ id: users.length + 1, login, password, token }),
    addRepo: (owner, name, options) => {
      repos.push({ id: repos.length + 1, owner, name, private: options.private });
      const path = join(root, owner, `${name}.git`);
      mkdirSync(join(root, owner), { recursive: true });
      return path;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `git http-backend` as CGI, streaming both bodies. */
function runHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathInfo: string,
  url: URL,
  remoteUser: string | undefined,
): void {
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
      PATH_INFO: pathInfo,
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: remoteUser ?? '',
      REMOTE_ADDR: '127.0.0.1',
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  pipeline(req, child.stdin, () => undefined);
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    child.stdout.off('data', onData);
    child.stdout.pause();
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString().split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    res.write(head.subarray(end + 4));
    pipeline(child.stdout, res, () => child.kill());
  };
  child.stdout.on('data', onData);
  res.on('close', () => child.kill());
}
