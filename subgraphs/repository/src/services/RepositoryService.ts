import type { Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import {
  isGiteaError,
  type GiteaAccessClient,
  type GiteaClient,
  type GiteaRepository,
} from '../gitea';
import { canAdminister, canRead, sameLogin } from './access';
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
  /** A user (only the viewer) or an organization the viewer may create in; default the viewer. */
  owner?: string | null;
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
  /** The same caller's organization operations (repositories created in an organization). */
  access: GiteaAccessClient;
  /**
   * `GITEA_ADMIN_TOKEN`'s client, when configured: deletes a repository for an ADMIN
   * collaborator, which Gitea itself refuses (its reqOwner), after this service checked ADMIN.
   */
  admin?: GiteaClient;
  viewer: Viewer | null;
  cache: RepositoryCache;
  /** Called with the owner before a repository is created (quotas); throws to refuse. */
  beforeCreate?: (owner: string) => Promise<void>;
  webhook?: WebhookTarget;
  /** Where created and deleted repositories are announced (other replicas, the issues subgraph). */
  changes?: RepositoryChangePublisher;
  warn?: (message: string, err: unknown) => void;
}

const notFound = (fullName: string) =>
  new DomainError('NOT_FOUND', `Repository ${fullName} not found`);

/**
 * Repositories as the viewer sees them: Gitea answers as the viewer (their token, or
 * anonymously) and its `permissions` give the viewer's level (services/permission.ts).
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
      const generation = this.options.cache.generation;
      try {
        repo = await this.gitea.repository(owner, name);
      } catch (err) {
        if (isGiteaError(err, 'not_found')) return null;
        throw err;
      }
      this.options.cache.setRepository(this.caller, fullName, repo, generation);
    }
    const record = toRepository(repo);
    return canRead(record) ? record : null;
  }

  /** Forgets this request's answer for the repository (after a change of access). */
  forget(fullName: string): void {
    this.loaded.delete(fullName.toLowerCase());
  }

  /** Gitea's current answer, never a cached one (before acting on the viewer's level). */
  async fresh(owner: string, name: string): Promise<RepositoryRecord> {
    validateLogin('owner', owner);
    validateRepoName('name', name);
    this.options.cache.invalidate(`${owner}/${name}`);
    this.forget(`${owner}/${name}`);
    return this.get(owner, name);
  }

  async list(args: RepositoryListArgs): Promise<Page<RepositoryRecord>> {
    const search = validateSearch(args.search);
    let uid: number | undefined;
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
    }
    return connectionPage(
      args,
      (page) =>
        this.gitea.searchRepositories({
          ...page,
          q: search,
          uid,
          exclusive: uid === undefined ? undefined : true,
          sort: 'alpha',
          order: 'asc',
        }),
      toRepository,
      (repo) => canRead(toRepository(repo)),
    );
  }

  async create(input: CreateRepositoryInput): Promise<RepositoryRecord> {
    const gitea = this.requireSignedIn();
    const viewer = this.viewer!;
    const name = validateNewRepoName('name', input.name);
    const description = validateDescription(input.description);
    const owner =
      input.owner === null || input.owner === undefined || sameLogin(input.owner, viewer.login)
        ? undefined
        : validateLogin('owner', input.owner);
    await this.options.beforeCreate?.(owner ?? viewer.login);
    const fields = { name, description, private: input.private ?? false };
    let created: GiteaRepository;
    try {
      created = owner
        ? await this.options.access.createOrgRepository(owner, fields)
        : await gitea.createRepository(fields);
    } catch (err) {
      throw await this.creationError(err, owner ?? viewer.login, name);
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

  /** Gitea's refusal in GitForge's words: taken, not an organization, not allowed. */
  private async creationError(err: unknown, owner: string, name: string): Promise<unknown> {
    if (isGiteaError(err, 'conflict')) {
      return new DomainError('CONFLICT', `Repository ${owner}/${name} already exists`);
    }
    if (isGiteaError(err, 'forbidden')) {
      return new DomainError('FORBIDDEN', `You may not create repositories in ${owner}`);
    }
    if (isGiteaError(err, 'not_found')) {
      // Gitea answers 404 for a user too: creating in another user's name is not allowed.
      const user = await this.gitea.user(owner).catch(() => null);
      return user
        ? new DomainError('FORBIDDEN', `Repositories are created for yourself or an organization`)
        : new DomainError('NOT_FOUND', `Organization ${owner} not found`);
    }
    return err;
  }

  /**
   * ADMIN only. Gitea 1.21 lets only owners (user, organization owners, admin teams) and site
   * admins delete (reqOwner); with GITEA_ADMIN_TOKEN configured, an ADMIN collaborator's
   * deletion is made with that token after checking ADMIN here on Gitea's fresh answer.
   * Without it Gitea decides, and refuses an ADMIN collaborator (FORBIDDEN).
   */
  async delete(input: { owner: string; name: string }): Promise<RepositoryRecord> {
    const gitea = this.requireSignedIn();
    const repo = await this.fresh(input.owner, input.name);
    if (!canAdminister(repo)) {
      throw new DomainError('FORBIDDEN', 'Only an ADMIN of the repository may delete it');
    }
    try {
      await (this.options.admin ?? gitea).deleteRepository(repo.owner, repo.name);
    } catch (err) {
      if (isGiteaError(err, 'not_found')) throw notFound(repo.fullName);
      if (isGiteaError(err, 'forbidden')) {
        throw new DomainError(
          'FORBIDDEN',
          'Gitea lets only the owner, organization owners and site admins delete a repository',
        );
      }
      throw err;
    }
    this.options.cache.invalidate(repo.fullName);
    this.forget(repo.fullName);
    await this.options.changes?.publish({
      action: 'deleted',
      repository: repo.fullName,
      at: new Date().toISOString(),
    });
    return repo;
  }

  requireSignedIn(): GiteaClient {
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
