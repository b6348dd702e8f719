import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, SubscribePayload } from 'graphql-ws';
import { signSessionToken } from '@gitforge/auth';
import type { GatewayOptions } from '../../src/createGateway';
import { JWT_SECRET } from '../support/helpers';
import { connectWs, type WsConnection } from '../support/wsClient';
import {
  federation,
  startFederatedGraph,
  type FederatedGraph,
} from '../federation/support/federatedGraph';

/**
 * The persisted-operations allow-list and automatic persisted queries on graphql-ws `subscribe`
 * messages: the same rules as over HTTP, refused before any subscription is opened upstream.
 */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Subscriptions the subgraph opened (the generator started), i.e. that reached upstream. */
let opened = 0;
const ticks = {
  name: 'ticks',
  typeDefs: `${federation('key')}
    type Query { tick(id: ID!): Tick }
    type Subscription { ticks(to: Int!): Tick! }
    type Tick @key(fields: "id") { id: ID! n: Int! }`,
  resolvers: {
    Query: { tick: (_: unknown, { id }: { id: string }) => ({ id, n: Number(id.slice(1)) }) },
    Subscription: {
      ticks: {
        subscribe: async function* (_: unknown, { to }: { to: number }) {
          opened += 1;
          for (let n = 1; n <= to; n += 1) yield { ticks: { id: `t${n}`, n } };
        },
      },
    },
  },
};

const LISTED = 'subscription Listed { ticks(to: 2) { n } }';
const LISTED_QUERY = 'query ListedTick { tick(id: "t7") { n } }';
const UNLISTED = 'subscription Unlisted { ticks(to: 3) { id n } }';
const UNLISTED_QUERY = '{ tick(id: "t8") { id n } }';
const LISTED_EVENTS = [{ data: { ticks: { n: 1 } } }, { data: { ticks: { n: 2 } } }];
const UNLISTED_EVENTS = [1, 2, 3].map((n) => ({ data: { ticks: { id: `t${n}`, n } } }));

