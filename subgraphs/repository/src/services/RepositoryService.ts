import type { Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import { isGiteaError, type GiteaClient, type GiteaRepository } from '../gitea';
import { canRead, isOwner } from './access';
import { connectionPage } from './paging';
import type { Page, RepositoryRecord } from './records';
import type { RepositoryChangePublisher } from '../webhooks/repositoryChanges';
import type { RepositoryCache } from './RepositoryCache';
import { toRepository } from './toRecords';
import {
  validateDescription,
  validateLogin,
  validateNewRepoName,
  validateRepoName,
  validateSearch,
} from './validation';

export interface RepositoryListArgs {
  owner?: string | null;
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface CreateRepositoryInput {
  name: string;
  description?: string | null;
  private?: boolean | null;
}

/** Where new repositories send their push events (this subgraph's webhook, via the gateway). */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface RepositoryServiceOptions {
  gitea: GiteaClient;
  viewer: Viewer | null;
  cache: RepositoryCache;
  webhook?: WebhookTarget;
  /** Where created and deleted repositories are announced (other replicas, the issues subgraph). */
  changes?: RepositoryChangePublisher;
  warn?: (message: string, err: unknown) => void;
}

const notFound = (fullName: string) =>
  new DomainError('NOT_FOUND', `Repository ${fullName} not found`);

/**
 * Repositories as the viewer sees them: Gitea answers as the viewer (their token, or
 * anonymously), then GitForge's owner-only rule for private repositories applies on top.
 */
export class RepositoryService {
  private readonly gitea: GiteaClient;
  private readonly viewer: Viewer | null;
  private readonly loaded = new Map<string, Promise<RepositoryRecord | null>>();

  constructor(private readonly options: RepositoryServiceOptions) {
    this.gitea = options.gitea;
    this.viewer = options.viewer;
  }

  /** The cache partition of this caller: Gitea's answer depends on who asks. */
  private get caller(): string {
    return this.gitea.authenticated && this.viewer ? this.viewer.login.toLowerCase() : '';
  }

  /** NOT_FOUND when it does not exist or the viewer may not see it. */
  async get(owner: string, name: string): Promise<RepositoryRecord> {
    validateLogin('owner', owner);
    validateRepoName('name', name);
    const repo = await this.find(`${owner}/${name}`);
    if (!repo) throw notFound(`${owner}/${name}`);
    return repo;
  }

  /** By federation key; null when missing or not visible, upstream failures thrown. */
  async find(fullName: string): Promise<RepositoryRecord | null> {
    const key = fullName.toLowerCase();
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.load(fullName);
      this.loaded.set(key, pending);
    }
    return pending;
  }

  private async load(fullName: string): Promise<RepositoryRecord | null> {
    const [owner, name, ...rest] = fullName.split('/');
    if (!owner || !name || rest.length > 0) return null;
    let repo: GiteaRepository | undefined = this.options.cache.repository(this.caller, fullName);
    if (!repo) {
      try {
        repo = await this.gitea.repository(owner, name);
      } catch (err) {
        if (isGiteaError(err, 'not_found')) return null;
        throw err;
      }
      this.options.cache.setRepository(this.caller, fullName, repo);
    }
    const record = toRepository(repo);
    return canRead(this.viewer, record) ? record : null;
  }

  async list(args: RepositoryListArgs): Promise<Page<RepositoryRecord>> {
    const search = validateSearch(args.search);
    let uid: number | undefined;
    let includePrivate: boolean | undefined;
    if (args.owner !== null && args.owner !== undefined) {
      const owner = validateLogin('owner', args.owner);
      try {
        uid = (await this.gitea.user(owner)).id;
      } catch (err) {
        if (isGiteaError(err, 'not_found')) {
          throw new DomainError('NOT_FOUND', `User ${owner} not found`);
        }
        throw err;
      }
      // Someone else's private repositories are never listed, whatever Gitea would allow.
      includePrivate = isOwner(this.viewer, owner) ? undefined : false;
    }
    return connectionPage(
      args,
      (page) =>
        this.gitea.searchRepositories({
          ...page,
          q: search,
          uid,
          exclusive: uid === undefined ? undefined : true,
          includePrivate,
          sort: 'alpha',
          order: 'asc',
        }),
      toRepository,
      (repo) => canRead(this.viewer, toRepository(repo)),
    );
  }

  async create(input: CreateRepositoryInput): Promise<RepositoryRecord> {
    const gitea = this.requireSignedIn();
    const name = validateNewRepoName('name', input.name);
    const description = validateDescription(input.description);
    let created: GiteaRepository;
    try {
      created = await gitea.createRepository({
        name,
        description,
        private: input.private ?? false,
      });
    } catch (err) {
      if (isGiteaError(err, 'conflict')) {
        throw new DomainError(
          'CONFLICT',
          `Repository ${this.viewer!.login}/${name} already exists`,
        );
      }
      throw err;
    }
    const record = toRepository(created);
    this.options.cache.invalidate(record.fullName);
    await this.options.changes?.publish({
      action: 'created',
      repository: record.fullName,
      owner: record.owner,
      private: record.private,
      at: new Date().toISOString(),
    });
    await this.registerWebhook(gitea, record);
    return record;
  }

  async delete(input: { owner: string; name: string }): Promise<RepositoryRecord> {
    const gitea = this.requireSignedIn();
    const repo = await this.get(input.owner, input.name);
    if (!isOwner(this.viewer, repo.owner)) {
      throw new DomainError('FORBIDDEN', 'Only the owner may delete a repository');
    }
    try {
      await gitea.deleteRepository(repo.owner, repo.name);
    } catch (err) {
      if (isGiteaError(err, 'not_found')) throw notFound(repo.fullName);
      throw err;
    }
    this.options.cache.invalidate(repo.fullName);
    this.loaded.delete(repo.fullName.toLowerCase());
    await this.options.changes?.publish({
      action: 'deleted',
      repository: repo.fullName,
      at: new Date().toISOString(),
    });
    return repo;
  }

  private requireSignedIn(): GiteaClient {
    if (!this.viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    if (!this.gitea.authenticated) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'This session carries no Gitea token; sign in again with login',
      );
    }
    return this.gitea;
  }

  /** Best effort: without the hook the cache still expires by its TTL. */
  private async registerWebhook(gitea: GiteaClient, repo: RepositoryRecord): Promise<void> {
    const target = this.options.webhook;
    if (!target) return;
    try {
      await gitea.createHook(repo.owner, repo.name, {
        url: target.url,
        secret: target.secret,
        events: ['push', 'repository'],
      });
    } catch (err) {
      this.options.warn?.(`could not register the webhook of ${repo.fullName}`, err);
    }
  }
}
