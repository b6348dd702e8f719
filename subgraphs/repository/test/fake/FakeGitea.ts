import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { findOperation, validateRequest, validateResponse } from '@gitforge/gitea-contract';
import {
  applyChanges,
  blobSha,
  buildTrees,
  touches,
  type FakeCommit,
  type FakeFile,
  type FakeTreeEntry,
  type FileSpec,
} from './fakeGitModel';

/*
 * A small Gitea 1.21 stand-in for unit tests, used where the real githost is too slow or cannot
 * misbehave on demand (timeouts, 5xx). It serves only operations of the committed spec (found
 * with findOperation) and runs every request and response through validateRequest /
 * validateResponse; `contractErrors` collects any mismatch, and tests assert it stays empty,
 * so the fake cannot drift from the contract.
 */

type Json = Record<string, unknown>;

export interface FakeUser {
  id: number;
  login: string;
  password: string;
  fullName: string;
  email: string;
  isAdmin: boolean;
  tokens: Map<string, { id: number; name: string; scopes: string[] }>;
  createdAt: string;
}

export interface FakeHook {
  id: number;
  url: string;
  secret: string;
  events: string[];
  createdAt: string;
}

export interface FakeRepo {
  id: number;
  owner: FakeUser;
  name: string;
  description: string;
  private: boolean;
  defaultBranch: string;
  branches: Map<string, string>;
  commits: Map<string, FakeCommit>;
  trees: Map<string, FakeTreeEntry[]>;
  hooks: FakeHook[];
  createdAt: string;
  updatedAt: string;
}

/** Statuses real Gitea sends that the spec does not declare for every operation. */
const UNDECLARED_OK = new Set([401, 403, 413, 429, 500, 502, 503]);

/** `error413`/`error429`: what a reverse proxy or Gitea's rate limiter in front answers. */
export type FakeMode = 'ok' | 'error500' | 'error413' | 'error429' | 'hang';

