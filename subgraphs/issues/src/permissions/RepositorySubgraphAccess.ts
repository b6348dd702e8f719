import type { Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { AccessLevel, RepositoryAccess } from '../services/repositoryAccess';
import type { KnownRepositories } from './KnownRepositories';
import type { PermissionFactsStore } from './PermissionFactsStore';
import {
  factsKey,
  type CheckedFacts,
  type RepositoryFacts,
  type RepositoryFactsStore,
} from './RepositoryFactsStore';
import { callRepositorySubgraph, Unanswered, unansweredOf } from './repositorySubgraphCall';
import { storedLevel } from './storedLevel';

/** What a check found: the repository's facts and the viewer's level, or nothing to see. */
type Seen = { visible: false } | { visible: true; facts: RepositoryFacts; level: AccessLevel };

export interface RepositorySubgraphAccessOptions {
  /** The repository subgraph's GraphQL endpoint (called directly, not through the gateway). */
  url: string;
  /** Secret of the session JWT: the viewer's identity is re-signed for the call. */
  jwtSecret: string;
  /** Where the facts of known repositories are kept (the issues database). */
  facts: RepositoryFactsStore;
  /** Where each user's level is kept (the issues database). */
  levels: PermissionFactsStore;
  /**
   * Facts held in memory that decide without asking (see `KnownRepositories`: only while the
   * bus delivers the changes that drop them). Unset: every request asks.
   */
  known?: KnownRepositories;
  /**
   * Deadline of one permission call (`PERMISSION_TIMEOUT_MS`, default 1 s). Well under what the
   * callers wait (the gateway, a person: about 3 s), so a hung git host fails over to the stored
   * facts quickly. Sent as `x-gitforge-timeout-ms`, so the repository subgraph ends its Gitea
   * calls within it and answers with the cause instead of being cut off.
   */
  timeoutMs?: number;
  /** After the subgraph failed to answer, how long the stored facts answer without asking. */
  retryAfterMs?: number;
  /**
   * A check answered other facts than this process had stored (visibility or owner changed
   * without a message reaching it, a re-created repository, a user's level lowered): access
   * may have changed.
   */
  onFactsChanged?: (repository: string) => void;
  logger?: Logger;
}

const QUERY = `query RepositoryAccess($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { giteaId private owner { login } viewerPermission }
}`;

type Permission = 'NONE' | 'READ' | 'WRITE' | 'ADMIN';
interface Answer {
  repository?: {
    giteaId: number;
    private: boolean;
    owner: { login: string };
    viewerPermission: Permission;
  } | null;
}

const LEVEL_OF: Record<Permission, AccessLevel> = {
  NONE: 'none',
  READ: 'read',
  WRITE: 'write',
  ADMIN: 'admin',
};

const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2, admin: 3 };

/**
 * Gitea's levels, answered by the repository subgraph (which asks Gitea as the viewer:
 * `viewerPermission`): a repository the viewer cannot see does not exist for them (NOT_FOUND,
 * level NONE). Answers are reused across requests only through `known` (facts and levels
 * dropped by the change messages; concurrent identical checks share one call): a visibility,
 * membership or collaborator change or a deletion counts from the next request on, in every
 * replica. When the subgraph or Gitea is slow or down, the facts and levels stored in the
 * database answer (never more than the user was last shown; see `storedLevel`); a repository
 * never seen fails with UPSTREAM_UNAVAILABLE rather than being guessed.
 */
export class RepositorySubgraphAccess implements RepositoryAccess {
  private readonly inFlight = new Map<string, Promise<Seen>>();
  /** Bumped by `invalidate`: an answer asked for before a change is not stored as a fact. */
  private readonly generations = new Map<string, number>();
  private unavailableUntil = 0;

  constructor(private readonly options: RepositorySubgraphAccessOptions) {}

  async canRead(viewer: Viewer | null, repository: string): Promise<boolean> {
    const decided = this.options.known?.decide(viewer, repository);
    if (decided) return decided.visible;
    return (await this.seen(viewer, repository)).visible;
  }

  async level(viewer: Viewer | null, repository: string): Promise<AccessLevel> {
    const decided = this.options.known?.decide(viewer, repository);
    if (decided && !decided.visible) return 'none';
    if (decided?.level) return decided.level;
    const seen = await this.seen(viewer, repository);
    return seen.visible ? seen.level : 'none';
  }

  /** The repository changed (visibility, owner, membership, deleted): drop every answer under way. */
  invalidate(repository: string): void {
    const key = factsKey(repository);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    for (const pending of [...this.inFlight.keys()]) {
      if (pending.startsWith(`${key}\u0000`)) this.inFlight.delete(pending);
    }
    this.options.facts.forgetCached(repository);
    this.options.levels.forgetCached(repository);
    this.options.known?.forget(repository);
  }

