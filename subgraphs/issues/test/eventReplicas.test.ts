import { encodeEventCursor } from '../src/services/eventCursor';
import {
  collect,
  EventClients,
  EVENTS_AFTER,
  sequenceOf,
  until,
  type Collected,
} from './support/eventClients';
import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

// Two replicas sharing the database and a Redis (their own key prefix for this run).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisKeyPrefix = `gitforge-test-replicas-${process.pid}-${Date.now()}:`;
let a: TestIssues;
let b: TestIssues;
const clients = new EventClients();
beforeAll(async () => {
  a = await startIssues({ redisUrl, redisKeyPrefix, eventPageSize: 4 });
  b = await startIssues({ redisUrl, redisKeyPrefix, eventPageSize: 4 });
});
afterAll(async () => {
  await clients.disposeAll();
  await a?.close();
  await b?.close();
});

const sequences = (sub: Collected) => sub.events().map((e) => sequenceOf(e.cursor));
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function create(replica: TestIssues, repository: string, title: string) {
  return replica.gql(
    'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
    { i: { repository, title } },
    'alice',
  );
}

it('delivers every event written on either replica to subscribers of both, once and in order', async () => {
  const repo = uniqueRepo('alice');
  await create(a, repo, 'Before');
  const onB = collect(clients.connect(b, { login: 'bob' }), EVENTS_AFTER, { repository: repo });
  const resumedOnA = collect(clients.connect(a, { login: 'bob' }), EVENTS_AFTER, {
    repository: repo,
    after: encodeEventCursor(repo, 0),
  });
  await until(
    () => a.server.eventSubscriptions() === 1 && b.server.eventSubscriptions() === 1,
    'both subscriptions',
  );
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => create(i % 2 ? a : b, repo, `E${i}`)),
  );
  expect(results.filter((r) => r.errors)).toEqual([]);
  await until(() => resumedOnA.events().length === 21, 'the resumed subscriber');
  await until(() => sequences(onB).at(-1) === 21, "the live subscriber's last event");
  expect(sequences(resumedOnA)).toEqual(oneTo(21));
  // The live one started at some event after "Before", then got every later one once.
  const live = sequences(onB);
  expect(live).toEqual(oneTo(21).slice(live[0]! - 1));
  expect(live.length).toBeGreaterThanOrEqual(20);

  // A cursor delivered by one replica resumes on the other.
  const cursor = resumedOnA.events()[9].cursor as string;
  const resumedOnB = collect(clients.connect(b, { login: 'bob' }), EVENTS_AFTER, {
    repository: repo,
    after: cursor,
  });
  await until(() => resumedOnB.events().length === 11, 'the resume on the other replica');
  expect(sequences(resumedOnB)).toEqual(oneTo(21).slice(10));
  expect(resumedOnB.events()).toEqual(resumedOnA.events().slice(10));
  for (const sub of [onB, resumedOnA, resumedOnB]) sub.stop();
});
