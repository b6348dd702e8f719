import { z } from 'zod';
import type { GiteaAuth, GiteaTransport } from './GiteaTransport';
import { isGiteaError } from './GiteaError';
import {
  accessTokenSchema,
  branchSchema,
  commitSchema,
  contentsSchema,
  hookSchema,
  repositorySchema,
  searchResultsSchema,
  treeSchema,
  userSchema,
  versionSchema,
  type GiteaAccessToken,
  type GiteaBranch,
  type GiteaCommit,
  type GiteaContents,
  type GiteaHook,
  type GiteaRepository,
  type GiteaTree,
  type GiteaUser,
} from './wire';
import {
  type PageRequest,
  type GiteaPage,
  type RepositorySearch,
  type CommitListRequest,
  type RawFileRead,
  type CreateHookRequest,
  seg,
  filePath,
  repoPath,
  totalCount,
  pageQuery,
} from './giteaRequests';

/**
 * The Gitea 1.21 `/api/v1` operations this subgraph uses, acting as one caller (`auth`): a
 * user's token, or nobody (Gitea then shows public data only). Every method is one operation
 * of the committed swagger spec, named by its operationId.
 */
export class GiteaClient {
  constructor(
    private readonly transport: GiteaTransport,
    private readonly auth?: GiteaAuth,
  ) {}

  /** The same client acting as someone else (or anonymously). */
  as(auth: GiteaAuth | undefined): GiteaClient {
    return new GiteaClient(this.transport, auth);
  }

  get authenticated(): boolean {
    return this.auth !== undefined;
  }

  async version(): Promise<string> {
    const res = await this.transport.json(
      { operation: 'getVersion', method: 'GET', path: '/version', auth: this.auth },
      versionSchema,
    );
    return res.body.version;
  }

  async currentUser(): Promise<GiteaUser> {
    const res = await this.transport.json(
      { operation: 'userGetCurrent', method: 'GET', path: '/user', auth: this.auth },
      userSchema,
    );
    return res.body;
  }

  async user(username: string): Promise<GiteaUser> {
    const res = await this.transport.json(
      { operation: 'userGet', method: 'GET', path: `/users/${seg(username)}`, auth: this.auth },
      userSchema,
    );
    return res.body;
  }

  async searchRepositories(search: RepositorySearch): Promise<GiteaPage<GiteaRepository>> {
    const res = await this.transport.json(
      {
        operation: 'repoSearch',
        method: 'GET',
        path: '/repos/search',
        auth: this.auth,
        query: {
          q: search.q,
          uid: search.uid,
          exclusive: search.exclusive,
          private: search.includePrivate,
          sort: search.sort,
          order: search.order,
          ...pageQuery(search),
        },
      },
      searchResultsSchema,
    );
    return { items: res.body.data, total: totalCount(res.headers) };
  }

  async userRepositories(username: string, page: PageRequest): Promise<GiteaPage<GiteaRepository>> {
    return this.transport.page(
      {
        operation: 'userListRepos',
        method: 'GET',
        path: `/users/${seg(username)}/repos`,
        auth: this.auth,
      },
      page,
      z.array(repositorySchema),
    );
  }

  async currentUserRepositories(page: PageRequest): Promise<GiteaPage<GiteaRepository>> {
    return this.transport.page(
      { operation: 'userCurrentListRepos', method: 'GET', path: '/user/repos', auth: this.auth },
      page,
      z.array(repositorySchema),
    );
  }

  async repository(owner: string, repo: string): Promise<GiteaRepository> {
    const res = await this.transport.json(
      { operation: 'repoGet', method: 'GET', path: repoPath(owner, repo), auth: this.auth },
      repositorySchema,
    );
    return res.body;
  }

  async createRepository(input: {
    name: string;
    description: string;
    private: boolean;
    autoInit?: boolean;
    defaultBranch?: string;
  }): Promise<GiteaRepository> {
    const res = await this.transport.json(
      {
        operation: 'createCurrentUserRepo',
        method: 'POST',
        path: '/user/repos',
        auth: this.auth,
        ok: [201],
        body: {
          name: input.name,
          description: input.description,
          private: input.private,
          auto_init: input.autoInit ?? false,
          ...(input.defaultBranch ? { default_branch: input.defaultBranch } : {}),
        },
      },
      repositorySchema,
    );
    return res.body;
  }

  async deleteRepository(owner: string, repo: string): Promise<void> {
    await this.transport.empty({
      operation: 'repoDelete',
      method: 'DELETE',
      path: repoPath(owner, repo),
      auth: this.auth,
      ok: [204],
    });
  }

  async branches(owner: string, repo: string, page: PageRequest): Promise<GiteaPage<GiteaBranch>> {
    return this.transport.page(
      {
        operation: 'repoListBranches',
        method: 'GET',
        path: `${repoPath(owner, repo)}/branches`,
        auth: this.auth,
      },
      page,
      z.array(branchSchema),
    );
  }

