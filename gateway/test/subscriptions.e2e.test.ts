import WebSocket from 'ws';
import { signSessionToken } from '@gitforge/auth';
import { startFederation, type Federation } from './support/federation';
import { graphql, JWT_SECRET, request } from './support/helpers';
import { uniqueRepo } from './support/startIssuesSubgraph';
import { collect, connectWs, until, type WsConnection } from './support/wsClient';

/**
 * Subscriptions through the running gateway: the real issues subgraph (graphql-ws, database)
 * owns `issueEvents`; a federated repository subgraph owns `Repository.description` and
 * `private`, fetched per event through the gateway's entity path.
 */
let fed: Federation;
const tokens: Record<string, string> = {};
const connections: WsConnection[] = [];

beforeAll(async () => {
  fed = await startFederation({
    subscriptions: { keepAliveMs: 1000, upstreamRetryMaxDelayMs: 300 },
  });
  for (const login of ['alice', 'bob', 'mallory']) tokens[login] = await fed.token(login);
});

afterAll(async () => {
  await Promise.all(
    connections.map(async (c) => {
      await c.client.dispose();
    }),
  );
  await fed?.close();
});

const as = (login: string) => ({ authorization: `Bearer ${tokens[login]}` });
const connect = (login?: string) => {
  const connection = connectWs(fed.gateway.url, login ? tokens[login] : undefined);
  connections.push(connection);
  return connection;
};
/** The issues subgraph's listeners: a subscription counts once it will see every event. */
const listening = (n: number) =>
  until(() => fed.subscriptionListeners() === n, `${n} subgraph subscription(s)`);

