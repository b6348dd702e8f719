import type { Viewer } from '@gitforge/auth';
import { DomainError, invalidField } from '@gitforge/errors';
import { isGiteaError, type GiteaAccessClient, type GiteaUser } from '../gitea';
import type { AccessChanges } from './AccessChanges';
import { canAdminister } from './access';
import { connectionPage, listPage } from './paging';
import { grantableLevel, levelOfMode, type RepositoryLevel } from './permission';
import type { Page, RepositoryRecord, UserRecord } from './records';
import type { RepositoryService } from './RepositoryService';
import { toUser } from './toRecords';
import { validateFullName, validateLogin } from './validation';

/** Gitea calls for collaborator levels one request makes at once (one per edge otherwise). */
const LEVEL_CALLS_AT_ONCE = 4;

export interface CollaboratorNode {
  repository: RepositoryRecord;
  user: UserRecord;
}

export interface CollaboratorServiceOptions {
  viewer: Viewer | null;
  /** The viewer's organization, team and collaborator operations. */
  access: GiteaAccessClient;
  /** GITEA_ADMIN_TOKEN's: tells a collaborator's level to viewers below ADMIN. */
  adminAccess?: GiteaAccessClient;
  repositories: RepositoryService;
  changes: AccessChanges;
}

/**
 * A repository's collaborators, the users its issues may be assigned to (Gitea's assignees:
 * WRITE or above), and the ADMIN-only changes to its collaborators, each announced at once.
 */
export class CollaboratorService {
  private readonly assignees = new Map<string, Promise<GiteaUser[]>>();
  private readonly levels = new Map<string, Promise<RepositoryLevel>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: CollaboratorServiceOptions) {}

  /** Readers of the repository who are signed in (Gitea lists collaborators to them only). */
  async collaborators(
    repo: RepositoryRecord,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<CollaboratorNode>> {
    if (!this.options.viewer) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in to see collaborators');
    }
    return connectionPage(
      args,
      (page) => this.options.access.listCollaborators(repo.owner, repo.name, page),
      (user) => ({ repository: repo, user: toUser(user) }),
    );
  }

  /**
   * A collaborator's level. Gitea tells it to repository admins and site admins only: an ADMIN
   * viewer asks with their own token, others through GITEA_ADMIN_TOKEN; without that token a
   * viewer below ADMIN gets WRITE for an assignee (WRITE or ADMIN) and READ otherwise, never
   * more than the collaborator has.
   */
  levelOf(repo: RepositoryRecord, login: string): Promise<RepositoryLevel> {
    const key = `${repo.fullName}\n${login}`.toLowerCase();
    let pending = this.levels.get(key);
    if (!pending) {
      const asker = canAdminister(repo) ? this.options.access : this.options.adminAccess;
      pending = asker
        ? this.limited(() => asker.getCollaboratorPermission(repo.owner, repo.name, login)).then(
            (p) => levelOfMode(p.permission),
          )
        : this.assigneesOf(repo).then((users) =>
            users.some((u) => u.login.toLowerCase() === login.toLowerCase()) ? 'WRITE' : 'READ',
          );
      this.levels.set(key, pending);
    }
    return pending;
  }

  /**
   * Runs `call` when fewer than LEVEL_CALLS_AT_ONCE are running: a page of 100 collaborators
   * must not take every bulkhead slot (and be refused RATE_LIMITED past its queue).
   */
  private async limited<T>(call: () => Promise<T>): Promise<T> {
    if (this.running >= LEVEL_CALLS_AT_ONCE) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Gitea's assignees (one unpaged list), paged here. */
  async assignableUsers(
    repo: RepositoryRecord,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<UserRecord>> {
    return listPage(
      { ...args, first: args.first ?? 50 },
      (await this.assigneesOf(repo)).map(toUser),
    );
  }

  private assigneesOf(repo: RepositoryRecord): Promise<GiteaUser[]> {
    const key = repo.fullName.toLowerCase();
    let pending = this.assignees.get(key);
    if (!pending) {
      pending = this.options.access.listAssignees(repo.owner, repo.name);
      this.assignees.set(key, pending);
    }
    return pending;
  }

  /** Adds a collaborator or changes their level (ADMIN only). */
  async add(input: {
    repository: string;
    login: string;
    permission: RepositoryLevel;
  }): Promise<RepositoryRecord> {
    const level = grantableLevel('permission', input.permission);
    return this.change(input, (repo, login) =>
      this.options.access.addCollaborator(repo.owner, repo.name, login, level),
    );
  }

  /** Removes a collaborator (ADMIN only); removing a non-collaborator changes nothing. */
  async remove(input: { repository: string; login: string }): Promise<RepositoryRecord> {
    return this.change(input, (repo, login) =>
      this.options.access.removeCollaborator(repo.owner, repo.name, login),
    );
  }

  private async change(
    input: { repository: string; login: string },
    apply: (repo: RepositoryRecord, login: string) => Promise<void>,
  ): Promise<RepositoryRecord> {
    const { repositories, changes } = this.options;
    repositories.requireSignedIn();
    const { owner, name } = validateFullName('repository', input.repository);
    const login = validateLogin('login', input.login);
    const repo = await repositories.fresh(owner, name);
    if (!canAdminister(repo)) {
      throw new DomainError('FORBIDDEN', 'Only an ADMIN of the repository manages collaborators');
    }
    try {
      await apply(repo, login);
    } catch (err) {
      // Gitea: 422 for an unknown user, an organization or the owner.
      if (isGiteaError(err, 'invalid')) {
        throw invalidField('login', 'is not a user who can be a collaborator');
      }
      if (isGiteaError(err, 'not_found')) {
        throw new DomainError('NOT_FOUND', `Repository ${repo.fullName} not found`);
      }
      throw err;
    }
    await changes.changed([repo]);
    repositories.forget(repo.fullName);
    this.levels.clear();
    this.assignees.delete(repo.fullName.toLowerCase());
    // The viewer may have removed their own access.
    return (await repositories.find(repo.fullName)) ?? { ...repo, viewerPermission: 'NONE' };
  }
}
