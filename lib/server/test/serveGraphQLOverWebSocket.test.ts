import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { buildSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { signSessionToken, viewerFromAuthorization, type Viewer } from '@gitforge/auth';
import { serveGraphQLOverWebSocket, type GraphQLWebSocketServer } from '../src';

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const schema = buildSchema(`
  type Query { viewer: String }
  type Subscription { ticks: Int }
`);
const rootValue = {
  viewer: (_: unknown, ctx: { viewer: Viewer | null }) => ctx.viewer?.login ?? null,
  // Never yields: a subscription that stays open until the client completes it.
  ticks: () => ({
    [Symbol.asyncIterator]: () => ({
      next: () => new Promise<IteratorResult<unknown>>(() => undefined),
      return: async () => ({ done: true as const, value: undefined }),
    }),
  }),
};

let http: Server;
let server: GraphQLWebSocketServer;
let url: string;
let authentications = 0;

beforeAll(async () => {
  http = createServer();
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  url = `ws://127.0.0.1:${(http.address() as { port: number }).port}/graphql`;
  server = serveGraphQLOverWebSocket({
    httpServer: http,
    path: '/graphql',
    logger: pino({ level: 'silent' }),
    authenticate: (authorization) => {
      authentications += 1;
      return viewerFromAuthorization(SECRET, authorization);
    },
    maxPayloadBytes: 1024,
    limits: { subscriptionsPerConnection: 2, connectionsPerClient: 3 },
    graphql: {
      schema,
      roots: { query: rootValue, subscription: rootValue },
      context: (ctx) => ({ viewer: ctx.extra.viewer }),
    },
  });
});

afterAll(async () => {
  await server.close();
  http.close();
});

const client = (token?: string) =>
  createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
  });

function run(c: ReturnType<typeof client>, query: string): Promise<unknown> {
  return new Promise((resolve) => {
    let last: unknown;
    c.subscribe(
      { query },
      { next: (v) => (last = v), error: resolve, complete: () => resolve(last) },
    );
  });
}

it('verifies the session token once per connection, not per operation', async () => {
  const before = authentications;
  const c = client(await signSessionToken(SECRET, 'alice'));
  for (let i = 0; i < 3; i += 1) {
    expect(await run(c, '{ viewer }')).toEqual({ data: { viewer: 'alice' } });
  }
  expect(authentications - before).toBe(1);
  await c.dispose();
});

it('closes a connection whose message exceeds the payload limit with 1009', async () => {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(2048) } }));
  const [code] = (await once(socket, 'close')) as [number];
  expect(code).toBe(1009);
});

it('refuses a subscription over the per-connection cap with a RATE_LIMITED error', async () => {
  const c = client();
  const ignore = { next: () => undefined, error: () => undefined, complete: () => undefined };
  for (let i = 0; i < 2; i += 1) c.subscribe({ query: 'subscription { ticks }' }, ignore);
  const refused = await run(c, 'subscription { ticks }');
  expect(refused).toEqual([
    {
      message: 'At most 2 operations at once on one connection',
      extensions: { code: 'RATE_LIMITED', limit: 2 },
    },
  ]);
  await c.dispose();
});
