import { encodeEventCursor } from '../src/services/eventCursor';
import { CuttableBus } from './support/CuttableBus';
import {
  collect,
  EventClients,
  EVENTS_AFTER,
  sequenceOf,
  until,
  type Collected,
} from './support/eventClients';
import { createIssueAs, startIssues, uniqueRepo, type TestIssues } from './startIssues';

// Pages of 3 events: a replay of a few events already takes several pages.
const bus = new CuttableBus();
let issues: TestIssues;
const clients = new EventClients();
beforeAll(async () => {
  issues = await startIssues({ pubsub: bus, eventPageSize: 3 });
});
afterAll(async () => {
  await clients.disposeAll();
  await issues?.close();
  await bus.close();
});

const listening = (n: number) =>
  until(() => issues.server.eventSubscriptions() === n, `${n} subscription(s)`);

function subscribe(repository: string, after?: string): Collected {
  return collect(clients.connect(issues, { login: 'bob' }), EVENTS_AFTER, { repository, after });
}

/** The sequences received, checked to be the cursor's own (1, 2, 3, ... without a hole). */
const sequences = (sub: Collected) => sub.events().map((e) => sequenceOf(e.cursor));
const titles = (sub: Collected) => sub.events().map((e) => e.issue.title);
const firstError = (sub: Collected) => sub.results[0]?.errors?.[0]?.extensions?.code;

it('resumes after a cursor: exactly the missing events, then the live ones, no duplicate', async () => {
  const repo = uniqueRepo('alice');
  const live = subscribe(repo);
  await listening(1);
  for (let i = 1; i <= 5; i++) await createIssueAs(issues, repo, `I${i}`);
  await until(() => live.events().length === 5, 'five live events');
  expect(sequences(live)).toEqual([1, 2, 3, 4, 5]);
  const cursors = live.events().map((e) => e.cursor as string);
  // Opaque, and each one distinct.
  expect(new Set(cursors).size).toBe(5);

  const resumed = subscribe(repo, cursors[1]);
  await until(() => resumed.events().length === 3, 'the replay');
  await createIssueAs(issues, repo, 'I6');
  await until(() => resumed.events().length === 4 && live.events().length === 6, 'I6');
  expect(titles(resumed)).toEqual(['I3', 'I4', 'I5', 'I6']);
  expect(sequences(resumed)).toEqual([3, 4, 5, 6]);
  // The replayed events are the ones live subscribers got (same ids and cursors).
  expect(resumed.events()).toEqual(live.events().slice(2));
  live.stop();
  resumed.stop();
  await listening(0);
});

