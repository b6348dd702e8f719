import { createTransactor } from '../src/db/createTransactor';
import type { IssueSnapshot } from '../src/services/issueEvents';
import { appendIssueEvent } from '../src/services/issueOutbox';
import { until } from './support/eventClients';
import { createIssueAs, startIssues, uniqueRepo, type TestIssues } from './startIssues';

// Two replicas of the subgraph over one database: their writes contend only there.
let one: TestIssues;
let two: TestIssues;
beforeAll(async () => {
  one = await startIssues();
  two = await startIssues();
});
afterAll(async () => {
  await one?.close();
  await two?.close();
});

interface OutboxRow {
  sequence: string;
  action: string;
  actor: string;
  payload: { issue: { id: string; number: number; title: string; commentCount: number } };
}

async function outbox(repository: string): Promise<OutboxRow[]> {
  return one.server.orm.em
    .fork()
    .execute<OutboxRow[]>(
      'select sequence, action, actor, payload from issue_events where repository = ? order by sequence',
      [repository],
    );
}

it('writes an outbox row exactly when the change commits: a rolled-back one leaves none', async () => {
  const repository = uniqueRepo('alice');
  const { em } = one.server.orm;
  const transact = createTransactor(em);
  const snapshot = {
    id: '00000000-0000-4000-8000-000000000001',
    repository,
    number: 1,
    title: 'Never',
    body: '',
    state: 'OPEN' as const,
    stateReason: null,
    author: 'alice',
    commentCount: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
    closedAt: null,
    labels: [],
  };
  await expect(
    transact(async (tx) => {
      const event = await appendIssueEvent(tx, {
        action: 'CREATED',
        actor: 'alice',
        issue: snapshot,
      });
      expect(event.sequence).toBe(1);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(await outbox(repository)).toEqual([]);

  // A mutation refused half-way (not the author) writes no event either.
  const { id } = await createIssueAs(one, repository, 'Kept');
  const refused = await one.gql(
    'mutation($id: ID!) { updateIssue(input: { id: $id, title: "Nope" }) { id } }',
    { id },
    'mallory',
  );
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const closed = await one.gql(
    'mutation($id: ID!) { closeIssue(input: { id: $id }) { id } }',
    { id },
    'alice',
  );
  expect(closed.errors).toBeUndefined();
  // The rolled-back transaction's number was given back: the committed ones are 1 and 2.
  const rows = await outbox(repository);
  expect(rows.map((r) => [Number(r.sequence), r.action, r.actor])).toEqual([
    [1, 'CREATED', 'alice'],
    [2, 'CLOSED', 'alice'],
  ]);
  expect(rows[1]!.payload.issue).toMatchObject({ id, title: 'Kept', state: 'CLOSED' });
});

it('numbers the events of a repository 1..n in commit order under concurrent writes of two replicas', async () => {
  const repository = uniqueRepo('alice');
  const seeded = await Promise.all(
    [1, 2, 3].map((i) => createIssueAs(one, repository, `Seed ${i}`)),
  );
  const writes: Promise<{ errors?: unknown[] }>[] = [];
  for (let i = 0; i < 60; i++) {
    const replica = i % 2 ? one : two;
    const issue = seeded[Math.floor(i / 3) % 3]!;
    if (i % 3 === 0) {
      // createIssue: the group commit, batches of several drafts in one statement.
      writes.push(
        replica.gql(
          'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
          { i: { repository, title: `New ${i}`, labels: i % 2 ? ['bug'] : [] } },
          'alice',
        ),
      );
    } else if (i % 3 === 1) {
      writes.push(
        replica.gql(
          'mutation($id: ID!, $t: String!) { updateIssue(input: { id: $id, title: $t }) { id } }',
          { id: issue.id, t: `Title ${i}` },
          'alice',
        ),
      );
    } else {
      writes.push(
        replica.gql(
          'mutation($id: ID!) { addComment(input: { issueId: $id, body: "c" }) { id } }',
          { id: issue.id },
          'bob',
        ),
      );
    }
  }
  const results = await Promise.all(writes);
  expect(results.filter((r) => r.errors)).toEqual([]);

  const rows = await outbox(repository);
  // Gap-free: one event per committed change, numbered 1..n.
  expect(rows.map((r) => Number(r.sequence))).toEqual(
    Array.from({ length: 3 + 60 }, (_, i) => i + 1),
  );
  // Commit order: issue numbers (taken under the counter's lock in the same transaction) rise
  // with the sequence; each issue's comment count rises by one per COMMENTED event; and the
  // title stored is the one of the issue's last UPDATED event.
  const created = rows.filter((r) => r.action === 'CREATED').map((r) => r.payload.issue.number);
  expect(created).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  for (const issue of seeded) {
    const mine = rows.filter((r) => r.payload.issue.id === issue.id);
    const counts = mine
      .filter((r) => r.action === 'COMMENTED')
      .map((r) => r.payload.issue.commentCount);
    expect(counts).toEqual(Array.from({ length: counts.length }, (_, i) => i + 1));
    const lastTitle = mine.filter((r) => r.action === 'UPDATED').at(-1)!.payload.issue.title;
    const stored = await one.gql(
      'query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { title } }',
      { r: repository, n: issue.number },
    );
    expect(stored.data.issue.title).toBe(lastTitle);
  }
  const [stream] = await one.server.orm.em
    .fork()
    .execute<{ last_sequence: string }[]>(
      'select last_sequence from issue_event_streams where repository = ?',
      [repository],
    );
  expect(Number(stream!.last_sequence)).toBe(63);
});

it("holds the repository's stream row until commit: a later write waits, then numbers after it", async () => {
  if (process.env.GITFORGE_TEST_EMBEDDED_DB === '1') return; // one connection: nothing can wait
  const repository = uniqueRepo('alice');
  const { id } = await createIssueAs(one, repository, 'Held');
  const [issue] = (await outbox(repository)).map((r) => r.payload.issue);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let pid = 0;
  const held = createTransactor(one.server.orm.em)(async (tx) => {
    const [row] = await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
    pid = row!.pid;
    await appendIssueEvent(tx, {
      action: 'UPDATED',
      actor: 'held',
      issue: { ...(issue as unknown as IssueSnapshot), labels: [] },
    });
    await gate;
  });
  await until(() => pid !== 0, 'the held transaction');
  const closing = two.gql(
    'mutation($id: ID!) { closeIssue(input: { id: $id }) { id } }',
    { id },
    'alice',
  );
  await until(async () => {
    const [row] = await one.server.orm.em
      .fork()
      .execute<{ n: string }[]>(
        'select count(*) as n from pg_stat_activity where ? = any(pg_blocking_pids(pid))',
        [pid],
      );
    return Number(row!.n) > 0;
  }, 'the close to wait on the stream row');
  release();
  await held;
  expect((await closing).errors).toBeUndefined();
  expect((await outbox(repository)).map((r) => [Number(r.sequence), r.action, r.actor])).toEqual([
    [1, 'CREATED', 'alice'],
    [2, 'UPDATED', 'held'],
    [3, 'CLOSED', 'alice'],
  ]);
});

it('runs concurrent event writes of one repository in turns within a replica: no retry', async () => {
  const repository = uniqueRepo('alice');
  const made = await Promise.all(
    Array.from({ length: 12 }, (_, i) => createIssueAs(one, repository, `T${i}`)),
  );
  const retries = async () =>
    (
      (await one.server.metrics.registry.getSingleMetric('db_transaction_retries_total')?.get())
        ?.values ?? []
    ).reduce((sum, v) => sum + v.value, 0);
  const before = await retries();
  const results = await Promise.all(
    made.map((issue, i) =>
      one.gql(
        i % 2
          ? 'mutation($id: ID!) { closeIssue(input: { id: $id }) { id } }'
          : 'mutation($id: ID!) { addComment(input: { issueId: $id, body: "x" }) { id } }',
        { id: issue.id },
        'alice',
      ),
    ),
  );
  expect(results.filter((r) => r.errors)).toEqual([]);
  expect(await retries()).toBe(before);
  expect((await outbox(repository)).map((r) => Number(r.sequence))).toEqual(
    Array.from({ length: 24 }, (_, i) => i + 1),
  );
});
