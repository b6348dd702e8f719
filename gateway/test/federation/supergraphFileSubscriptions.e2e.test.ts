import { writeFile } from 'node:fs/promises';
import { waitFor } from '../support/helpers';
import { collect, connectWs, type WsConnection } from '../support/wsClient';
import {
  composeSupergraph,
  federation,
  startFederatedGraph,
  startSubgraph,
  type FederatedGraph,
  type RunningSubgraph,
} from './support/federatedGraph';

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
          for (let n = 1; n <= to; n += 1) yield { ticks: { id: `t${n}`, n } };
        },
      },
    },
  },
};

const labels = (prefix: string) => ({
  name: 'labels',
  typeDefs: `${federation('key')}
    type Tick @key(fields: "id") { id: ID! label: String! }`,
  resolvers: {
    Tick: {
      __resolveReference: ({ id }: { id: string }) => ({ id, label: `${prefix} ${id}` }),
    },
  },
});

describe('GATEWAY_SUPERGRAPH: subscriptions', () => {
  let graph: FederatedGraph;
  let ws: WsConnection | undefined;
  let moved: RunningSubgraph | undefined;
  beforeAll(async () => {
    graph = await startFederatedGraph([ticks, labels('first')]);
  });
  afterAll(async () => {
    await ws?.client.dispose();
    await graph.close();
    await moved?.stop();
  });

  it('plans subscriptions over the file, with entity fetches per event, and follows a reload', async () => {
    ws = connectWs(graph.gateway.url);
    const first = collect(ws.client, 'subscription { ticks(to: 3) { n label } }');
    await first.ended;
    expect(first.endedWith).toBe('complete');
    expect(first.results).toEqual([
      { data: { ticks: { n: 1, label: 'first t1' } } },
      { data: { ticks: { n: 2, label: 'first t2' } } },
      { data: { ticks: { n: 3, label: 'first t3' } } },
    ]);

    moved = await startSubgraph(labels('moved'));
    const before = graph.gateway.supergraphSdl();
    await writeFile(graph.supergraphFile, composeSupergraph([graph.subgraphs.ticks!, moved]));
    await waitFor(async () => graph.gateway.supergraphSdl() !== before, { what: 'the reload' });

    const second = collect(ws.client, 'subscription { ticks(to: 2) { n label } }');
    await second.ended;
    expect(second.results).toEqual([
      { data: { ticks: { n: 1, label: 'moved t1' } } },
      { data: { ticks: { n: 2, label: 'moved t2' } } },
    ]);
  });
});
