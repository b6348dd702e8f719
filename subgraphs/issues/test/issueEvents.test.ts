import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Viewer } from '@gitforge/auth';
import type { OwnerRuleAccess } from '../src/services/repositoryAccess';
import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

/** Repositories marked private here are readable by their owner only (the rest by everyone). */
const privateRepos = new Set<string>();
const access: OwnerRuleAccess = {
  async canRead(viewer: Viewer | null, repository: string) {
    return !privateRepos.has(repository) || viewer?.login === repository.split('/')[0];
  },
  async isOwner(viewer: Viewer | null, repository: string) {
    return viewer?.login === repository.split('/')[0];
  },
};

let issues: TestIssues;
const clients: Client[] = [];
beforeAll(async () => {
  issues = await startIssues({ access });
});
afterAll(async () => {
  await Promise.all(
    clients.map(async (c) => {
      await c.dispose();
    }),
  );
  await issues?.close();
});

function connect(login?: string, rawToken?: string) {
  const closes: number[] = [];
  const client = createClient({
    url: issues.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: async () => {
      const token = rawToken ?? (login ? await issues.token(login) : undefined);
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  clients.push(client);
  return { client, closes };
}

interface Collected {
  results: any[];
  done: Promise<void>;
  stop: () => void;
}

function collect(client: Client, query: string, variables: Record<string, unknown>): Collected {
  const results: any[] = [];
  let stop: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (value) => results.push(value),
        error: (err) => {
          results.push({ error: err });
          resolve();
        },
        complete: resolve,
      },
    );
  });
  return { results, done, stop };
}

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Events this process kept from a subscriber who may no longer read the repository. */
async function withheldEvents(): Promise<number> {
  const metric = await issues.server.metrics.registry
    .getSingleMetric('issues_events_withheld_total')
    ?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

const EVENTS = `subscription($repository: String!) {
  issueEvents(repository: $repository) {
    action actor { login }
    issue { number title state stateReason commentCount labels { name } }
    comment { body author { login } }
  }
}`;

const listening = (n: number) =>
  until(() => issues.server.eventSubscriptions() === n, `${n} subscription(s)`);

it('delivers created, updated, closed, reopened, commented, comment edited and deleted events in order', async () => {
  const repo = uniqueRepo('alice');
  const { client } = connect('bob');
  const sub = collect(client, EVENTS, { repository: repo });
  await listening(1);

  const created = await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
    { i: { repository: repo, title: 'Live', labels: ['bug'] } },
    'alice',
  );
  const id = created.data.createIssue.id as string;
  const steps = [
    ['mutation($id: ID!) { updateIssue(input: { id: $id, title: "Live!" }) { id } }', {}],
    ['mutation($id: ID!) { closeIssue(input: { id: $id }) { id } }', {}],
    // Closing a closed issue changes nothing, so it publishes nothing.
    ['mutation($id: ID!) { closeIssue(input: { id: $id }) { id } }', {}],
    ['mutation($id: ID!) { reopenIssue(input: { id: $id }) { id } }', {}],
    ['mutation($id: ID!) { addComment(input: { issueId: $id, body: "Me too" }) { id } }', {}],
  ] as const;
  let commentId = '';
  for (const [mutation] of steps) {
    const res = await issues.gql(mutation, { id }, 'alice');
    expect(res.errors).toBeUndefined();
    commentId = res.data.addComment?.id ?? commentId;
  }
  // The repository owner edits, then deletes, the comment.
  const edited = await issues.gql(
    'mutation($id: ID!) { updateComment(input: { id: $id, body: "Me too!" }) { id } }',
    { id: commentId },
    'alice',
  );
  expect(edited.errors).toBeUndefined();
  const deleted = await issues.gql(
    'mutation($id: ID!) { deleteComment(input: { id: $id }) { id } }',
    { id: commentId },
    'alice',
  );
  expect(deleted.errors).toBeUndefined();
  // Events arrive in publish order: once a marker issue's event is in, nothing else is pending.
  await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
    { i: { repository: repo, title: 'Marker' } },
    'alice',
  );
  await until(
    () => sub.results.some((r) => r.data?.issueEvents?.issue?.title === 'Marker'),
    'the marker event',
  );
  sub.stop();

  const events = sub.results.map((r) => r.data.issueEvents).slice(0, -1);
  expect(sub.results).toHaveLength(8);
  expect(events.map((e) => e.action)).toEqual([
    'CREATED',
    'UPDATED',
    'CLOSED',
    'REOPENED',
    'COMMENTED',
    'COMMENT_EDITED',
    'COMMENT_DELETED',
  ]);
  expect(events[0]).toEqual({
    action: 'CREATED',
    actor: { login: 'alice' },
    issue: {
      number: 1,
      title: 'Live',
      state: 'OPEN',
      stateReason: null,
      commentCount: 0,
      labels: [{ name: 'bug' }],
    },
    comment: null,
  });
  expect(events[2].issue).toMatchObject({ state: 'CLOSED', stateReason: 'COMPLETED' });
  expect(events[3].issue).toMatchObject({ state: 'OPEN', stateReason: 'REOPENED' });
  expect(events[4]).toMatchObject({
    issue: { title: 'Live!', commentCount: 1 },
    comment: { body: 'Me too', author: { login: 'alice' } },
  });
  expect(events[5]).toMatchObject({
    issue: { commentCount: 1 },
    comment: { body: 'Me too!', author: { login: 'alice' } },
  });
  expect(events[6]).toMatchObject({
    actor: { login: 'alice' },
    issue: { commentCount: 0 },
    comment: { body: 'Me too!' },
  });
  await listening(0);
});

