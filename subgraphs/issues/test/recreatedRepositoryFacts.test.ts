import type { EntityManager } from '@mikro-orm/postgresql';
import { createTransactor, type Transactor } from '../src/db/createTransactor';
import { withTransaction } from '../src/db/withTransaction';
import { RepositoryFactsStore } from '../src/permissions/RepositoryFactsStore';
import { countRows, createIssueAs, startIssues, uniqueRepo, type TestIssues } from './startIssues';

/*
 * Issue 13 item 3 without a shared bus: a repository deleted and re-created under the same name
 * is told apart by its Gitea id. The first check answering a larger id deletes the deleted
 * repository's issues, comments, labels and counter and replaces the stored facts, once: a
 * second replica noticing it at the same moment deletes nothing (not the first one's fresh
 * issue #1), and an answer older than the stored one changes nothing.
 */

let issues: TestIssues;
beforeAll(async () => {
  issues = await startIssues();
});
afterAll(() => issues?.close());

const create = (repository: string, title: string, labels: string[] = []) =>
  createIssueAs(issues, repository, title, labels);
const count = (sql: string, params: unknown[]) => countRows(issues, sql, params);

/** The embedded test database has one connection: transactions cannot interleave there. */
const oneConnection = process.env.GITFORGE_TEST_EMBEDDED_DB === '1';

const facts = (giteaId: number) => ({ owner: 'alice', private: true, giteaId });

/**
 * A replica whose transaction stops after its first statement (reading the stored facts) until
 * `release`, so another replica can commit in between: the interleaving that would let a
 * stale delete remove a fresh issue.
 */
function pausedAfterFirstRead(em: EntityManager, pause: boolean) {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reachedRead = new Promise<void>((resolve) => (reached = resolve));
  let attempts = 0;
  const transact: Transactor = (work) =>
    withTransaction(em, (tx) => {
      attempts += 1;
      const attempt = attempts;
      let statements = 0;
      const paused = Object.create(tx) as EntityManager;
      paused.execute = (async (...args: Parameters<EntityManager['execute']>) => {
        const result = await tx.execute(...args);
        statements += 1;
        if (pause && attempt === 1 && statements === 1) {
          reached();
          await released;
        }
        return result;
      }) as EntityManager['execute'];
      return work(paused);
    });
  if (!pause) reached();
  return { transact, release, reachedRead, attempts: () => attempts };
}

describe('a re-created repository (a new Gitea id) without a deletion message', () => {
  it("deletes the deleted one's issues once, never the new repository's first issue", async () => {
    const repo = uniqueRepo('alice');
    const em = issues.server.orm.em;
    expect((await new RepositoryFactsStore(em).recordChecked(repo, facts(10))).kind).toBe(
      'recorded',
    );
    const old = await create(repo, 'Old one', ['bug']);
    await issues.gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId: old.id, body: 'old comment' } },
      'alice',
    );
    expect((await create(repo, 'Old two')).number).toBe(2);

    // Replica B notices the new id first but is held after reading the stored facts ...
    const held = pausedAfterFirstRead(em, !oneConnection);
    const replicaB = new RepositoryFactsStore(em, held.transact);
    let bOutcome: Promise<unknown> | undefined;
    if (!oneConnection) bOutcome = replicaB.recordChecked(repo, facts(11));
    await held.reachedRead;
    // ... while replica A notices it too, deletes the old issues and files the new #1.
    const replicaA = new RepositoryFactsStore(em, createTransactor(em));
    expect(await replicaA.recordChecked(repo.toUpperCase(), facts(11))).toEqual({
      kind: 'replaced',
      previousId: 10,
      deleted: 2,
    });
    const fresh = await create(repo, 'New one');
    expect(fresh.number).toBe(1);

    held.release();
    // B's transaction conflicts, runs again, finds the new id stored: nothing more to do.
    // (One connection: B runs after A, as a replica hearing of it a moment later does.)
    expect(await (bOutcome ?? replicaB.recordChecked(repo, facts(11)))).toEqual({
      kind: 'unchanged',
    });
    expect(held.attempts()).toBe(oneConnection ? 1 : 2);
    expect(await count('select count(*) as n from issues where repository = ?', [repo])).toBe(1);
    expect(await count('select count(*) as n from comments where issue_id = ?', [old.id])).toBe(0);
    expect(
      await count('select count(*) as n from labels where repository = ? and name = ?', [
        repo,
        'bug',
      ]),
    ).toBe(0);
    expect((await create(repo, 'New two')).number).toBe(2);
    expect(await new RepositoryFactsStore(em).get(repo)).toEqual(facts(11));
  });

  it('an answer older than the stored facts (a smaller id) changes nothing', async () => {
    const repo = uniqueRepo('alice');
    const em = issues.server.orm.em;
    await new RepositoryFactsStore(em).recordChecked(repo, facts(21));
    await create(repo, 'Current');
    expect(await new RepositoryFactsStore(em).recordChecked(repo, facts(20))).toEqual({
      kind: 'stale',
    });
    expect(await count('select count(*) as n from issues where repository = ?', [repo])).toBe(1);
    expect(await new RepositoryFactsStore(em).get(repo)).toEqual(facts(21));
  });

  it('facts told without an id keep the stored id; facts with none stored adopt the first', async () => {
    const repo = uniqueRepo('alice');
    const em = issues.server.orm.em;
    await new RepositoryFactsStore(em).recordChecked(repo, facts(30));
    // A change message (no id) changes the visibility, not the id.
    await new RepositoryFactsStore(em).record(repo, { owner: 'alice', private: false });
    expect(await new RepositoryFactsStore(em).get(repo)).toEqual({
      owner: 'alice',
      private: false,
      giteaId: 30,
    });
    const other = uniqueRepo('alice');
    await new RepositoryFactsStore(em).record(other, { owner: 'alice', private: false });
    await create(other, 'Kept');
    expect((await new RepositoryFactsStore(em).recordChecked(other, facts(40))).kind).toBe(
      'recorded',
    );
    expect(await count('select count(*) as n from issues where repository = ?', [other])).toBe(1);
  });
});