  /** Commits reachable from `sha`, newest first; an empty repository has none (Gitea: 409). */
  async commits(
    owner: string,
    repo: string,
    request: CommitListRequest,
  ): Promise<GiteaPage<GiteaCommit>> {
    try {
      const res = await this.transport.json(
        {
          operation: 'repoGetAllCommits',
          method: 'GET',
          path: `${repoPath(owner, repo)}/commits`,
          auth: this.auth,
          query: {
            sha: request.sha,
            path: request.path || undefined,
            stat: false,
            verification: false,
            files: false,
            ...pageQuery(request),
          },
        },
        z.array(commitSchema),
      );
      return { items: res.body, total: totalCount(res.headers) };
    } catch (err) {
      if (isGiteaError(err, 'conflict')) return { items: [], total: 0 };
      throw err;
    }
  }

  /** The entries of the root directory at `ref`. */
  async rootContents(
    owner: string,
    repo: string,
    ref: string | undefined,
  ): Promise<GiteaContents[]> {
    const res = await this.transport.json(
      {
        operation: 'repoGetContentsList',
        method: 'GET',
        path: `${repoPath(owner, repo)}/contents`,
        auth: this.auth,
        query: { ref },
      },
      z.array(contentsSchema),
    );
    return res.body;
  }

  /**
   * A file's (symlink's, submodule's) metadata and base64 content at `ref`. Directories are
   * read through `tree`: Gitea answers them here with an array, which its spec does not allow.
   */
  async fileContents(
    owner: string,
    repo: string,
    path: string,
    ref: string | undefined,
  ): Promise<GiteaContents> {
    const res = await this.transport.json(
      {
        operation: 'repoGetContents',
        method: 'GET',
        path: `${repoPath(owner, repo)}/contents/${filePath(path)}`,
        auth: this.auth,
        query: { ref },
      },
      contentsSchema,
    );
    return res.body;
  }

  /** One page of a tree object's entries (Gitea pages trees by up to 1000 entries). */
  async tree(
    owner: string,
    repo: string,
    sha: string,
    page: { page: number; perPage: number },
  ): Promise<GiteaTree> {
    const res = await this.transport.json(
      {
        operation: 'GetTree',
        method: 'GET',
        path: `${repoPath(owner, repo)}/git/trees/${seg(sha)}`,
        auth: this.auth,
        query: { page: page.page, per_page: page.perPage },
      },
      treeSchema,
    );
    return res.body;
  }

  /**
   * A file's raw bytes at `ref`, streamed into `read` (which decides how much to consume) under
   * the call's deadline; `contentLength` is Gitea's `Content-Length` when it sent one.
   */
  async rawFile<T>(
    owner: string,
    repo: string,
    path: string,
    ref: string | undefined,
    read: RawFileRead<T>,
  ): Promise<T> {
    const res = await this.transport.stream(
      {
        operation: 'repoGetRawFile',
        method: 'GET',
        path: `${repoPath(owner, repo)}/raw/${filePath(path)}`,
        auth: this.auth,
        query: { ref },
      },
      (body, headers) => {
        const length = Number(headers['content-length']);
        const encoded = headers['content-encoding'];
        const known = Number.isInteger(length) && length >= 0 && !encoded ? length : undefined;
        return read(body as AsyncIterable<Buffer> & { destroy(): void }, known);
      },
    );
    return res.body;
  }

  /** Exchanges a username and password for a new access token (Gitea accepts only Basic auth here). */
  async createAccessToken(
    username: string,
    password: string,
    token: { name: string; scopes: string[] },
  ): Promise<GiteaAccessToken> {
    const res = await this.transport.json(
      {
        operation: 'userCreateToken',
        method: 'POST',
        path: `/users/${seg(username)}/tokens`,
        auth: { kind: 'basic', username, password },
        ok: [201],
        body: { name: token.name, scopes: token.scopes },
      },
      accessTokenSchema,
    );
    return res.body;
  }

  async hooks(owner: string, repo: string, page: PageRequest): Promise<GiteaPage<GiteaHook>> {
    return this.transport.page(
      {
        operation: 'repoListHooks',
        method: 'GET',
        path: `${repoPath(owner, repo)}/hooks`,
        auth: this.auth,
      },
      page,
      z.array(hookSchema),
    );
  }

  /** A `gitea`-type webhook posting JSON to `url`, signed with `secret` (X-Gitea-Signature). */
  async createHook(owner: string, repo: string, hook: CreateHookRequest): Promise<GiteaHook> {
    const res = await this.transport.json(
      {
        operation: 'repoCreateHook',
        method: 'POST',
        path: `${repoPath(owner, repo)}/hooks`,
        auth: this.auth,
        ok: [201],
        body: {
          type: 'gitea',
          active: true,
          events: hook.events,
          config: { url: hook.url, content_type: 'json', secret: hook.secret },
        },
      },
      hookSchema,
    );
    return res.body;
  }

  async deleteHook(owner: string, repo: string, id: number): Promise<void> {
    await this.transport.empty({
      operation: 'repoDeleteHook',
      method: 'DELETE',
      path: `${repoPath(owner, repo)}/hooks/${id}`,
      auth: this.auth,
      ok: [204],
    });
  }
}
