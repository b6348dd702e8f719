import type { Viewer } from '@gitforge/auth';
import type { AccessLevel } from '../services/repositoryAccess';
import { factsKey, type RepositoryFacts } from './RepositoryFactsStore';

export type { AccessLevel } from '../services/repositoryAccess';

/**
 * What the facts held in memory decide for one viewer; `undefined` when they cannot. `level`
 * is absent when only readability is decided (a public repository, a user whose level was not
 * learnt yet): a caller that needs the level asks.
 */
export type Decision =
  { visible: false } | { visible: true; facts: RepositoryFacts; level?: AccessLevel };

interface Known {
  facts: RepositoryFacts;
  learnedAt: number;
}

interface KnownLevel {
  level: AccessLevel;
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
 * learnt from its successful checks (owner, visibility and Gitea id, the same for every viewer;
 * and each user's level, as Gitea showed it to them), dropped at once by a change message for
 * the repository (every membership, team or collaborator change publishes one) and all at once
 * when the bus may have lost one (see `BusLiveness`). Fail closed: unknown, too old or bus not
 * live → no decision (the caller asks). Facts decide readability for everyone on a public
 * repository, anonymous callers (READ on a public one, nothing on a private one) and the owner
 * (ADMIN); anyone else's level is decided only once learnt for them.
 */
export class KnownRepositories {
  private readonly facts = new Map<string, Known>();
  /** Per repository, per lower-case login: learnt from that user's checks. */
  private readonly levels = new Map<string, Map<string, KnownLevel>>();
  private levelCountNow = 0;
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
    if (!viewer)
      return facts.private ? { visible: false } : { visible: true, facts, level: 'read' };
    const login = viewer.login.toLowerCase();
    if (facts.owner.toLowerCase() === login) return { visible: true, facts, level: 'admin' };
    const level = this.levelOf(key, login);
    if (!facts.private) return level ? { visible: true, facts, level } : { visible: true, facts };
    if (level === undefined) return undefined;
    return level === 'none' ? { visible: false } : { visible: true, facts, level };
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

  /** A user's level a check answered; ignored like `learn` when something changed since `ticket`. */
  learnLevel(repository: string, login: string, level: AccessLevel, ticket: LearnTicket): void {
    const key = factsKey(repository);
    if (ticket.epoch !== this.epoch || ticket.generation !== (this.generations.get(key) ?? 0)) {
      return;
    }
    if (!this.options.live()) return;
    let users = this.levels.get(key);
    if (!users) {
      users = new Map();
      this.levels.set(key, users);
    }
    const user = login.toLowerCase();
    if (!users.has(user)) this.levelCountNow += 1;
    users.set(user, { level, learnedAt: this.now() });
    // Bounded: the repository whose levels were learnt first goes (asked for again when needed).
    if (this.levelCountNow > this.maxEntries) this.dropLevels(this.levels.keys().next().value!);
  }

  /** The repository changed: forget it, and anything learnt from a check already under way. */
  forget(repository: string): void {
    const key = factsKey(repository);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.facts.delete(key);
    this.dropLevels(key);
  }

  /** A change may have been missed (the bus faltered): forget everything; returns what was held. */
  clear(): string[] {
    const held = [...this.facts.keys()];
    this.epoch += 1;
    this.generations.clear();
    this.facts.clear();
    this.levels.clear();
    this.levelCountNow = 0;
    return held;
  }

  get size(): number {
    return this.facts.size;
  }

  /** Levels held now (tests). */
  get levelCount(): number {
    return this.levelCountNow;
  }

  private levelOf(key: string, login: string): AccessLevel | undefined {
    const users = this.levels.get(key);
    const known = users?.get(login);
    if (!users || !known) return undefined;
    if (this.now() - known.learnedAt > this.maxAgeMs) {
      users.delete(login);
      this.levelCountNow -= 1;
      return undefined;
    }
    return known.level;
  }

  private dropLevels(key: string): void {
    this.levelCountNow -= this.levels.get(key)?.size ?? 0;
    this.levels.delete(key);
  }
}
