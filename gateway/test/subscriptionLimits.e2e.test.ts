import WebSocket from 'ws';
import { startFederation, type Federation } from './support/federation';
import { uniqueRepo } from './support/startIssuesSubgraph';
import { collect, connectWs, until, type Collected, type WsConnection } from './support/wsClient';

/**
 * Issue 13, item 7: one anonymous connection opened 1,000 subscriptions. The gateway's defaults
 * cap operations per connection (100) and connections per client address (20).
 */
let fed: Federation;
const connections: WsConnection[] = [];

beforeAll(async () => {
  fed = await startFederation();
});

afterAll(async () => {
  for (const c of connections) await c.client.dispose();
  await fed?.close();
});

const ISSUE_EVENTS = `subscription($repository: String!) {
  issueEvents(repository: $repository) { action }
}`;

/** Client subscriptions the gateway serves. */
const served = () => fed.gateway.subscriptionStats().clientSubscriptions;

const connect = () => {
  const connection = connectWs(fed.gateway.url);
  connections.push(connection);
  return connection;
};

/** Opens a raw graphql-transport-ws socket: resolves with the HTTP status it was refused with, or 101. */
function upgradeStatus(): Promise<{ status: number; socket?: WebSocket; body?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(
      `${fed.gateway.url.replace(/^http/, 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/**
 * An upgrade that is accepted once the server has counted earlier sockets closed (it counts a
 * place free when the TCP socket has closed, a moment after the client sees the close).
 */
async function acceptedUpgrade(): Promise<WebSocket> {
  const deadline = Date.now() + 5000;
  let attempt = await upgradeStatus();
  while (attempt.status === 429 && Date.now() < deadline) attempt = await upgradeStatus();
  expect(attempt.status).toBe(101);
  return attempt.socket!;
}

it('refuses subscriptions over the per-connection cap with RATE_LIMITED, keeping the others', async () => {
  const repo = uniqueRepo('alice');
  const { client, closes } = connect();
  const subs: Collected[] = [];
  for (let i = 0; i < 120; i += 1) subs.push(collect(client, ISSUE_EVENTS, { repository: repo }));
  await until(() => subs.filter((s) => s.endedWith === 'error').length === 20, 'the refusals');
  // One shared upstream feed serves them all.
  await until(() => served() === 100 && fed.subscriptionListeners() === 1, '100 subscriptions');

  const refused = subs.filter((s) => s.endedWith === 'error');
  for (const sub of refused) {
    expect(sub.results).toEqual([
      {
        error: [
          {
            message: 'At most 100 operations at once on one connection',
            extensions: { code: 'RATE_LIMITED', limit: 100 },
          },
        ],
      },
    ]);
  }
  // The connection stays open, and ending one subscription makes room for another.
  expect(closes).toEqual([]);
  subs[0]!.stop();
  await until(() => served() === 99, 'one subscription released');
  const again = collect(client, ISSUE_EVENTS, { repository: repo });
  await until(() => served() === 100, 'the new subscription');
  expect(again.endedWith).toBeUndefined();

  for (const sub of subs) sub.stop();
  again.stop();
  await until(
    () => served() === 0 && fed.subscriptionListeners() === 0,
    'every subscription released',
  );
  await client.dispose();
  await until(() => fed.gateway.subscriptionStats().clientConnections === 0, 'closed');
});

it('answers the connection over the per-client cap with HTTP 429 at the upgrade', async () => {
  const open: WebSocket[] = [];
  for (let i = 0; i < 20; i += 1) open.push(await acceptedUpgrade());
  await until(() => fed.gateway.subscriptionStats().clientConnections === 20, '20 connections');

  const refused = await upgradeStatus();
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body!)).toEqual({
    errors: [
      {
        message: 'At most 20 connections per client',
        extensions: { code: 'RATE_LIMITED' },
      },
    ],
  });
  expect(fed.gateway.subscriptionStats().clientConnections).toBe(20);

  // A closed connection frees its place.
  const closed = new Promise((resolve) => open[0]!.once('close', resolve));
  open[0]!.close();
  await closed;
  const next = await acceptedUpgrade();
  for (const socket of [...open.slice(1), next]) socket.terminate();
  await until(() => fed.gateway.subscriptionStats().clientConnections === 0, 'all closed');
});