async function createIssue(repository: string, title: string, login = 'alice'): Promise<string> {
  const res = await graphql(
    fed.gateway.url,
    'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
    { i: { repository, title } },
    as(login),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createIssue.id as string;
}

const ISSUE_EVENTS = `subscription($repository: String!) {
  issueEvents(repository: $repository) {
    action
    issue { number title repository { fullName description private } }
    comment { body author { login } }
  }
}`;

describe('issueEvents through the gateway', () => {
  it('delivers events in order, with the repository subgraph fields resolved per event', async () => {
    const repo = uniqueRepo('alice');
    fed.rows.set(repo, { description: 'Live data for researchers', private: false });
    const sub = collect(connect('bob').client, ISSUE_EVENTS, { repository: repo });
    await listening(1);

    const id = await createIssue(repo, 'Streams stall');
    const comment = await graphql(
      fed.gateway.url,
      'mutation($i: AddCommentInput!) { addComment(input: $i) { id } }',
      { i: { issueId: id, body: 'Seen it too' } },
      as('alice'),
    );
    expect(comment.body.errors).toBeUndefined();
    const closed = await graphql(
      fed.gateway.url,
      'mutation($id: ID!) { closeIssue(input: { id: $id }) { id } }',
      { id },
      as('alice'),
    );
    expect(closed.body.errors).toBeUndefined();

    await until(() => sub.results.length === 3, 'three events');
    const repository = { fullName: repo, description: 'Live data for researchers', private: false };
    expect(sub.results).toEqual([
      {
        data: {
          issueEvents: {
            action: 'CREATED',
            issue: { number: 1, title: 'Streams stall', repository },
            comment: null,
          },
        },
      },
      {
        data: {
          issueEvents: {
            action: 'COMMENTED',
            issue: { number: 1, title: 'Streams stall', repository },
            comment: { body: 'Seen it too', author: { login: 'alice' } },
          },
        },
      },
      {
        data: {
          issueEvents: {
            action: 'CLOSED',
            issue: { number: 1, title: 'Streams stall', repository },
            comment: null,
          },
        },
      },
    ]);
    sub.stop();
    await listening(0);
  });

  it('handles variables, fragments, aliases, __typename and @include as queries do', async () => {
    const repo = uniqueRepo('alice');
    fed.rows.set(repo, { description: 'Fragments everywhere', private: false });
    const query = `subscription Watch($repo: String!, $withRepository: Boolean!, $skipComment: Boolean = true) {
      feed: issueEvents(repository: $repo) {
        __typename
        kind: action
        ...IssueBits
        comment @skip(if: $skipComment) { body }
      }
    }
    fragment IssueBits on IssueEvent {
      issue {
        __typename
        n: number
        repository @include(if: $withRepository) { ... on Repository { about: description fullName } }
      }
    }`;
    const client = connect('bob').client;
    const withRepo = collect(client, query, { repo, withRepository: true });
    const without = collect(client, query, { repo, withRepository: false });
    await listening(2);
    await createIssue(repo, 'Shapes');
    await until(() => withRepo.results.length === 1 && without.results.length === 1, 'events');
    expect(withRepo.results[0]).toEqual({
      data: {
        feed: {
          __typename: 'IssueEvent',
          kind: 'CREATED',
          issue: {
            __typename: 'Issue',
            n: 1,
            repository: { about: 'Fragments everywhere', fullName: repo },
          },
        },
      },
    });
    expect(without.results[0]).toEqual({
      data: {
        feed: { __typename: 'IssueEvent', kind: 'CREATED', issue: { __typename: 'Issue', n: 1 } },
      },
    });
    withRepo.stop();
    without.stop();
    await listening(0);
  });

  it('rejects invalid operations and variables with errors, not a closed socket', async () => {
    const { client, closes } = connect('bob');
    const invalid = collect(client, 'subscription { issueEvents(repository: "a/b") { nope } }');
    const badVariable = collect(client, ISSUE_EVENTS, { repository: 42 });
    const twoFields = collect(
      client,
      'subscription { a: issueEvents(repository: "a/b") { action } b: issueEvents(repository: "a/c") { action } }',
    );
    await Promise.all([invalid.ended, badVariable.ended, twoFields.ended]);
    expect(invalid.results[0].error[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(badVariable.results[0].error[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(twoFields.results[0].error[0].message).toMatch(/only one top level field/);
    expect(closes).toEqual([]);
  });

  it('serves queries and mutations over the same socket', async () => {
    const repo = uniqueRepo('bob');
    const { client } = connect('bob');
    const created = collect(
      client,
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { number author { login } } }',
      { i: { repository: repo, title: 'Over WS' } },
    );
    await created.ended;
    expect(created.results).toEqual([
      { data: { createIssue: { number: 1, author: { login: 'bob' } } } },
    ]);
    const listed = collect(
      client,
      'query($r: String!) { issues(repository: $r) { nodes { title repository { description } } } }',
      { r: repo },
    );
    await listed.ended;
    expect(listed.results[0].data.issues.nodes).toEqual([
      { title: 'Over WS', repository: { description: `About ${repo}` } },
    ]);
  });
});

describe('authentication and authorization', () => {
  it('closes a connection with a bad token with 4403 Forbidden', async () => {
    const forged = await signSessionToken('another-secret-of-sufficient-length', 'alice');
    const { client, closes } = connectWs(fed.gateway.url, forged);
    connections.push({ client, closes });
    const sub = collect(client, ISSUE_EVENTS, { repository: 'alice/x' });
    await sub.ended;
    expect(closes).toEqual([4403]);
  });

  it('closes a connection with 4403 when its session expires, after serving it until then', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3;
    const shortLived = await signSessionToken(JWT_SECRET, 'bob', { expiresIn: expiresAt });
    const { client, closes } = connectWs(fed.gateway.url, shortLived);
    connections.push({ client, closes });
    const repo = uniqueRepo('alice');
    const sub = collect(client, ISSUE_EVENTS, { repository: repo });
    await listening(1);
    await createIssue(repo, 'Seen while the session lasts');
    await until(() => sub.results.length === 1, 'the event');
    expect(closes).toEqual([]);
    await until(() => closes.length > 0, 'the close at expiry', 10_000);
    expect(closes).toEqual([4403]);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
    await listening(0);
  });

  it("keeps a private repository's events to its owner", async () => {
    const repo = uniqueRepo('alice');
    fed.rows.set(repo, { description: 'Owner eyes only', private: true });
    const owner = collect(connect('alice').client, ISSUE_EVENTS, { repository: repo });
    const stranger = collect(connect('mallory').client, ISSUE_EVENTS, { repository: repo });
    const anonymous = collect(connect().client, ISSUE_EVENTS, { repository: repo });
    await Promise.all([stranger.ended, anonymous.ended]);
    for (const refused of [stranger, anonymous]) {
      expect(refused.results).toEqual([
        {
          data: null,
          errors: [
            expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
          ],
        },
      ]);
    }
    await listening(1);
    await createIssue(repo, 'Private matter');
    await until(() => owner.results.length === 1, 'the owner event');
    expect(owner.results[0].data.issueEvents.issue.repository).toEqual({
      fullName: repo,
      description: 'Owner eyes only',
      private: true,
    });

    // Access is checked per event: a public repository made private stops reaching others.
    const shared = uniqueRepo('alice');
    fed.rows.set(shared, { description: 'Open for now', private: false });
    const watcher = collect(connect('mallory').client, ISSUE_EVENTS, { repository: shared });
    await listening(2);
    await createIssue(shared, 'Public news');
    await until(() => watcher.results.length === 1, 'the public event');
    fed.rows.set(shared, { description: 'Closed now', private: true });
    await createIssue(shared, 'Private news');
    // The shared feed carries the event marked private: the gateway asks again before
    // delivering it and ends the watcher, who may no longer read the repository.
    await watcher.ended;
    expect(watcher.results).toEqual([
      expect.objectContaining({ data: expect.anything() }),
      {
        data: null,
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
        ],
      },
    ]);
    expect(JSON.stringify(watcher.results)).not.toContain('Private news');
    owner.stop();
    watcher.stop();
    await listening(0);
  });
});

describe('resilience', () => {
  it('reports a failing entity fetch as an error on that event and keeps the subscription', async () => {
    const repo = uniqueRepo('alice');
    fed.rows.set(repo, { description: 'Sometimes away', private: false });
    const sub = collect(
      connect('bob').client,
      `subscription($r: String!) { issueEvents(repository: $r) { action issue { title repository { description } } } }`,
      { r: repo },
    );
    await listening(1);
    await fed.repos.stop();
    try {
      await createIssue(repo, 'While away');
      await until(() => sub.results.length === 1, 'the event without its repository');
    } finally {
      await fed.repos.start();
    }
    expect(sub.results[0].errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
      }),
    ]);
    await createIssue(repo, 'Back again');
    await until(() => sub.results.length === 2, 'the next event');
    expect(sub.results[1]).toEqual({
      data: {
        issueEvents: {
          action: 'CREATED',
          issue: { title: 'Back again', repository: { description: 'Sometimes away' } },
        },
      },
    });
    expect(sub.endedWith).toBeUndefined();
    sub.stop();
    await listening(0);
  });

  it('tells the client when the subgraph connection drops, then reconnects and resubscribes', async () => {
    const repo = uniqueRepo('alice');
    const sub = collect(connect('bob').client, ISSUE_EVENTS, { repository: repo });
    await listening(1);
    await fed.stopIssues();
    await until(() => sub.results.length === 1, 'the interruption notice');
    expect(sub.results[0]).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: expect.stringMatching(/Lost the subscription connection to subgraph "issues"/),
          extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
        }),
      ],
    });
    await fed.startIssues();
    await listening(1);
    await createIssue(repo, 'After the restart');
    await until(() => sub.results.length === 2, 'the event after reconnecting');
    expect(sub.results[1].data.issueEvents.issue.title).toBe('After the restart');
    expect(sub.endedWith).toBeUndefined();
    sub.stop();
    await listening(0);
  });

  it('ends the subscription with an error when the subgraph stays away', async () => {
    const sub = collect(connect('bob').client, ISSUE_EVENTS, { repository: uniqueRepo('alice') });
    await listening(1);
    await fed.stopIssues();
    try {
      // 8 reconnect attempts, at most 300 ms apart in this gateway.
      await until(() => sub.endedWith !== undefined, 'the end of the subscription', 15_000);
    } finally {
      await fed.startIssues();
    }
    expect(sub.endedWith).toBe('complete');
    expect(sub.results[0].errors[0].message).toMatch(/Lost the subscription connection/);
    expect(sub.results.at(-1)).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: expect.stringMatching(/The subscription to subgraph "issues" ended/),
          extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
        }),
      ],
    });
    await until(() => fed.gateway.subscriptionStats().upstreamSubscriptions === 0, 'cleanup');
  });

  it('sends keep-alive pings to clients', async () => {
    const socket = new WebSocket(
      `${fed.gateway.url.replace('http', 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    let pings = 0;
    socket.on('ping', () => (pings += 1));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await until(() => pings >= 2, 'two pings', 5000);
    socket.close();
  });
});

describe('cleanup and metrics', () => {
  it('releases every upstream subscription, socket and listener when clients leave', async () => {
    await Promise.all(
      connections.splice(0).map(async (c) => {
        await c.client.dispose();
      }),
    );
    await until(
      () => fed.gateway.subscriptionStats().clientConnections === 0,
      'earlier clients to leave',
    );
    const repo = uniqueRepo('alice');
    const clients = Array.from({ length: 10 }, (_, i) =>
      connectWs(fed.gateway.url, tokens[['alice', 'bob', 'mallory'][i % 3]!]),
    );
    for (const { client } of clients) {
      for (let i = 0; i < 20; i += 1) collect(client, ISSUE_EVENTS, { repository: repo });
    }
    // One shared feed (with the feed token) serves all 200, plus the access-change watch.
    await until(() => fed.gateway.subscriptionStats().clientSubscriptions === 200, '200 clients');
    await listening(1);
    expect(fed.gateway.subscriptionStats()).toMatchObject({
      clientConnections: 10,
      feeds: 1,
      upstreamSubscriptions: 2,
      upstreamConnections: 1,
    });
    const metrics = await request(`${fed.gateway.url}/metrics`);
    expect(metrics.body).toMatch(
      /gateway_subscriptions_active\{[^}]*field="issueEvents"[^}]*\} 200/,
    );

    await Promise.all(
      clients.map(async ({ client }) => {
        await client.dispose();
      }),
    );
    await until(
      () =>
        fed.gateway.subscriptionStats().clientConnections === 0 &&
        fed.gateway.subscriptionStats().upstreamSubscriptions === 0 &&
        fed.gateway.subscriptionStats().upstreamConnections === 0,
      'the gateway to release everything',
    );
    await listening(0);
    await until(
      () => fed.issues.subscriptions.connections() === 0,
      'the subgraph sockets to close',
    );
    const after = await request(`${fed.gateway.url}/metrics`);
    expect(after.body).toMatch(/gateway_subscriptions_active\{[^}]*field="issueEvents"[^}]*\} 0/);
  });

  it('exports delivered events and the delivery latency', async () => {
    const metrics = await request(`${fed.gateway.url}/metrics`);
    expect(metrics.body).toMatch(
      /gateway_subscription_events_delivered_total\{[^}]*field="issueEvents"[^}]*\} [1-9]/,
    );
    expect(metrics.body).toMatch(/gateway_subscription_delivery_seconds_count\{[^}]*\} [1-9]/);
    expect(metrics.body).toMatch(/gateway_subscription_upstream_interruptions_total/);
  });
});