it('replays page by page while events are written during the replay: none lost, none twice', async () => {
  const repo = uniqueRepo('alice');
  // 20 issues at once: group commit, a batch per turn.
  await Promise.all(Array.from({ length: 20 }, (_, i) => createIssueAs(issues, repo, `A${i}`)));
  const resumed = subscribe(repo, encodeEventCursor(repo, 0));
  // Written while the subscription starts and replays (pages of 3): before, during and after.
  const writes = Array.from({ length: 20 }, (_, i) => createIssueAs(issues, repo, `B${i}`));
  await Promise.all(writes);
  await createIssueAs(issues, repo, 'Marker');
  await until(() => titles(resumed).includes('Marker'), 'the marker');
  expect(sequences(resumed)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  expect(new Set(resumed.events().map((e) => e.id)).size).toBe(41);
  expect(resumed.events().map((e) => e.issue.number)).toEqual(
    Array.from({ length: 41 }, (_, i) => i + 1),
  );
  resumed.stop();
  await listening(0);
});

it('fills the gap from the outbox when a bus message is lost', async () => {
  const repo = uniqueRepo('alice');
  const live = subscribe(repo);
  const resumedLater = subscribe(repo, encodeEventCursor(repo, 0));
  await listening(2);
  const x = await createIssueAs(issues, repo, 'X');
  await until(() => live.events().length === 1 && resumedLater.events().length === 1, 'X');
  bus.dropNext(2); // Y's event and the comment's never reach any listener
  await createIssueAs(issues, repo, 'Y');
  const comment = await issues.gql(
    'mutation($id: ID!) { addComment(input: { issueId: $id, body: "lost too" }) { id } }',
    { id: x.id },
    'alice',
  );
  expect(comment.errors).toBeUndefined();
  await createIssueAs(issues, repo, 'Z');
  await until(() => live.events().length === 4, 'the gap filled');
  await until(() => resumedLater.events().length === 4, 'the gap filled (resumed)');
  for (const sub of [live, resumedLater]) {
    expect(sequences(sub)).toEqual([1, 2, 3, 4]);
    expect(sub.events().map((e) => e.action)).toEqual([
      'CREATED',
      'CREATED',
      'COMMENTED',
      'CREATED',
    ]);
    expect(sub.events()[2]).toMatchObject({ issue: { title: 'X' }, comment: { body: 'lost too' } });
    sub.stop();
  }
  await listening(0);
});

it('recovers a lost last event when the bus is known to have lost messages', async () => {
  const repo = uniqueRepo('alice');
  const live = subscribe(repo);
  await listening(1);
  await createIssueAs(issues, repo, 'Seen');
  await until(() => live.events().length === 1, 'the first event');
  bus.dropNext(1);
  await createIssueAs(issues, repo, 'Lost, and nothing after it');
  const [row] = await issues.server.orm.em
    .fork()
    .execute<{ n: string }[]>('select count(*) as n from issue_events where repository = ?', [
      repo,
    ]);
  expect(Number(row!.n)).toBe(2);
  expect(live.events()).toHaveLength(1);
  // What BusLiveness calls when a heartbeat went missing (a Redis reconnect).
  issues.server.events.catchUpAll();
  await until(() => live.events().length === 2, 'the lost event');
  expect(titles(live)).toEqual(['Seen', 'Lost, and nothing after it']);
  live.stop();
  await listening(0);
});

it('ends a resume from a cursor older than the retention with CURSOR_EXPIRED', async () => {
  const repo = uniqueRepo('alice');
  for (const title of ['Old 1', 'Old 2', 'New']) await createIssueAs(issues, repo, title);
  // The first two happened 30 days ago (retention: 7 days by default).
  await issues.server.orm.em.fork().execute(
    `update issue_events set occurred_at = now() - interval '30 days'
        where repository = ? and sequence <= 2`,
    [repo],
  );
  expect(await issues.server.pruneEvents()).toBeGreaterThanOrEqual(2);
  const [stream] = await issues.server.orm.em
    .fork()
    .execute<{ pruned_through: string }[]>(
      'select pruned_through from issue_event_streams where repository = ?',
      [repo],
    );
  expect(Number(stream!.pruned_through)).toBe(2);

  for (const after of [0, 1]) {
    const expired = subscribe(repo, encodeEventCursor(repo, after));
    await expired.done;
    expect(firstError(expired)).toBe('CURSOR_EXPIRED');
    expect(expired.results[0].errors[0].message).toMatch(/reload/);
  }
  // The cursor of the last event pruned is still good: nothing after it is missing.
  const fine = subscribe(repo, encodeEventCursor(repo, 2));
  await until(() => fine.events().length === 1, 'the event after the pruned ones');
  expect(titles(fine)).toEqual(['New']);
  fine.stop();
  await listening(0);
});

it('refuses a malformed cursor, one of another repository and one from the future (BAD_USER_INPUT)', async () => {
  const repo = uniqueRepo('alice');
  const other = uniqueRepo('alice');
  await createIssueAs(issues, repo, 'One');
  await createIssueAs(issues, other, 'One');
  const bad = [
    'not a cursor',
    Buffer.from('e1:x:' + repo).toString('base64url'),
    Buffer.from(`e1:-1:${repo}`).toString('base64url'),
    encodeEventCursor(other, 1),
    encodeEventCursor(repo, 99),
    '',
  ];
  for (const after of bad) {
    const sub = subscribe(repo, after);
    await sub.done;
    expect({ after, code: firstError(sub) }).toEqual({ after, code: 'BAD_USER_INPUT' });
    expect(sub.results[0].errors[0].extensions.field).toBe('after');
  }
  await listening(0);
});
