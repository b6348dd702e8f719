import type { EntityManager } from '@mikro-orm/postgresql';

/** What a permission check needs to know about a repository. */
export interface RepositoryFacts {
  owner: string;
  private: boolean;
}

/** Facts are keyed by the lower-case `owner/name`: Gitea's names are case-insensitive. */
export const factsKey = (repository: string) => repository.toLowerCase();

/**
 * The repository facts kept in the issues database (table `repository_facts`), refreshed on
 * every successful check and by repository webhooks, read when the repository subgraph cannot
 * answer. Writes are skipped when this process already wrote the same facts, so a check costs
 * a database write only when something changed; an older answer never overwrites a newer one.
 */
export class RepositoryFactsStore {
  private readonly written = new Map<string, RepositoryFacts>();

  constructor(private readonly em: EntityManager) {}

  async get(repository: string): Promise<RepositoryFacts | undefined> {
    const key = factsKey(repository);
    const known = this.written.get(key);
    if (known) return known;
    const [row] = await this.em
      .fork()
      .execute<{ owner: string; private: boolean }[]>(
        'select owner, private from repository_facts where repository = ?',
        [key],
      );
    return row ? { owner: row.owner, private: row.private } : undefined;
  }

  async record(repository: string, facts: RepositoryFacts, at = new Date()): Promise<void> {
    const key = factsKey(repository);
    const known = this.written.get(key);
    if (known && known.owner === facts.owner && known.private === facts.private) return;
    await this.em.fork().execute(
      `insert into repository_facts (repository, owner, private, checked_at) values (?, ?, ?, ?)
       on conflict (repository) do update
         set owner = excluded.owner, private = excluded.private, checked_at = excluded.checked_at
         where repository_facts.checked_at <= excluded.checked_at`,
      [key, facts.owner, facts.private, at],
    );
    this.written.set(key, { owner: facts.owner, private: facts.private });
  }

  /** The repository was deleted at `at`: facts checked before then no longer hold. */
  async forget(repository: string, at: Date): Promise<void> {
    const key = factsKey(repository);
    this.written.delete(key);
    await this.em
      .fork()
      .execute('delete from repository_facts where repository = ? and checked_at <= ?', [key, at]);
  }

  /** Drops what this process remembers (another process may have changed the row). */
  forgetCached(repository: string): void {
    this.written.delete(factsKey(repository));
  }
}