interface Outcome {
  results: unknown[];
  /** The errors of graphql-ws's `error` message, if the operation ended with one. */
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Sends one `subscribe` message as given and waits for the operation to end. */
function run(client: Client, payload: SubscribePayload): Promise<Outcome> {
  const outcome: Outcome = { results: [] };
  return new Promise((resolve) => {
    client.subscribe(payload, {
      next: (value) => outcome.results.push(value),
      error: (err) => {
        outcome.errors = err as Outcome['errors'];
        resolve(outcome);
      },
      complete: () => resolve(outcome),
    });
  });
}

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const codeOf = (outcome: Outcome) => outcome.errors?.map((e) => e.extensions?.code);

describe('persisted operations over WebSocket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitforge-pq-ws-'));
  const manifest = join(dir, 'persisted-query-manifest.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: 'ticks-1', body: LISTED, name: 'Listed', type: 'subscription' },
        { id: 'tick-1', body: LISTED_QUERY, name: 'ListedTick', type: 'query' },
      ],
    }),
  );
  const graphs: FederatedGraph[] = [];
  const connections: WsConnection[] = [];
  const tokens: Record<string, string> = {};

  const start = async (execution: GatewayOptions['execution']) => {
    const graph = await startFederatedGraph([ticks], { execution });
    graphs.push(graph);
    return graph;
  };
  const connect = (graph: FederatedGraph, login?: 'bob' | 'alice') => {
    const connection = connectWs(graph.gateway.url, login && tokens[login]);
    connections.push(connection);
    return connection.client;
  };
  /** One connection per viewer: anonymous, an outsider (bob) and the owner (alice). */
  const viewers = (graph: FederatedGraph) =>
    (['anonymous', 'bob', 'alice'] as const).map(
      (login) => [login, connect(graph, login === 'anonymous' ? undefined : login)] as const,
    );

  beforeAll(async () => {
    tokens.bob = await signSessionToken(JWT_SECRET, 'bob');
    tokens.alice = await signSessionToken(JWT_SECRET, 'alice');
  });

  afterAll(async () => {
    await Promise.all(
      connections.map(async (c) => {
        await c.client.dispose();
      }),
    );
    for (const graph of graphs) await graph.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('allow-list (GATEWAY_PERSISTED_OPERATIONS)', () => {
    it('serves listed operations by body, by manifest id and by sha256, to anyone', async () => {
      const graph = await start({ persistedOperations: { manifestPath: manifest } });
      for (const [login, client] of viewers(graph)) {
        const before = opened;
        expect([login, await run(client, { query: LISTED })]).toEqual([
          login,
          { results: LISTED_EVENTS },
        ]);
        // Named only: graphql-ws wants a string query, so the id comes with an empty one.
        for (const id of ['ticks-1', sha256(LISTED)]) {
          expect(await run(client, { query: '', extensions: persisted(id) })).toEqual({
            results: LISTED_EVENTS,
          });
        }
        // Apollo Client's persisted-queries link over a socket sends the body and the id.
        const both = await run(client, { query: LISTED, extensions: persisted('ticks-1') });
        expect(both).toEqual({ results: LISTED_EVENTS });
        expect(opened).toBe(before + 4);

        const query = await run(client, { query: '', extensions: persisted('tick-1') });
        expect(query).toEqual({ results: [{ data: { tick: { n: 7 } } }] });
      }
    });

    it('refuses anything else with PERSISTED_QUERY_NOT_IN_LIST before a subscription is opened upstream', async () => {
      const graph = await start({ persistedOperations: { manifestPath: manifest } });
      const before = opened;
      for (const [login, client] of viewers(graph)) {
        const refused = await run(client, { query: UNLISTED });
        expect([login, refused.results, refused.errors]).toEqual([
          login,
          [],
          [
            {
              message:
                'This gateway serves only its persisted operations, and this one is not among them',
              extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
            },
          ],
        ]);
        // A query or a mutation sent over the socket is held to the same list.
        expect(codeOf(await run(client, { query: UNLISTED_QUERY }))).toEqual([
          'PERSISTED_QUERY_NOT_IN_LIST',
        ]);
        // APQ does not get it in, with or without a listed id beside it.
        for (const id of [sha256(UNLISTED), 'ticks-1']) {
          const apq = await run(client, { query: UNLISTED, extensions: persisted(id) });
          expect(codeOf(apq)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
        }
        const unknownId = await run(client, { query: '', extensions: persisted(sha256(UNLISTED)) });
        expect(codeOf(unknownId)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      }
      expect(opened).toBe(before);
      expect(graph.gateway.subscriptionStats().upstreamSubscriptions).toBe(0);
      expect(graph.gateway.executionStats().persistedQueries).toBe(0);
    });

    it('is enforced on the socket with the fast path off too', async () => {
      const graph = await start({
        enabled: false,
        persistedOperations: { manifestPath: manifest },
      });
      const client = connect(graph);
      expect(codeOf(await run(client, { query: UNLISTED }))).toEqual([
        'PERSISTED_QUERY_NOT_IN_LIST',
      ]);
      expect(await run(client, { query: LISTED })).toEqual({ results: LISTED_EVENTS });
    });

    it('serves arbitrary operations when GATEWAY_ALLOW_ARBITRARY_OPERATIONS is true', async () => {
      const graph = await start({
        persistedOperations: { manifestPath: manifest, allowArbitrary: true },
      });
      for (const [, client] of viewers(graph)) {
        expect(await run(client, { query: UNLISTED })).toEqual({ results: UNLISTED_EVENTS });
        expect(await run(client, { query: UNLISTED_QUERY })).toEqual({
          results: [{ data: { tick: { id: 't8', n: 8 } } }],
        });
      }
    });
  });

  describe('automatic persisted queries', () => {
    it('registers a subscription sent with its hash, then runs it from the hash alone', async () => {
      const graph = await start({});
      const anonymous = connect(graph);
      const bob = connect(graph, 'bob');
      const hash = sha256(UNLISTED);
      expect(codeOf(await run(anonymous, { query: '', extensions: persisted(hash) }))).toEqual([
        'PERSISTED_QUERY_NOT_FOUND',
      ]);
      const registered = await run(anonymous, { query: UNLISTED, extensions: persisted(hash) });
      expect(registered).toEqual({ results: UNLISTED_EVENTS });
      expect(graph.gateway.executionStats().persistedQueries).toBe(1);
      // The store is the gateway's: another connection (and HTTP) finds it.
      expect(await run(bob, { query: '', extensions: persisted(hash) })).toEqual({
        results: UNLISTED_EVENTS,
      });

      // Queries over the socket: Apollo Server registers them in the same store.
      const queryHash = sha256(UNLISTED_QUERY);
      const query = await run(bob, { query: UNLISTED_QUERY, extensions: persisted(queryHash) });
      expect(query).toEqual({ results: [{ data: { tick: { id: 't8', n: 8 } } }] });
      expect(await run(anonymous, { query: '', extensions: persisted(queryHash) })).toEqual(query);
      expect(graph.gateway.executionStats().persistedQueries).toBe(2);
    });

    it('answers the protocol errors: hash mismatch, unsupported version, APQ turned off, no query', async () => {
      const graph = await start({});
      const client = connect(graph);
      const before = opened;
      const mismatch = await run(client, { query: UNLISTED, extensions: persisted(sha256('x')) });
      expect(mismatch.errors).toEqual([
        { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
      ]);
      const version2 = await run(client, {
        query: UNLISTED,
        extensions: { persistedQuery: { version: 2, sha256Hash: sha256(UNLISTED) } },
      });
      expect(version2.errors).toEqual([
        { message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } },
      ]);
      expect(codeOf(await run(client, { query: '' }))).toEqual(['BAD_REQUEST']);
      expect(opened).toBe(before);
      expect(graph.gateway.executionStats().persistedQueries).toBe(0);

      const off = await start({ persistedQueries: false });
      const offClient = connect(off);
      const refused = await run(offClient, {
        query: UNLISTED,
        extensions: persisted(sha256(UNLISTED)),
      });
      expect(refused.errors).toEqual([
        {
          message: 'PersistedQueryNotSupported',
          extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
        },
      ]);
      expect(await run(offClient, { query: UNLISTED })).toEqual({ results: UNLISTED_EVENTS });
    });
  });
});
