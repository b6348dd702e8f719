import { signSessionToken, type Viewer } from '@gitforge/auth';
import { DomainError, TIMEOUT_HEADER } from '@gitforge/errors';
import { currentRequestId, REQUEST_ID_HEADER, type Logger } from '@gitforge/logging';
import type { RepositoryAccess } from '../services/repositoryAccess';
import type { KnownRepositories } from './KnownRepositories';
import {
  factsKey,
  type CheckedFacts,
  type RepositoryFacts,
  type RepositoryFactsStore,
} from './RepositoryFactsStore';

type Visibility = { visible: true; facts: RepositoryFacts } | { visible: false };

/** The subgraph did not answer in time or could not ask Gitea: use the stored facts. */
class Unanswered extends Error {
  constructor(
    message: string,
    /** The subgraph itself (or Gitea behind it) is down or hung, not just this one call. */
    readonly upstreamDown: boolean,
  ) {
    super(message);
  }
}

export interface RepositorySubgraphAccessOptions {
  /** The repository subgraph's GraphQL endpoint (called directly, not through the gateway). */
  url: string;
  /** Secret of the session JWT: the viewer's identity is re-signed for the call. */
  jwtSecret: string;
  /** Where the facts of known repositories are kept (the issues database). */
  facts: RepositoryFactsStore;
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
   * without a message reaching it, a re-created repository): access may have changed.
   */
  onFactsChanged?: (repository: string) => void;
  logger?: Logger;
}

const QUERY = `query RepositoryAccess($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { giteaId private owner { login } }
}`;

/**
 * The subgraph could not ask Gitea for this viewer: Gitea down or hung, the subgraph failing,
 * or its Gitea bulkhead full (RATE_LIMITED). The viewer's session is valid (this process
 * verified it), so the stored facts answer for them; other refusals answer as for anonymous.
 */
const UPSTREAM_CODES = new Set([
  'UPSTREAM_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  'INTERNAL',
  'RATE_LIMITED',
]);

/**
 * The permission rule of the seed, answered by the repository subgraph (which asks Gitea as
 * the viewer): a repository the viewer cannot see does not exist for them (NOT_FOUND); its owner
 * may write. Answers are reused across requests only through `known` (facts dropped by the
 * change messages; concurrent identical checks share one call): a visibility change or a
 * deletion counts from the next request on, in every replica.
 * When the subgraph or Gitea is slow or down, the facts stored in the database answer (public:
 * everyone reads; private: only the owner); a repository never seen fails with
 * UPSTREAM_UNAVAILABLE rather than being guessed.
 */
export class RepositorySubgraphAccess implements RepositoryAccess {
  private readonly inFlight = new Map<string, Promise<Visibility>>();
  /** Bumped by `invalidate`: an answer asked for before a change is not stored as a fact. */
  private readonly generations = new Map<string, number>();
  private unavailableUntil = 0;

  constructor(private readonly options: RepositorySubgraphAccessOptions) {}

  async canRead(viewer: Viewer | null, repository: string): Promise<boolean> {
    const decided = this.options.known?.decide(viewer, repository);
    if (decided) return decided.visible;
    return (await this.visibility(viewer, repository)).visible;
  }

  async isOwner(viewer: Viewer | null, repository: string): Promise<boolean> {
    if (!viewer) return false;
    const seen =
      this.options.known?.decide(viewer, repository) ?? (await this.visibility(viewer, repository));
    return seen.visible && seen.facts.owner.toLowerCase() === viewer.login.toLowerCase();
  }

  /** The repository changed (visibility, owner, deleted): drop every answer under way. */
  invalidate(repository: string): void {
    const key = factsKey(repository);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    for (const pending of [...this.inFlight.keys()]) {
      if (pending.startsWith(`${key}\u0000`)) this.inFlight.delete(pending);
    }
    this.options.facts.forgetCached(repository);
    this.options.known?.forget(repository);
  }

  private visibility(viewer: Viewer | null, repository: string): Promise<Visibility> {
    const key = `${factsKey(repository)}\u0000${viewer?.login.toLowerCase() ?? ''}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const answer = this.check(viewer, repository).finally(() => {
      if (this.inFlight.get(key) === answer) this.inFlight.delete(key);
    });
    this.inFlight.set(key, answer);
    return answer;
  }

  private async check(viewer: Viewer | null, repository: string): Promise<Visibility> {
    if (Date.now() < this.unavailableUntil) return this.fromStoredFacts(viewer, repository);
    const generation = this.generations.get(factsKey(repository)) ?? 0;
    const ticket = this.options.known?.ticket(repository);
    const askedAt = new Date();
    let facts: CheckedFacts | null;
    try {
      facts = await this.ask(viewer, repository);
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
    if (!facts) return { visible: false };
    // Before the caller reads or writes: a re-created repository (a new Gitea id) must not show
    // or number after the deleted one's issues, so a failure here fails the request. An answer
    // asked before a change this process was told of only replaces a deleted repository's facts.
    const current = generation === (this.generations.get(factsKey(repository)) ?? 0);
    const outcome = await this.options.facts.recordChecked(repository, facts, askedAt, {
      replaceOnly: !current,
    });
    if (ticket && current && outcome.kind !== 'stale') {
      this.options.known?.learn(repository, facts, ticket);
    }
    if (outcome.kind === 'recorded' || outcome.kind === 'replaced') {
      this.options.onFactsChanged?.(repository);
    }
    if (outcome.kind === 'replaced') {
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
    return { visible: true, facts };
  }

  /** The repository's facts as the viewer may see them; null when it does not exist for them. */
  private async ask(viewer: Viewer | null, repository: string): Promise<CheckedFacts | null> {
    const [owner, name] = repository.split('/');
    const timeoutMs = this.options.timeoutMs ?? 1000;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [TIMEOUT_HEADER]: String(timeoutMs),
    };
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    if (viewer) {
      const token = await signSessionToken(this.options.jwtSecret, viewer.login, {
        expiresIn: '60s',
        upstreamToken: viewer.upstreamToken,
      });
      headers.authorization = `Bearer ${token}`;
    }
    let body: {
      data?: {
        repository?: { giteaId: number; private: boolean; owner: { login: string } } | null;
      };
      errors?: { message?: string; extensions?: { code?: string } }[];
    };
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: QUERY, variables: { owner, name } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = (await res.json()) as typeof body;
    } catch (err) {
      throw new Unanswered(err instanceof Error ? err.message : String(err), true);
    }
    const found = body.data?.repository;
    if (found) {
      return { private: found.private, owner: found.owner.login, giteaId: found.giteaId };
    }
    const code = body.errors?.[0]?.extensions?.code;
    if (code === 'NOT_FOUND') return null;
    throw new Unanswered(
      `${code ?? 'no code'}: ${body.errors?.[0]?.message ?? 'no answer'}`,
      UPSTREAM_CODES.has(code ?? ''),
    );
  }

  private async fromStoredFacts(viewer: Viewer | null, repository: string): Promise<Visibility> {
    const facts = await this.options.facts.get(repository).catch(() => undefined);
    if (!facts) {
      throw new DomainError(
        'UPSTREAM_UNAVAILABLE',
        `Cannot check access to ${repository}: the repository service is unavailable`,
      );
    }
    const visible = !facts.private || facts.owner.toLowerCase() === viewer?.login.toLowerCase();
    return visible ? { visible, facts } : { visible: false };
  }
}