export class FakeGitea {
  readonly users = new Map<string, FakeUser>();
  readonly repos = new Map<string, FakeRepo>();
  readonly contractErrors: string[] = [];
  /** API requests received, by operationId. */
  readonly calls: string[] = [];
  mode: FakeMode = 'ok';
  /** While set, every API request waits for it before being answered (concurrency tests). */
  gate: Promise<void> | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private port = 0;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.contractErrors.push(`fake crashed: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts open connections: Gitea is down. `start()` brings it back on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  addUser(login: string, password: string, options: { fullName?: string; admin?: boolean } = {}) {
    const user: FakeUser = {
      id: this.nextId++,
      login,
      password,
      fullName: options.fullName ?? '',
      email: `${login.toLowerCase()}@example.com`,
      isAdmin: options.admin ?? false,
      tokens: new Map(),
      createdAt: this.now(),
    };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  issueToken(login: string, name = `t${this.nextId}`): string {
    const token = randomBytes(20).toString('hex');
    this.users.get(login.toLowerCase())!.tokens.set(token, {
      id: this.nextId++,
      name,
      scopes: ['all'],
    });
    return token;
  }

  addRepo(owner: string, name: string, options: { private?: boolean; description?: string } = {}) {
    const at = this.now();
    const repo: FakeRepo = {
      id: this.nextId++,
      owner: this.users.get(owner.toLowerCase())!,
      name,
      description: options.description ?? '',
      private: options.private ?? false,
      defaultBranch: 'main',
      branches: new Map(),
      commits: new Map(),
      trees: new Map(),
      hooks: [],
      createdAt: at,
      updatedAt: at,
    };
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  repo(fullName: string): FakeRepo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`no fake repo ${fullName}`);
    return repo;
  }

  /** Commits on `branch` (created from nothing when new) and returns the commit. */
  commit(
    fullName: string,
    changes: Record<string, FileSpec | null>,
    options: { message?: string; branch?: string } = {},
  ): FakeCommit {
    const repo = this.repo(fullName);
    const branch = options.branch ?? repo.defaultBranch;
    const parentSha = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch);
    const parent = parentSha ? repo.commits.get(parentSha) : undefined;
    const files = applyChanges(parent?.files ?? new Map<string, FakeFile>(), changes);
    const { trees, dirs } = buildTrees(files);
    for (const [sha, entries] of trees) repo.trees.set(sha, entries);
    const date = this.now();
    const message = options.message ?? `Change ${Object.keys(changes).join(', ')}\n`;
    const commit: FakeCommit = {
      sha: blobSha(Buffer.from(`${parentSha ?? ''}${message}${date}${randomUUID()}`)),
      message,
      author: { name: repo.owner.fullName || repo.owner.login, email: repo.owner.email, date },
      parents: parentSha ? [parentSha] : [],
      files,
      treeSha: dirs.get('')!,
      dirs,
    };
    repo.commits.set(commit.sha, commit);
    repo.branches.set(branch, commit.sha);
    repo.updatedAt = date;
    return commit;
  }

  /** Posts a signed push event to the repository's hooks, as Gitea does after a push. */
  async deliverPush(fullName: string, before: string, after: FakeCommit): Promise<number[]> {
    const repo = this.repo(fullName);
    const payload = JSON.stringify({
      ref: `refs/heads/${repo.defaultBranch}`,
      before,
      after: after.sha,
      compare_url: '',
      commits: [{ id: after.sha, message: after.message }],
      total_commits: 1,
      head_commit: { id: after.sha, message: after.message },
      repository: this.repoJson(repo, repo.owner),
      pusher: this.userJson(repo.owner),
      sender: this.userJson(repo.owner),
    });
    const statuses: number[] = [];
    for (const hook of repo.hooks.filter((h) => h.events.includes('push'))) {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-gitea-event': 'push',
          'x-gitea-delivery': randomUUID(),
          'x-gitea-signature': createHmac('sha256', hook.secret).update(payload).digest('hex'),
        },
        body: payload,
      });
      statuses.push(res.status);
    }
    return statuses;
  }

  // ---- HTTP -------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const below = url.pathname.replace(/^\/api\/v1/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let body: unknown;
    if (raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    const matched = url.pathname.startsWith('/api/v1/') ? findOperation(method, below) : undefined;
    if (!matched) {
      this.contractErrors.push(`${method} ${url.pathname} is not a spec operation`);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    this.calls.push(matched.operation.operationId);
    const check = validateRequest({ method, path: below, query: url.searchParams, body });
    for (const error of check.errors)
      this.contractErrors.push(`request ${check.operationId}: ${error}`);
    if (this.mode === 'hang') return; // never answers; the client's deadline must fire
    if (this.gate) await this.gate;
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      const result = validateResponse(method, below, status, json);
      const tolerated = status >= 300 && UNDECLARED_OK.has(status);
      if (!tolerated) {
        for (const error of result.errors) {
          this.contractErrors.push(`response ${result.operationId} ${status}: ${error}`);
        }
      }
      const payload = json === undefined ? '' : JSON.stringify(json);
      res.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json;charset=utf-8' }),
        'content-length': String(Buffer.byteLength(payload)),
        ...headers,
      });
      res.end(payload);
    };
    if (this.mode === 'error500') return send(500, { message: 'boom', url: this.url });
    if (this.mode === 'error413') return send(413, { message: 'request too large', url: this.url });
    if (this.mode === 'error429') return send(429, { message: 'rate limited', url: this.url });
    const viewer = this.authenticate(req);
    if (viewer === 'invalid') return send(401, { message: 'invalid token', url: this.url });
    await this.route(matched.operation.operationId, matched.pathParams, url.searchParams, body, {
      req,
      res,
      viewer,
      send,
    });
  }

  private authenticate(req: IncomingMessage): FakeUser | null | 'invalid' {
    const header = req.headers.authorization;
    if (!header) return null;
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
    if (token) {
      for (const user of this.users.values()) if (user.tokens.has(token)) return user;
      return 'invalid';
    }
    const basic = /^basic\s+(\S+)$/i.exec(header)?.[1];
    if (basic) {
      const [login, ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      const user = this.users.get((login ?? '').toLowerCase());
      return user && user.password === rest.join(':') ? user : 'invalid';
    }
    return 'invalid';
  }

  private visible(repo: FakeRepo, viewer: FakeUser | null): boolean {
    return !repo.private || viewer?.id === repo.owner.id || viewer?.isAdmin === true;
  }

  private page(query: URLSearchParams, fallback = 30): { page: number; limit: number } {
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const limit = Math.min(50, Math.max(1, Number(query.get('limit') ?? fallback) || fallback));
    return { page, limit };
  }

  private async route(
    operation: string,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
    ctx: {
      req: IncomingMessage;
      res: ServerResponse;
      viewer: FakeUser | null;
      send: (status: number, json?: unknown, headers?: Record<string, string>) => void;
    },
  ): Promise<void> {
    const { viewer, send } = ctx;
    const notFound = () => send(404, { message: "The target couldn't be found.", url: this.url });
    const repo = params.repo
      ? this.repos.get(`${params.owner}/${params.repo}`.toLowerCase())
      : undefined;
    if (params.repo && (!repo || !this.visible(repo, viewer))) return notFound();
    const paged = <T>(items: T[], limit = 30) => {
      const { page, limit: size } = this.page(query, limit);
      return {
        items: items.slice((page - 1) * size, page * size),
        headers: { 'x-total-count': String(items.length) },
      };
    };
    switch (operation) {
      case 'getVersion':
        return send(200, { version: '1.21.1' });
      case 'userGetCurrent':
        return viewer
          ? send(200, this.userJson(viewer))
          : send(401, { message: 'token is required' });
      case 'userGet': {
        const user = this.users.get(params.username!.toLowerCase());
        return user ? send(200, this.userJson(user)) : notFound();
      }
      case 'userCreateToken': {
        const header = ctx.req.headers.authorization ?? '';
        if (!viewer || !/^basic /i.test(header)) {
          return send(401, { message: 'auth required', url: this.url });
        }
        if (viewer.login.toLowerCase() !== params.username!.toLowerCase()) {
          return send(403, { message: 'forbidden', url: this.url });
        }
        const input = body as { name: string; scopes?: string[] };
        if ([...viewer.tokens.values()].some((t) => t.name === input.name)) {
          return send(400, { message: 'access token name has been used already', url: this.url });
        }
        const token = randomBytes(20).toString('hex');
        const id = this.nextId++;
        viewer.tokens.set(token, { id, name: input.name, scopes: input.scopes ?? [] });
        return send(201, {
          id,
          name: input.name,
          sha1: token,
          token_last_eight: token.slice(-8),
          scopes: input.scopes ?? [],
        });
      }
      case 'repoSearch': {
        const q = (query.get('q') ?? '').toLowerCase();
        const uid = Number(query.get('uid') ?? 0);
        const includePrivate = query.get('private') !== 'false';
        const found = [...this.repos.values()]
          .filter((r) => this.visible(r, viewer) && (includePrivate || !r.private))
          .filter((r) => !uid || r.owner.id === uid)
          .filter((r) => r.name.toLowerCase().includes(q))
          .sort((a, b) => `${a.owner.login}/${a.name}`.localeCompare(`${b.owner.login}/${b.name}`));
        const { items, headers } = paged(found);
        return send(200, { ok: true, data: items.map((r) => this.repoJson(r, viewer)) }, headers);
      }
      case 'userListRepos':
      case 'userCurrentListRepos': {
        const owner =
          operation === 'userCurrentListRepos'
            ? viewer
            : this.users.get(params.username!.toLowerCase());
        if (!owner) return operation === 'userListRepos' ? notFound() : send(401, {});
        const list = [...this.repos.values()].filter(
          (r) => r.owner.id === owner.id && this.visible(r, viewer),
        );
        const { items, headers } = paged(list);
        return send(
          200,
          items.map((r) => this.repoJson(r, viewer)),
          headers,
        );
      }
      case 'createCurrentUserRepo': {
        if (!viewer) return send(401, { message: 'token is required', url: this.url });
        const input = body as { name: string; description?: string; private?: boolean };
        if (!/^[A-Za-z0-9._-]+$/.test(input.name)) {
          return send(422, { message: 'name is invalid', url: this.url });
        }
        if (this.repos.has(`${viewer.login}/${input.name}`.toLowerCase())) {
          return send(409, { message: 'The repository with the same name already exists.' });
        }
        const created = this.addRepo(viewer.login, input.name, input);
        return send(201, this.repoJson(created, viewer));
      }
      case 'repoGet':
        return send(200, this.repoJson(repo!, viewer));
      case 'repoDelete':
        if (viewer?.id !== repo!.owner.id && !viewer?.isAdmin) {
          return send(403, { message: 'forbidden', url: this.url });
        }
        this.repos.delete(`${params.owner}/${params.repo}`.toLowerCase());
        return send(204);
      case 'repoListBranches': {
        const list = [...repo!.branches.entries()].sort(([a], [b]) => a.localeCompare(b));
        const { items, headers } = paged(list);
        return send(
          200,
          items.map(([name, sha]) => this.branchJson(repo!, name, sha, viewer)),
          headers,
        );
      }
      case 'repoGetAllCommits': {
        if (repo!.commits.size === 0) {
          return send(409, { message: 'Git Repository is empty.', url: this.url });
        }
        const start = this.resolve(repo!, query.get('sha') ?? repo!.defaultBranch);
        if (!start) return notFound();
        const path = query.get('path') ?? '';
        const history: FakeCommit[] = [];
        for (let c: FakeCommit | undefined = start; c; c = repo!.commits.get(c.parents[0] ?? '')) {
          const parent = repo!.commits.get(c.parents[0] ?? '');
          if (!path || touches(path, parent?.files, c.files)) history.push(c);
        }
        const { items, headers } = paged(history);
        return send(
          200,
          items.map((c) => this.commitJson(repo!, c)),
          {
            ...headers,
            'x-total': String(history.length),
          },
        );
      }
      case 'repoGetContentsList':
      case 'repoGetContents': {
        const commit = this.resolve(repo!, query.get('ref') ?? repo!.defaultBranch);
        if (!commit) return notFound();
        const path = params.filepath ?? '';
        const file = commit.files.get(path);
        if (file) return send(200, this.contentsJson(repo!, commit, path, file, true));
        const dirSha = commit.dirs.get(path);
        if (dirSha === undefined) return notFound();
        const entries = repo!.trees.get(dirSha)!;
        return send(
          200,
          entries.map((e) => {
            const child = path === '' ? e.name : `${path}/${e.name}`;
            const childFile = commit.files.get(child);
            return childFile
              ? this.contentsJson(repo!, commit, child, childFile, false)
              : this.dirJson(repo!, commit, child, e.sha);
          }),
        );
      }
      case 'GetTree': {
        const entries = repo!.trees.get(params.sha!);
        if (!entries) return send(400, { message: 'sha not found', url: this.url });
        const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
        const perPage = Math.min(1000, Math.max(1, Number(query.get('per_page') ?? 1000) || 1000));
        const slice = entries.slice((page - 1) * perPage, page * perPage);
        return send(200, {
          sha: params.sha,
          url: `${this.url}/api/v1/repos/${repo!.owner.login}/${repo!.name}/git/trees/${params.sha}`,
          tree: slice.map((e) => ({
            path: e.name,
            mode: e.mode,
            type: e.type,
            size: e.size,
            sha: e.sha,
            url: `${this.url}/api/v1/repos/${repo!.owner.login}/${repo!.name}/git/blobs/${e.sha}`,
          })),
          truncated: page * perPage < entries.length,
          page,
          total_count: entries.length,
        });
      }
      case 'repoGetRawFile': {
        const commit = this.resolve(repo!, query.get('ref') ?? repo!.defaultBranch);
        const file = commit?.files.get(params.filepath!);
        if (!file || file.mode === '160000') return notFound();
        ctx.res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(file.data.length),
        });
        ctx.res.end(file.data);
        return;
      }
      case 'repoListHooks':
      case 'repoCreateHook':
      case 'repoDeleteHook': {
        if (viewer?.id !== repo!.owner.id) return notFound();
        if (operation === 'repoListHooks') {
          const { items, headers } = paged(repo!.hooks);
          return send(
            200,
            items.map((h) => this.hookJson(h)),
            headers,
          );
        }
        if (operation === 'repoDeleteHook') {
          const before = repo!.hooks.length;
          repo!.hooks = repo!.hooks.filter((h) => h.id !== Number(params.id));
          return repo!.hooks.length < before ? send(204) : notFound();
        }
        const input = body as { config: Record<string, string>; events?: string[] };
        const hook: FakeHook = {
          id: this.nextId++,
          url: input.config.url ?? '',
          secret: input.config.secret ?? '',
          events: input.events ?? ['push'],
          createdAt: this.now(),
        };
        repo!.hooks.push(hook);
        return send(201, this.hookJson(hook));
      }
      default:
        return send(404, { message: `fake has no ${operation}`, url: this.url });
    }
  }

  private resolve(repo: FakeRepo, ref: string): FakeCommit | undefined {
    return repo.commits.get(repo.branches.get(ref) ?? ref);
  }

  // ---- Gitea JSON -------------------------------------------------------------------------

  userJson(user: FakeUser): Json {
    return {
      id: user.id,
      login: user.login,
      login_name: '',
      full_name: user.fullName,
      email: user.email,
      avatar_url: `${this.url}/avatars/${user.id}`,
      language: '',
      is_admin: user.isAdmin,
      last_login: user.createdAt,
      created: user.createdAt,
      restricted: false,
      active: true,
      prohibit_login: false,
      location: '',
      website: '',
      description: '',
      visibility: 'public',
      followers_count: 0,
      following_count: 0,
      starred_repos_count: 0,
    };
  }

  repoJson(repo: FakeRepo, viewer: FakeUser | null): Json {
    const owns = viewer?.id === repo.owner.id;
    const html = `${this.url}/${repo.owner.login}/${repo.name}`;
    return {
      id: repo.id,
      owner: this.userJson(repo.owner),
      name: repo.name,
      full_name: `${repo.owner.login}/${repo.name}`,
      description: repo.description,
      empty: repo.commits.size === 0,
      private: repo.private,
      fork: false,
      template: false,
      mirror: false,
      size: 0,
      language: '',
      languages_url: `${this.url}/api/v1/repos/${repo.owner.login}/${repo.name}/languages`,
      html_url: html,
      url: `${this.url}/api/v1/repos/${repo.owner.login}/${repo.name}`,
      link: '',
      ssh_url: `git@fake:${repo.owner.login}/${repo.name}.git`,
      clone_url: `${html}.git`,
      original_url: '',
      website: '',
      stars_count: 0,
      forks_count: 0,
      watchers_count: 1,
      open_issues_count: 0,
      open_pr_counter: 0,
      release_counter: 0,
      default_branch: repo.defaultBranch,
      archived: false,
      created_at: repo.createdAt,
      updated_at: repo.updatedAt,
      archived_at: '1970-01-01T00:00:00Z',
      permissions: { admin: owns, push: owns, pull: true },
      has_issues: true,
      has_wiki: true,
      has_pull_requests: true,
      has_projects: true,
      has_releases: true,
      has_packages: true,
      has_actions: false,
      ignore_whitespace_conflicts: false,
      allow_merge_commits: true,
      allow_rebase: true,
      allow_rebase_explicit: true,
      allow_squash_merge: true,
      allow_rebase_update: true,
      default_delete_branch_after_merge: false,
      default_merge_style: 'merge',
      default_allow_maintainer_edit: false,
      avatar_url: '',
      internal: false,
      mirror_interval: '',
      mirror_updated: '0001-01-01T00:00:00Z',
    };
  }

  private commitJson(repo: FakeRepo, commit: FakeCommit): Json {
    const api = `${this.url}/api/v1/repos/${repo.owner.login}/${repo.name}`;
    return {
      url: `${api}/git/commits/${commit.sha}`,
      sha: commit.sha,
      created: commit.author.date,
      html_url: `${this.url}/${repo.owner.login}/${repo.name}/commit/${commit.sha}`,
      commit: {
        url: `${api}/git/commits/${commit.sha}`,
        author: commit.author,
        committer: commit.author,
        message: commit.message,
        tree: {
          url: `${api}/git/trees/${commit.treeSha}`,
          sha: commit.treeSha,
          created: commit.author.date,
        },
      },
      parents: commit.parents.map((sha) => ({
        url: `${api}/git/commits/${sha}`,
        sha,
        created: repo.commits.get(sha)!.author.date,
      })),
    };
  }

  private branchJson(repo: FakeRepo, name: string, sha: string, viewer: FakeUser | null): Json {
    const commit = repo.commits.get(sha)!;
    const owns = viewer?.id === repo.owner.id;
    const who = {
      name: commit.author.name,
      email: commit.author.email,
      username: repo.owner.login,
    };
    return {
      name,
      commit: {
        id: sha,
        message: commit.message,
        url: `${this.url}/${repo.owner.login}/${repo.name}/commit/${sha}`,
        author: who,
        committer: who,
        timestamp: commit.author.date,
      },
      protected: false,
      required_approvals: 0,
      enable_status_check: false,
      status_check_contexts: [],
      user_can_push: owns,
      user_can_merge: owns,
      effective_branch_protection_name: '',
    };
  }

  private links(repo: FakeRepo, commit: FakeCommit, path: string, sha: string, kind: string) {
    const api = `${this.url}/api/v1/repos/${repo.owner.login}/${repo.name}`;
    const self = `${api}/contents/${path}?ref=${commit.sha}`;
    const git = `${api}/git/${kind}/${sha}`;
    const html = `${this.url}/${repo.owner.login}/${repo.name}/src/commit/${commit.sha}/${path}`;
    return { url: self, git_url: git, html_url: html, _links: { self, git, html } };
  }

  private contentsJson(
    repo: FakeRepo,
    commit: FakeCommit,
    path: string,
    file: FakeFile,
    withContent: boolean,
  ): Json {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const type = file.mode === '120000' ? 'symlink' : file.mode === '160000' ? 'submodule' : 'file';
    const sha = type === 'submodule' ? file.data.toString() : blobSha(file.data);
    return {
      name,
      path,
      sha,
      last_commit_sha: commit.sha,
      type,
      size: type === 'submodule' ? 0 : file.data.length,
      ...(type === 'file' && withContent
        ? { encoding: 'base64', content: file.data.toString('base64') }
        : {}),
      ...(type === 'symlink' ? { target: file.data.toString() } : {}),
      ...(type === 'submodule' ? { submodule_git_url: 'https://example.com/sub.git' } : {}),
      ...this.links(repo, commit, path, sha, 'blobs'),
      ...(type === 'file'
        ? {
            download_url: `${this.url}/${repo.owner.login}/${repo.name}/raw/commit/${commit.sha}/${path}`,
          }
        : {}),
    };
  }

  private dirJson(repo: FakeRepo, commit: FakeCommit, path: string, sha: string): Json {
    return {
      name: path.slice(path.lastIndexOf('/') + 1),
      path,
      sha,
      last_commit_sha: commit.sha,
      type: 'dir',
      size: 0,
      ...this.links(repo, commit, path, sha, 'trees'),
    };
  }

  private hookJson(hook: FakeHook): Json {
    return {
      id: hook.id,
      type: 'gitea',
      branch_filter: '*',
      config: { url: hook.url, content_type: 'json' },
      events: hook.events,
      authorization_header: '',
      active: true,
      updated_at: hook.createdAt,
      created_at: hook.createdAt,
    };
  }
}
