import { parse } from 'graphql';
import { isFeedToken, signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../../src/createGateway';
import { serializedPayloadCount } from '../../src/subscriptions/serializeOnce';
import { captureLogger, JWT_SECRET, request } from '../support/helpers';
import { TestSubgraph, type SubgraphModule } from '../support/testSubgraph';
import { collect, connectWs, until, type Collected, type WsConnection } from '../support/wsClient';
import { FeedSubgraph } from './support/feedSubgraph';

/**
 * Shared feeds through the running gateway, against a stand-in of the issues subgraph's issue-15
 * contract over real graphql-ws (`FeedSubgraph`, which counts upstream subscriptions and access
 * checks) and a real federated subgraph resolving `Issue` entities (which records every call).
 */
let stub: FeedSubgraph;
let extra: TestSubgraph;
let gateway: RunningGateway;
const logged = captureLogger();
const tokens: Record<string, string> = {};
const connections: WsConnection[] = [];

const extraModule = (detailsField = 'details'): SubgraphModule => ({
  typeDefs: parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Issue @key(fields: "id") {
      id: ID!
      ${detailsField}: String!
      viewerCanUpdate: Boolean!
    }
  `),
  resolvers: {
    Issue: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      [detailsField]: (issue: { id: string }) => `details of ${issue.id}`,
      viewerCanUpdate: (_: unknown, __: unknown, ctx: { viewer: { login: string } | null }) =>
        ctx.viewer?.login === 'alice',
    },
  },
});

beforeAll(async () => {
  stub = await new FeedSubgraph(JWT_SECRET).start();
  extra = await new TestSubgraph(extraModule(), JWT_SECRET).start();
  gateway = await createGateway({
    subgraphs: [
      { name: 'issues', url: stub.url },
      { name: 'extra', url: extra.url },
    ],
    jwtSecret: JWT_SECRET,
    logger: logged.logger,
    pollIntervalMs: 300,
    subgraphTimeoutMs: 2000,
    subscriptions: {
      keepAliveMs: 1000,
      upstreamRetryMaxDelayMs: 300,
      highWaterMark: 8,
      feedRingSize: 4,
      connectionsPerClient: 1000,
    },
  });
  for (const login of ['alice', 'bob', 'carol', 'mallory']) {
    tokens[login] = await signSessionToken(JWT_SECRET, login);
  }
});

afterAll(async () => {
  if (process.env.DEBUG_FEEDS) console.log(JSON.stringify(logged.lines.slice(-40), null, 1));
  for (const c of connections) await c.client.dispose();
  await gateway?.close();
  await stub?.stop();
  await extra?.dispose();
});

const connect = (login?: string) => {
  const connection = connectWs(gateway.url, login ? tokens[login] : undefined);
  connections.push(connection);
  return connection;
};

const EVENTS = `subscription($repository: String!, $after: String) {
  issueEvents(repository: $repository, after: $after) { action cursor issue { id details } }
}`;

const watched: Collected[] = [];
const subscribe = (
  login: string | undefined,
  query: string,
  variables: Record<string, unknown>,
): Collected => {
  const collected = collect(connect(login).client, query, variables);
  watched.push(collected);
  return collected;
};
const watch = (login: string | undefined, repository: string, after?: string): Collected =>
  subscribe(login, EVENTS, { repository, ...(after ? { after } : {}) });

// Each test starts with no subscription left (a failed one does not spoil the next).
afterEach(async () => {
  for (const c of watched.splice(0)) c.stop();
  await until(() => gateway.subscriptionStats().feeds === 0, 'every feed to close');
});

/** `_entities` calls the extra subgraph received since `from`, with their Authorization. */
const entityCalls = (from: number) =>
  extra.received.slice(from).filter((r) => r.query.includes('_entities'));

const actions = (c: Collected) => c.results.map((r) => r.data?.issueEvents?.action);

let repoSeq = 0;
const newRepo = (access: { public: boolean; members?: string[] }) => {
  repoSeq += 1;
  const name = `owner/repo-${repoSeq}`;
  stub.repositories.set(name, { public: access.public, members: new Set(access.members ?? []) });
  return name;
};

describe('shared feeds', () => {
  it('serves many clients of one feed from one upstream subscription, opened with the feed token', async () => {
    const repo = newRepo({ public: true });
    const clients = [
      watch('alice', repo),
      watch('bob', repo),
      watch(undefined, repo),
      watch(undefined, repo),
      watch('mallory', repo),
    ];
    await until(() => gateway.subscriptionStats().clientSubscriptions === 5, 'five clients');
    await until(() => stub.subscriptions(repo) === 1, 'the one upstream subscription');
    expect(stub.connectionTokens.some((t) => isFeedToken(JWT_SECRET, t))).toBe(true);

    const calls = extra.received.length;
    const serialized = serializedPayloadCount();
    const e1 = stub.emit(repo, 'CREATED');
    const e2 = stub.emit(repo, 'CLOSED');
    await until(() => clients.every((c) => c.results.length === 2), 'two events each');
    for (const client of clients) {
      expect(client.results).toEqual([
        {
          data: {
            issueEvents: {
              action: 'CREATED',
              cursor: e1.cursor,
              issue: { id: e1.issueId, details: `details of ${e1.issueId}` },
            },
          },
        },
        {
          data: {
            issueEvents: {
              action: 'CLOSED',
              cursor: e2.cursor,
              issue: { id: e2.issueId, details: `details of ${e2.issueId}` },
            },
          },
        },
      ]);
    }
    // One audience (public, same selection): one entity fetch, anonymous, and one JSON per event.
    const fetched = entityCalls(calls);
    expect(fetched).toHaveLength(2);
    expect(fetched.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(serializedPayloadCount() - serialized).toBe(2);

    const metrics = await request(`${gateway.url}/metrics`);
    expect(metrics.body).toMatch(/gateway_subscription_feeds\{[^}]*subgraph="issues"[^}]*\} 1/);
    expect(metrics.body).toMatch(
      /gateway_subscription_audiences_resolved_total\{[^}]*field="issueEvents"[^}]*\} [1-9]/,
    );

    for (const client of clients) client.stop();
    await until(() => stub.subscriptions(repo) === 0, 'the upstream subscription to close');
    await until(() => stub.changeListeners.size === 0, 'the access watch to close');
    expect(gateway.subscriptionStats()).toMatchObject({ feeds: 0, clientSubscriptions: 0 });
  });

  it('takes a variable the client left out from its default (the playground sends none)', async () => {
    const repo = newRepo({ public: true });
    const client = subscribe(
      'alice',
      `subscription($repository: String! = "${repo}") {
        issueEvents(repository: $repository) { action issue { id } }
      }`,
      {},
    );
    await until(() => stub.subscriptions(repo) === 1, 'the feed of the default repository');
    const event = stub.emit(repo, 'CREATED');
    await until(() => client.results.length === 1, 'the event');
    expect(client.results[0]).toEqual({
      data: { issueEvents: { action: 'CREATED', issue: { id: event.issueId } } },
    });
  });

  it('keeps a feed per viewer when the owning subgraph answers a selected field per viewer', async () => {
    const repo = newRepo({ public: true });
    const query = `subscription($repository: String!) {
      issueEvents(repository: $repository) { action viewerIsSignedIn }
    }`;
    const alice = subscribe('alice', query, { repository: repo });
    const anonymous = subscribe(undefined, query, { repository: repo });
    await until(() => stub.subscriptions(repo) === 2, 'one upstream subscription per viewer');
    stub.emit(repo, 'CREATED');
    await until(() => alice.results.length + anonymous.results.length === 2, 'the event');
    // Not the feed token's answer (false) shared by both: each viewer's own.
    expect(alice.results).toEqual([
      { data: { issueEvents: { action: 'CREATED', viewerIsSignedIn: true } } },
    ]);
    expect(anonymous.results).toEqual([
      { data: { issueEvents: { action: 'CREATED', viewerIsSignedIn: false } } },
    ]);
  });

  it('resolves viewer-specific selections per viewer, with their own Authorization', async () => {
    const repo = newRepo({ public: true });
    const query = `subscription($r: String!) { issueEvents(repository: $r) { action issue { viewerCanUpdate } } }`;
    const alice = subscribe('alice', query, { r: repo });
    const bob = subscribe('bob', query, { r: repo });
    await until(
      () => stub.subscriptions(repo) === 1 && gateway.subscriptionStats().clientSubscriptions === 2,
      'both',
    );
    const calls = extra.received.length;
    stub.emit(repo, 'CREATED');
    await until(() => alice.results.length === 1 && bob.results.length === 1, 'the event');
    expect(alice.results[0].data.issueEvents.issue.viewerCanUpdate).toBe(true);
    expect(bob.results[0].data.issueEvents.issue.viewerCanUpdate).toBe(false);
    const fetched = entityCalls(calls);
    expect(fetched.map((r) => r.headers.authorization).sort()).toEqual(
      [`Bearer ${tokens.alice}`, `Bearer ${tokens.bob}`].sort(),
    );
    alice.stop();
    bob.stop();
    await until(() => stub.subscriptions(repo) === 0, 'cleanup');
  });
});

describe('permissions', () => {
  it("delivers a private repository's events only to admitted viewers, fetching entities once as one of them", async () => {
    const repo = newRepo({ public: false, members: ['alice', 'bob'] });
    const alice = watch('alice', repo);
    const bob = watch('bob', repo);
    const mallory = watch('mallory', repo);
    const anonymous = watch(undefined, repo);
    await Promise.all([mallory.ended, anonymous.ended]);
    for (const refused of [mallory, anonymous]) {
      expect(refused.results).toEqual([
        { data: null, errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })] },
      ]);
    }
    await until(
      () => gateway.subscriptionStats().clientSubscriptions === 2 && stub.subscriptions(repo) === 1,
      'two members on one feed',
    );
    const calls = extra.received.length;
    stub.emit(repo, 'CREATED');
    await until(() => alice.results.length === 1 && bob.results.length === 1, 'the event');
    const fetched = entityCalls(calls);
    expect(fetched).toHaveLength(1);
    expect([`Bearer ${tokens.alice}`, `Bearer ${tokens.bob}`]).toContain(
      fetched[0]!.headers.authorization,
    );
    alice.stop();
    bob.stop();
  });

  it('re-checks before delivering a private event of a feed that believed the repository public', async () => {
    const repo = newRepo({ public: true, members: ['carol'] });
    const carol = watch('carol', repo);
    const mallory = watch('mallory', repo);
    await until(
      () => stub.subscriptions(repo) === 1 && gateway.subscriptionStats().clientSubscriptions === 2,
      'both',
    );
    stub.emit(repo, 'CREATED');
    await until(() => carol.results.length === 1 && mallory.results.length === 1, 'public event');
    // Made private without an access change message: the event's visibility says so.
    stub.repositories.get(repo)!.public = false;
    stub.emit(repo, 'SECRET');
    await until(() => carol.results.length === 2, 'the private event to the member');
    await mallory.ended;
    expect(actions(carol)).toEqual(['CREATED', 'SECRET']);
    expect(mallory.results).toHaveLength(2);
    expect(mallory.results[1]).toEqual({
      data: null,
      errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })],
    });
    carol.stop();
  });

  it('ends a subscriber who loses access (repositoryAccessChanges) within a second', async () => {
    const repo = newRepo({ public: false, members: ['alice', 'bob'] });
    const alice = watch('alice', repo);
    const bob = watch('bob', repo);
    await until(
      () => stub.subscriptions(repo) === 1 && gateway.subscriptionStats().clientSubscriptions === 2,
      'both',
    );
    await until(() => stub.changeListeners.size === 1, 'the access watch');
    const checks = stub.accessChecks.length;
    stub.changeAccess(repo, { members: ['alice'] });
    await until(() => bob.endedWith !== undefined, 'bob to be ended', 1000);
    expect(bob.results.at(-1)).toEqual({
      data: null,
      errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })],
    });
    // One check per Authorization.
    expect(stub.accessChecks.slice(checks).sort()).toEqual(['alice', 'bob']);
    stub.emit(repo, 'AFTER');
    await until(() => alice.results.length === 1, 'alice keeps receiving');
    expect(actions(bob)).toEqual([undefined]);
    alice.stop();
  });
});

describe('resume', () => {
  it('replays from the ring, then continues live: no gap, no duplicate', async () => {
    const repo = newRepo({ public: true });
    const first = watch('alice', repo);
    await until(() => stub.subscriptions(repo) === 1, 'the feed');
    const [e1] = [stub.emit(repo, 'E1'), stub.emit(repo, 'E2'), stub.emit(repo, 'E3')];
    await until(() => first.results.length === 3, 'three events');
    const upstreamCalls = stub.subscribedAfter.length;
    const resumed = watch('bob', repo, e1.cursor);
    await until(() => resumed.results.length === 2, 'the replay');
    const calls = extra.received.length;
    stub.emit(repo, 'E4');
    await until(() => resumed.results.length === 3 && first.results.length === 4, 'live');
    expect(actions(resumed)).toEqual(['E2', 'E3', 'E4']);
    // Resuming from a cursor does not make another audience: E4 is fetched once for both.
    expect(entityCalls(calls)).toHaveLength(1);
    expect(stub.subscribedAfter.length).toBe(upstreamCalls);
    first.stop();
    resumed.stop();
  });

  it('catches up through a temporary upstream subscription merged into the feed by cursor', async () => {
    const repo = newRepo({ public: true });
    const first = watch('alice', repo);
    await until(() => stub.subscriptions(repo) === 1, 'the feed');
    const emitted = Array.from({ length: 8 }, (_, i) => stub.emit(repo, `E${i + 1}`));
    await until(() => first.results.length === 8, 'eight events');
    // The ring holds 4: E2 is older than it.
    const resumed = watch('bob', repo, emitted[1]!.cursor);
    await until(() => resumed.results.length === 6, 'the catch-up');
    expect(stub.subscribedAfter).toContain(emitted[1]!.cursor);
    await until(() => stub.subscriptions(repo) === 1, 'the temporary subscription to close');
    stub.emit(repo, 'E9');
    await until(() => resumed.results.length === 7, 'live');
    expect(actions(resumed)).toEqual(['E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9']);
    first.stop();
    resumed.stop();
  });

  it('hands CURSOR_EXPIRED and BAD_USER_INPUT from the subgraph to the client', async () => {
    const repo = newRepo({ public: true });
    const expired = watch('alice', repo, 'c000000');
    const malformed = watch('alice', repo, 'not-a-cursor');
    await Promise.all([expired.ended, malformed.ended]);
    expect(expired.results.at(-1).errors[0].extensions.code).toBe('CURSOR_EXPIRED');
    expect(malformed.results.at(-1).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await until(() => stub.subscriptions(repo) === 0, 'cleanup');
  });

  it('resubscribes after an upstream drop with after = the last cursor: clients see no gap', async () => {
    const repo = newRepo({ public: true });
    const client = watch('alice', repo);
    await until(() => stub.subscriptions(repo) === 1, 'the feed');
    const e1 = stub.emit(repo, 'E1');
    await until(() => client.results.length === 1, 'first event');
    stub.dropConnections();
    await until(() => stub.subscriptions(repo) === 0, 'the drop');
    stub.emit(repo, 'E2');
    stub.emit(repo, 'E3');
    await until(() => stub.subscriptions(repo) === 1, 'the resubscription');
    expect(stub.subscribedAfter.at(-1)).toBe(e1.cursor);
    await until(() => client.results.length === 3, 'the missed events');
    stub.emit(repo, 'E4');
    await until(() => client.results.length === 4, 'live again');
    expect(actions(client)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(client.endedWith).toBeUndefined();
    client.stop();
  });
});
