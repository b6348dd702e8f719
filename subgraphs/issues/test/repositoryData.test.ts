import { createTransactor } from '../src/db/createTransactor';
import { RepositoryFactsStore } from '../src/permissions/RepositoryFactsStore';
import { deleteRepositoryIssues } from '../src/services/deleteRepositoryIssues';
import { countRows, createIssueAs, startIssues, uniqueRepo, type TestIssues } from './startIssues';

/*
 * The database side of issue 13 items 2 and 3 on the real database: a repository's deletion
 * removes what existed at that instant (issues, comments, labels, counter) and nothing filed
 * after it; stored facts never go back to an older answer.
 */

let issues: TestIssues;
beforeAll(async () => {
  issues = await startIssues();
});
afterAll(() => issues?.close());

const create = (repository: string, title: string, labels: string[] = []) =>
  createIssueAs(issues, repository, title, labels);
const count = (sql: string, params: unknown[]) => countRows(issues, sql, params);

describe('deleteRepositoryIssues', () => {
  it('deletes what existed at the deletion, keeps what was filed after it', async () => {
    const repo = uniqueRepo('alice');
    const old = await create(repo, 'Before the deletion', ['bug']);
    await issues.gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId: old.id, body: 'old' } },
      'alice',
    );
    const deletedAt = new Date();
    const later = await create(repo, 'In the re-created repository', ['ui']);
    const transact = createTransactor(issues.server.orm.em);

    // Named in another case, as Gitea's names compare.
    expect(await deleteRepositoryIssues(transact, repo.toUpperCase(), deletedAt)).toBe(1);
    expect(await count('select count(*) as n from issues where repository = ?', [repo])).toBe(1);
    expect(await count('select count(*) as n from comments where issue_id = ?', [old.id])).toBe(0);
    expect(
      await count('select count(*) as n from labels where repository = ? and name = ?', [
        repo,
        'bug',
      ]),
    ).toBe(0);
    expect(
      await count('select count(*) as n from labels where repository = ? and name = ?', [
        repo,
        'ui',
      ]),
    ).toBe(1);
    // The counter stays while issues remain: numbers never repeat.
    expect((await create(repo, 'Next')).number).toBe(later.number + 1);

    // Once everything is gone, numbering starts again at 1.
    expect(await deleteRepositoryIssues(transact, repo, new Date())).toBe(2);
    expect(
      await count('select count(*) as n from repository_counters where repository = ?', [repo]),
    ).toBe(0);
    expect((await create(repo, 'First again')).number).toBe(1);
    // Idempotent: a second replica hearing of the same deletion changes nothing more.
    expect(await deleteRepositoryIssues(transact, repo, deletedAt)).toBe(0);
  });

  it("deletes the repository's events and records them as pruned: their cursors expire", async () => {
    const repo = uniqueRepo('alice');
    await create(repo, 'One');
    await create(repo, 'Two');
    const deletedAt = new Date();
    await create(repo, 'After the deletion');
    const transact = createTransactor(issues.server.orm.em);
    expect(await deleteRepositoryIssues(transact, repo, deletedAt)).toBe(2);
    const rows = await issues.server.orm.em
      .fork()
      .execute<{ sequence: string }[]>(
        'select sequence from issue_events where repository = ? order by sequence',
        [repo],
      );
    expect(rows.map((r) => Number(r.sequence))).toEqual([3]);
    const { prunedThrough, lastSequence } = await issues.server.events.store.position(repo);
    expect({ prunedThrough, lastSequence }).toEqual({ prunedThrough: 2, lastSequence: 3 });
    // Sequences go on: the next event of the name is 4, never a number given before.
    await create(repo, 'Next');
    expect((await issues.server.events.store.position(repo)).lastSequence).toBe(4);
  });
});

describe('RepositoryFactsStore', () => {
  it('keeps the newest answer, case-insensitively, and forgets only what a deletion predates', async () => {
    const repo = uniqueRepo('alice');
    const t1 = new Date(Date.now() - 60_000);
    const t2 = new Date();
    await new RepositoryFactsStore(issues.server.orm.em).record(
      repo,
      { owner: 'alice', private: true },
      t2,
    );
    // Another process with an older answer does not take it back.
    await new RepositoryFactsStore(issues.server.orm.em).record(
      repo.toUpperCase(),
      { owner: 'alice', private: false },
      t1,
    );
    const fresh = new RepositoryFactsStore(issues.server.orm.em);
    expect(await fresh.get(repo)).toEqual({ owner: 'alice', private: true });
    await fresh.forget(repo, t1);
    expect(await new RepositoryFactsStore(issues.server.orm.em).get(repo)).toEqual({
      owner: 'alice',
      private: true,
    });
    await fresh.forget(repo, new Date());
    expect(await new RepositoryFactsStore(issues.server.orm.em).get(repo)).toBeUndefined();
  });
});
