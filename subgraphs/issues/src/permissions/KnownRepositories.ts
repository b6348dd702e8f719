import type { Viewer } from '@gitforge/auth';
import { factsKey, type RepositoryFacts } from './RepositoryFactsStore';

/**
 * A user's level in a repository, Gitea's order. Only `admin` (the owner) is derived today;
 * collaborator and team levels (a later issue) go into `levels` once their changes are
 * published, so they can be dropped at once like the repository facts.
 */
export type AccessLevel = 'none' | 'read' | 'write' | 'admin';

/** What the facts held in memory decide for one viewer; `undefined` when they cannot. */
export type Decision = { visible: false } | { visible: true; facts: RepositoryFacts };

interface Known {
  facts: RepositoryFacts;
  learnedAt: number;
}

/** Taken before asking: the answer is learnt only if nothing changed in between. */
export interface LearnTicket {
  epoch: number;
  generation: number;
}

export interface KnownRepositoriesOptions {
  /**
   * Whether a change would reach this process now (the bus's liveness): while not, nothing is
   * decided from memory (every check asks, as without memory).
   */
  live: () => boolean;
  /**
   * How long learnt facts decide without asking again: the bound for a change whose message was
   * never published (a Gitea setting changed with no webhook to report it, a repository
   * subgraph that could not publish). Default 10 s: one call per repository per 10 s.
   */
  maxAgeMs?: number;
  /** At most this many repositories are held (default 50,000). */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The repository facts this process may decide from without asking the repository subgraph:
 * learnt from its successful checks (owner, visibility and Gitea id; the same for every viewer),
 * dropped at once by a change message for the repository and all at once when the bus may have
 * lost one (see `BusLiveness`). Fail closed: unknown, too old or bus not live → no decision (the
 * caller asks). Facts answer for everyone on a public repository and for the owner on a private
 * one; anyone else on a private one may be a collaborator, which only Gitea knows, so asks
 * (anonymous callers never see a private repository).
 */
export class KnownRepositories {
  private readonly facts = new Map<string, Known>();
  /** Per (repository, user): filled by nothing yet (see `AccessLevel`). */
  private readonly levels = new Map<string, AccessLevel>();
  private readonly generations = new Map<string, number>();
  private epoch = 0;
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: KnownRepositoriesOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  decide(viewer: Viewer | null, repository: string): Decision | undefined {
    const key = factsKey(repository);
    const known = this.facts.get(key);
    if (!known || !this.options.live()) return undefined;
    if (this.now() - known.learnedAt > this.maxAgeMs) {
      this.facts.delete(key);
      return undefined;
    }
    const { facts } = known;
    if (!facts.private) return { visible: true, facts };
    if (!viewer) return { visible: false };
    const login = viewer.login.toLowerCase();
    if (facts.owner.toLowerCase() === login) return { visible: true, facts };
    const level = this.levels.get(`${key}\u0000${login}`);
    if (level === undefined) return undefined;
    return level === 'none' ? { visible: false } : { visible: true, facts };
  }

  ticket(repository: string): LearnTicket {
    return { epoch: this.epoch, generation: this.generations.get(factsKey(repository)) ?? 0 };
  }

  /** Facts a check answered; ignored when the repository changed or the bus faltered since `ticket`. */
  learn(repository: string, facts: RepositoryFacts, ticket: LearnTicket): void {
    const key = factsKey(repository);
    if (ticket.epoch !== this.epoch || ticket.generation !== (this.generations.get(key) ?? 0)) {
      return;
    }
    if (!this.options.live()) return;
    this.facts.delete(key);
    this.facts.set(key, { facts, learnedAt: this.now() });
    // Bounded: the oldest learnt go first (they are asked for again when needed).
    if (this.facts.size > this.maxEntries) {
      this.facts.delete(this.facts.keys().next().value as string);
    }
  }

  /** The repository changed: forget it, and anything learnt from a check already under way. */
  forget(repository: string): void {
    const key = factsKey(repository);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.facts.delete(key);
    for (const level of [...this.levels.keys()]) {
      if (level.startsWith(`${key}\u0000`)) this.levels.delete(level);
    }
  }

  /** A change may have been missed (the bus faltered): forget everything; returns what was held. */
  clear(): string[] {
    const held = [...this.facts.keys()];
    this.epoch += 1;
    this.generations.clear();
    this.facts.clear();
    this.levels.clear();
    return held;
  }

  get size(): number {
    return this.facts.size;
  }
}