  private seen(viewer: Viewer | null, repository: string): Promise<Seen> {
    const key = `${factsKey(repository)}\u0000${viewer?.login.toLowerCase() ?? ''}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const answer = this.check(viewer, repository).finally(() => {
      if (this.inFlight.get(key) === answer) this.inFlight.delete(key);
    });
    this.inFlight.set(key, answer);
    return answer;
  }

  private async check(viewer: Viewer | null, repository: string): Promise<Seen> {
    if (Date.now() < this.unavailableUntil) return this.fromStoredFacts(viewer, repository);
    const generation = this.generations.get(factsKey(repository)) ?? 0;
    const ticket = this.options.known?.ticket(repository);
    const askedAt = new Date();
    let answered: { facts: CheckedFacts; level: AccessLevel } | null;
    try {
      answered = await this.ask(viewer, repository);
    } catch (err) {
      if (!(err instanceof Unanswered)) throw err;
      if (err.upstreamDown) {
        this.unavailableUntil = Date.now() + (this.options.retryAfterMs ?? 2000);
      }
      this.options.logger?.warn(
        { repository, reason: err.message },
        'repository subgraph did not answer; using the stored repository facts',
      );
      // Refused for another reason (say, a revoked Gitea token): the facts answer as for an
      // anonymous viewer, never with more than the session was last shown to be worth.
      return this.fromStoredFacts(err.upstreamDown ? viewer : null, repository);
    }
    const current = () => generation === (this.generations.get(factsKey(repository)) ?? 0);
    if (!answered) {
      // Not visible to them (a collaborator removed, a private repository): no stored level of
      // theirs may answer for them later.
      const lost = await this.recordLevel(viewer, repository, 'none', 'none', askedAt, current());
      if (viewer && ticket && current()) {
        this.options.known?.learnLevel(repository, viewer.login, 'none', ticket);
      }
      if (lost) this.options.onFactsChanged?.(repository);
      return { visible: false };
    }
    const { facts, level } = answered;
    // Before the caller reads or writes: a re-created repository (a new Gitea id) must not show
    // or number after the deleted one's issues, so a failure here fails the request. An answer
    // asked before a change this process was told of only replaces a deleted repository's facts.
    const outcome = await this.options.facts.recordChecked(repository, facts, askedAt, {
      replaceOnly: !current(),
    });
    if (outcome.kind === 'replaced') {
      await this.options.levels.forgetRepository(repository);
      this.options.logger?.info(
        {
          repository,
          giteaId: facts.giteaId,
          previousId: outcome.previousId,
          deleted: outcome.deleted,
        },
        'repository was re-created: deleted the issues of the deleted one',
      );
    }
    const baseline = facts.private ? 'none' : 'read';
    const lowered = await this.recordLevel(viewer, repository, level, baseline, askedAt, current());
    if (ticket && current() && outcome.kind !== 'stale') {
      this.options.known?.learn(repository, facts, ticket);
      if (viewer) this.options.known?.learnLevel(repository, viewer.login, level, ticket);
    }
    if (outcome.kind === 'recorded' || outcome.kind === 'replaced' || lowered) {
      this.options.onFactsChanged?.(repository);
    }
    return { visible: true, facts, level };
  }

  /** Stores a signed-in viewer's level; whether it is lower than the one stored before. */
  private async recordLevel(
    viewer: Viewer | null,
    repository: string,
    level: AccessLevel,
    baseline: AccessLevel,
    askedAt: Date,
    current: boolean,
  ): Promise<boolean> {
    // An answer asked before a change this process was told of may be of before the change.
    if (!viewer || !current) return false;
    try {
      const { previous, written } = await this.options.levels.record(
        repository,
        viewer.login,
        level,
        baseline,
        askedAt,
      );
      return written && previous !== undefined && RANK[previous] > RANK[level];
    } catch (err) {
      // The answer stands (it is Gitea's); only the fallback for an outage missed it.
      this.options.logger?.error({ err, repository }, 'could not store a user level');
      return false;
    }
  }

  /** The repository's facts and the viewer's level; null when it does not exist for them. */
  private async ask(
    viewer: Viewer | null,
    repository: string,
  ): Promise<{ facts: CheckedFacts; level: AccessLevel } | null> {
    const [owner, name] = repository.split('/');
    const body = await callRepositorySubgraph<Answer>(this.options, viewer, QUERY, {
      owner,
      name,
    });
    const found = body.data?.repository;
    if (found) {
      const facts = { private: found.private, owner: found.owner.login, giteaId: found.giteaId };
      const level = LEVEL_OF[found.viewerPermission] ?? 'none';
      // Seen but NONE (not what Gitea answers): readable only if public, as for anyone.
      if (level === 'none') return found.private ? null : { facts, level: 'read' };
      return { facts, level };
    }
    if (body.errors?.[0]?.extensions?.code === 'NOT_FOUND') return null;
    throw unansweredOf(body);
  }

  private async fromStoredFacts(viewer: Viewer | null, repository: string): Promise<Seen> {
    const facts = await this.options.facts.get(repository).catch(() => undefined);
    if (!facts) {
      throw new DomainError(
        'UPSTREAM_UNAVAILABLE',
        `Cannot check access to ${repository}: the repository service is unavailable`,
      );
    }
    const level = await storedLevel(this.options.levels, repository, facts, viewer);
    return level === 'none' ? { visible: false } : { visible: true, facts, level };
  }
}
