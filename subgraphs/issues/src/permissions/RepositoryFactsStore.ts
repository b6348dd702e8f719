import type { EntityManager } from '@mikro-orm/postgresql';
import { createTransactor, type Transactor } from '../db/createTransactor';
import { deleteRepositoryIssuesIn } from '../services/deleteRepositoryIssues';

/** What a permission check needs to know about a repository. */
export interface RepositoryFacts {
  owner: string;
  private: boolean;
  /**
   * Gitea's id of the repository (one per incarnation: a repository re-created under the same
   * name has a new, larger one); absent when unknown (told by a change message, or stored
   * before ids were kept).
   */
  giteaId?: number;
}

/** What a successful check answered: the facts with the repository's id. */
export type CheckedFacts = RepositoryFacts & { giteaId: number };

/** What `recordChecked` did. */
export type CheckedOutcome =
  | { kind: 'unchanged' }
  | { kind: 'recorded' }
  /** The stored facts were of a deleted repository; its issues (`deleted` of them) went. */
  | { kind: 'replaced'; previousId: number; deleted: number }
  /** The stored facts are of a newer incarnation than the answer: nothing written. */
  | { kind: 'stale' };

/** Facts are keyed by the lower-case `owner/name`: Gitea's names are case-insensitive. */
export const factsKey = (repository: string) => repository.toLowerCase();

interface FactsRow {
  owner: string;
  private: boolean;
  gitea_id: string | number | null;
  checked_at: Date | string;
}

const fromRow = (row: FactsRow): RepositoryFacts => ({
  owner: row.owner,
  private: row.private,
  ...(row.gitea_id === null ? {} : { giteaId: Number(row.gitea_id) }),
});

const same = (a: RepositoryFacts, b: RepositoryFacts) =>
  a.owner === b.owner && a.private === b.private && a.giteaId === b.giteaId;

/**
 * The repository facts kept in the issues database (table `repository_facts`), refreshed on
 * every successful check and by repository webhooks, read when the repository subgraph cannot
 * answer. Writes are skipped when this process already wrote the same facts, so a check costs
 * a database write only when something changed; an older answer never overwrites a newer one.
 *
 * The stored Gitea id tells a re-created repository from the deleted one even when the
 * deletion's message never arrived (no shared bus, a lost message): the first check answering
 * a larger id deletes the old repository's issues, comments, labels and number counter and
 * replaces the facts, in one SERIALIZABLE transaction that re-reads the stored id, so of several
 * replicas noticing it at once exactly one deletes, and nobody deletes an issue filed after.
 */
export class RepositoryFactsStore {
  private readonly written = new Map<string, RepositoryFacts>();
  private readonly transact: Transactor;

  constructor(
    private readonly em: EntityManager,
    transact?: Transactor,
  ) {
    this.transact = transact ?? createTransactor(em);
  }

  async get(repository: string): Promise<RepositoryFacts | undefined> {
    const key = factsKey(repository);
    const known = this.written.get(key);
    if (known) return known;
    const [row] = await this.em
      .fork()
      .execute<FactsRow[]>(
        'select owner, private, gitea_id, checked_at from repository_facts where repository = ?',
        [key],
      );
    return row ? fromRow(row) : undefined;
  }

  /**
   * Facts told without an id (a repository change message): an id already stored is kept,
   * since the message may describe the same incarnation; the next check settles it.
   */
  async record(repository: string, facts: RepositoryFacts, at = new Date()): Promise<void> {
    const key = factsKey(repository);
    const known = this.written.get(key);
    if (known && known.owner === facts.owner && known.private === facts.private) return;
    await this.em.fork().execute(
      `insert into repository_facts (repository, owner, private, gitea_id, checked_at)
       values (?, ?, ?, ?, ?)
       on conflict (repository) do update
         set owner = excluded.owner, private = excluded.private,
             gitea_id = coalesce(excluded.gitea_id, repository_facts.gitea_id),
             checked_at = excluded.checked_at
         where repository_facts.checked_at <= excluded.checked_at`,
      [key, facts.owner, facts.private, facts.giteaId ?? null, at],
    );
    // What the row holds now is not known exactly (the id may have been kept): ask next time.
    this.written.delete(key);
  }

  /**
   * What a successful check answered at `at`. Same id as stored: the facts are refreshed (an
   * older answer never overwrites a newer one). A larger id: the stored repository was deleted,
   * so its issues go and the facts are replaced. A smaller id: the answer is older than what is
   * stored; nothing is written. `replaceOnly`: write only in the second case (the answer may
   * predate a change this process was just told of).
   */
  async recordChecked(
    repository: string,
    facts: CheckedFacts,
    at = new Date(),
    { replaceOnly = false } = {},
  ): Promise<CheckedOutcome> {
    const key = factsKey(repository);
    const known = this.written.get(key);
    if (known && same(known, facts)) return { kind: 'unchanged' };
    const outcome = await this.transact(async (tx): Promise<CheckedOutcome> => {
      const [row] = await tx.execute<FactsRow[]>(
        `select owner, private, gitea_id, checked_at from repository_facts where repository = ?`,
        [key],
      );
      const stored = row ? fromRow(row) : undefined;
      const storedId = stored?.giteaId;
      if (storedId !== undefined && storedId > facts.giteaId) return { kind: 'stale' };
      const replacing = storedId !== undefined && storedId < facts.giteaId;
      if (!replacing) {
        if (stored && same(stored, facts)) return { kind: 'unchanged' };
        if (replaceOnly || (row && new Date(row.checked_at) > at)) return { kind: 'stale' };
      }
      const deleted = replacing ? await deleteRepositoryIssuesIn(tx, key) : 0;
      await tx.execute(
        `insert into repository_facts (repository, owner, private, gitea_id, checked_at)
         values (?, ?, ?, ?, ?)
         on conflict (repository) do update
           set owner = excluded.owner, private = excluded.private,
               gitea_id = excluded.gitea_id, checked_at = excluded.checked_at`,
        [key, facts.owner, facts.private, facts.giteaId, at],
      );
      return replacing ? { kind: 'replaced', previousId: storedId, deleted } : { kind: 'recorded' };
    });
    if (outcome.kind !== 'stale') {
      this.written.set(key, {
        owner: facts.owner,
        private: facts.private,
        giteaId: facts.giteaId,
      });
    }
    return outcome;
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
