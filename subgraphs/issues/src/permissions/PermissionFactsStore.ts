import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessLevel } from '../services/repositoryAccess';
import { factsKey } from './RepositoryFactsStore';

const LEVELS = new Set<AccessLevel>(['none', 'read', 'write', 'admin']);

/** What `record` found stored before (`undefined`: the baseline) and whether it wrote. */
export interface LevelRecorded {
  previous: AccessLevel | undefined;
  written: boolean;
}

/**
 * Per-user levels kept in the issues database (table `repository_permission_facts`), written
 * by successful checks, read when the repository subgraph cannot answer. Only levels above the
 * repository's baseline (READ when public, NONE when private) are stored; a check that answers
 * the baseline deletes the user's row, so stored levels never show more than the last answer.
 * This process remembers what it wrote, so a check costs a statement only when the level
 * changed (or the first time it sees the user); an older answer never overwrites a newer one.
 */
export class PermissionFactsStore {
  /** Per repository, per lower-case login: the level stored (`undefined`: none stored). */
  private readonly written = new Map<string, Map<string, AccessLevel | undefined>>();

  constructor(
    private readonly em: EntityManager,
    private readonly maxRepositories = 10_000,
  ) {}

  async get(repository: string, login: string): Promise<AccessLevel | undefined> {
    const key = factsKey(repository);
    const user = login.toLowerCase();
    const known = this.written.get(key);
    if (known?.has(user)) return known.get(user);
    const [row] = await this.em
      .fork()
      .execute<{ level: string }[]>(
        'select level from repository_permission_facts where repository = ? and login = ?',
        [key, user],
      );
    return row && LEVELS.has(row.level as AccessLevel) ? (row.level as AccessLevel) : undefined;
  }

  /**
   * `level` as a check asked at `at` answered it for `login`; `baseline` is what everyone has
   * (not stored). Writes only when the stored level differs.
   */
  async record(
    repository: string,
    login: string,
    level: AccessLevel,
    baseline: AccessLevel,
    at: Date,
  ): Promise<LevelRecorded> {
    const key = factsKey(repository);
    const user = login.toLowerCase();
    const wanted = level === baseline ? undefined : level;
    const known = this.written.get(key);
    if (known?.has(user) && known.get(user) === wanted) {
      return { previous: wanted, written: false };
    }
    const em = this.em.fork();
    const previous = known?.has(user) ? known.get(user) : await this.get(repository, user);
    if (previous === wanted) {
      this.remember(key, user, wanted);
      return { previous, written: false };
    }
    if (wanted === undefined) {
      await em.execute(
        'delete from repository_permission_facts where repository = ? and login = ? and checked_at <= ?',
        [key, user, at],
      );
    } else {
      await em.execute(
        `insert into repository_permission_facts (repository, login, level, checked_at)
         values (?, ?, ?, ?)
         on conflict (repository, login) do update
           set level = excluded.level, checked_at = excluded.checked_at
           where repository_permission_facts.checked_at <= excluded.checked_at`,
        [key, user, wanted, at],
      );
    }
    this.remember(key, user, wanted);
    return { previous, written: true };
  }

  /**
   * The repository changed (membership, visibility, deletion): the stored levels no longer
   * hold; each user's next successful check stores theirs again.
   */
  async forgetRepository(repository: string): Promise<void> {
    const key = factsKey(repository);
    this.written.delete(key);
    await this.em
      .fork()
      .execute('delete from repository_permission_facts where repository = ?', [key]);
    // A check that wrote while the statement ran: its answer may predate the change.
    this.written.delete(key);
  }

  /** Drops what this process remembers of the repository (another process may change rows). */
  forgetCached(repository: string): void {
    this.written.delete(factsKey(repository));
  }

  private remember(key: string, login: string, level: AccessLevel | undefined): void {
    let users = this.written.get(key);
    if (!users) {
      users = new Map();
      this.written.set(key, users);
      if (this.written.size > this.maxRepositories) {
        this.written.delete(this.written.keys().next().value as string);
      }
    }
    users.set(login, level);
  }
}