it('refuses a bad token with 4403 Forbidden', async () => {
  const { closes } = connect(undefined, 'not-a-jwt');
  await until(() => closes.length > 0, 'the close');
  expect(closes[0]).toBe(4403);
});

it("keeps a private repository's events to its owner, checked on every event", async () => {
  const repo = uniqueRepo('alice');
  privateRepos.add(repo);
  const owner = collect(connect('alice').client, EVENTS, { repository: repo });
  const stranger = collect(connect('mallory').client, EVENTS, { repository: repo });
  await stranger.done;
  expect(stranger.results).toEqual([
    {
      errors: [
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
      ],
    },
  ]);

  // A public repository turned private: its subscriber stops getting events at once.
  const shared = uniqueRepo('alice');
  const watcher = collect(connect('mallory').client, EVENTS, { repository: shared });
  await listening(2);
  const create = (repository: string, title: string) =>
    issues.gql(
      `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
      { i: { repository, title } },
      'alice',
    );
  const withheldBefore = await withheldEvents();
  await create(repo, 'Secret');
  await create(shared, 'Before');
  await until(() => owner.results.length === 1 && watcher.results.length === 1, 'deliveries');
  privateRepos.add(shared);
  await create(shared, 'After');
  await create(repo, 'Secret 2');
  await until(() => owner.results.length === 2, 'the owner event');
  // The watcher's copy of "After" is decided once the counter of withheld events moves.
  await until(async () => (await withheldEvents()) >= withheldBefore + 1, 'the withheld event');
  expect(watcher.results.map((r) => r.data.issueEvents.issue.title)).toEqual(['Before']);
  expect(owner.results.map((r) => r.data.issueEvents.issue.title)).toEqual(['Secret', 'Secret 2']);
  owner.stop();
  watcher.stop();
  await listening(0);
});

it('releases every listener when clients leave', async () => {
  const repo = uniqueRepo('alice');
  const { client } = connect('bob');
  for (let i = 0; i < 25; i += 1) collect(client, EVENTS, { repository: repo });
  await listening(25);
  expect(issues.server.subscriptions.connections()).toBeGreaterThan(0);
  const before = issues.server.subscriptions.connections();
  await client.dispose();
  await listening(0);
  await until(() => issues.server.subscriptions.connections() === before - 1, 'the socket close');
});
