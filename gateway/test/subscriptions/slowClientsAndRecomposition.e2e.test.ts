import type { Socket } from 'node:net';
import { parse } from 'graphql';
import WebSocket from 'ws';
import { signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../../src/createGateway';
import { SLOW_CLIENT_CLOSE } from '../../src/subscriptions/FederatedSubscriptions';
import { captureLogger, JWT_SECRET, request } from '../support/helpers';
import { TestSubgraph, type SubgraphModule } from '../support/testSubgraph';
import { collect, connectWs, until, type Collected, type WsConnection } from '../support/wsClient';
import { FeedSubgraph } from './support/feedSubgraph';

/**
 * Delivery under a client that does not read, and subscriptions across a recomposition, against
 * the stand-in issues subgraph (real graphql-ws) and a real entity subgraph whose schema changes.
 */
let stub: FeedSubgraph;
let extra: TestSubgraph;
let gateway: RunningGateway;
let token: string;
const connections: WsConnection[] = [];
const sockets: WebSocket[] = [];

const extraModule = (detailsField: string): SubgraphModule => ({
  typeDefs: parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Issue @key(fields: "id") {
      id: ID!
      ${detailsField}: String!
    }
  `),
  resolvers: {
    Issue: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      [detailsField]: (issue: { id: string }) => `about ${issue.id}`,
    },
  },
});

beforeAll(async () => {
  stub = await new FeedSubgraph(JWT_SECRET).start();
  extra = await new TestSubgraph(extraModule('details'), JWT_SECRET, {
    recordRequests: false,
  }).start();
  gateway = await createGateway({
    subgraphs: [
      { name: 'issues', url: stub.url },
      { name: 'extra', url: extra.url },
    ],
    jwtSecret: JWT_SECRET,
    logger: captureLogger().logger,
    pollIntervalMs: 250,
    subgraphTimeoutMs: 2000,
    subscriptions: { keepAliveMs: 60_000, highWaterMark: 8 },
  });
  token = await signSessionToken(JWT_SECRET, 'alice');
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  for (const c of connections) await c.client.dispose();
  await gateway?.close();
  await stub?.stop();
  await extra?.dispose();
});

const subscribe = (query: string, variables: Record<string, unknown>): Collected => {
  const connection = connectWs(gateway.url, token);
  connections.push(connection);
  return collect(connection.client, query, variables);
};

/** A graphql-transport-ws client that subscribes, then stops reading its socket. */
async function stalledSubscriber(query: string, variables: Record<string, unknown>) {
  const socket = new WebSocket(
    `${gateway.url.replace(/^http/, 'ws')}/graphql`,
    'graphql-transport-ws',
  );
  sockets.push(socket);
  const state = { closeCode: undefined as number | undefined, received: 0 };
  socket.on('close', (code) => (state.closeCode = code));
  socket.on('message', () => (state.received += 1));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  await until(() => state.received === 1, 'connection_ack');
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  const tcp = (socket as unknown as { _socket: Socket })._socket;
  return {
    state,
    stopReading: () => tcp.pause(),
    readAgain: () => tcp.resume(),
  };
}

const slowCloses = async () => {
  const metrics = await request(`${gateway.url}/metrics`);
  const match = /gateway_subscription_slow_client_closes_total(?:\{[^}]*\})? (\d+)/.exec(
    metrics.body as string,
  );
  return Number(match?.[1] ?? 0);
};

describe('a client that does not read', () => {
  it('does not delay another client of the feed, and is closed with 4429', async () => {
    const repo = 'owner/firehose';
    const query = `subscription($r: String!) { issueEvents(repository: $r) { action payload } }`;
    const fast = subscribe(query, { r: repo });
    const slow = await stalledSubscriber(query, { r: repo });
    await until(
      () => gateway.subscriptionStats().clientSubscriptions === 2 && stub.subscriptions(repo) === 1,
      'both subscribers on one feed',
    );
    slow.stopReading();
    const big = 'x'.repeat(256 * 1024);
    const count = 60;
    // Paced by the fast client: it never has more than one event waiting, the slow one piles up.
    for (let i = 0; i < count; i += 1) {
      stub.emit(repo, `E${i}`, big);
      await until(() => fast.results.length === i + 1, `event ${i} at the fast client`);
    }
    expect(fast.results.map((r) => r.data.issueEvents.action)).toEqual(
      Array.from({ length: count }, (_, i) => `E${i}`),
    );
    await until(async () => (await slowCloses()) === 1, 'the slow client to be closed');
    expect(fast.endedWith).toBeUndefined();
    slow.readAgain();
    await until(() => slow.state.closeCode !== undefined, 'the close frame', 15_000);
    expect(slow.state.closeCode).toBe(SLOW_CLIENT_CLOSE.code);
    fast.stop();
    await until(() => stub.subscriptions(repo) === 0, 'cleanup');
  });
});

describe('WebSocket compression', () => {
  it('is not negotiated (each result is written as serialized, once)', async () => {
    const socket = new WebSocket(
      `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      'graphql-transport-ws',
      { perMessageDeflate: true },
    );
    sockets.push(socket);
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.extensions).toBe('');
    socket.close();
  });
});

describe('recomposition', () => {
  it('keeps subscriptions the new schema still serves and ends the ones it breaks', async () => {
    const repo = 'owner/evolving';
    const broken = subscribe(
      `subscription($r: String!) { issueEvents(repository: $r) { action issue { id details } } }`,
      { r: repo },
    );
    const kept = subscribe(
      `subscription($r: String!) { issueEvents(repository: $r) { action issue { id } } }`,
      { r: repo },
    );
    await until(
      () =>
        gateway.subscriptionStats().clientSubscriptions === 2 &&
        stub.subscriptions(repo) > 0 &&
        stub.subscriptions(repo) === gateway.subscriptionStats().feeds,
      'every feed upstream',
    );
    stub.emit(repo, 'BEFORE');
    await until(() => broken.results.length === 1 && kept.results.length === 1, 'first event');

    await extra.setModule(extraModule('summary'));
    await until(() => broken.endedWith !== undefined, 'the broken subscription to end', 15_000);
    expect(broken.results.at(-1)).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: expect.stringMatching(/schema changed.*details/),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ],
    });
    stub.emit(repo, 'AFTER');
    await until(() => kept.results.length === 2, 'the kept subscription to go on');
    expect(kept.results.map((r) => r.data.issueEvents.action)).toEqual(['BEFORE', 'AFTER']);
    expect(kept.endedWith).toBeUndefined();
    kept.stop();
  });
});
