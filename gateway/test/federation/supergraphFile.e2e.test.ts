import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError } from '@gitforge/env';
import { createGateway } from '../../src/createGateway';
import { parseGatewayEnv, supergraphOriginFromEnv } from '../../src/env';
import { captureLogger, graphql, JWT_SECRET, request, waitFor } from '../support/helpers';
import {
  composeSupergraph,
  federation,
  startFederatedGraph,
  startSubgraph,
  type FederatedGraph,
  type RunningSubgraph,
} from './support/federatedGraph';

const products = (release: Promise<void>) => ({
  name: 'products',
  typeDefs: `${federation('key')}
    type Query { product(id: ID!): Product }
    type Product @key(fields: "id") { id: ID! name: String! }`,
  resolvers: {
    Query: {
      product: async (_: unknown, { id }: { id: string }) => {
        if (id === 'slow') await release;
        return { id, name: `Product ${id}` };
      },
    },
  },
});

const reviews = (text: string) => ({
  name: 'reviews',
  typeDefs: `${federation('key')}
    type Product @key(fields: "id") { id: ID! reviews: [String!]! }`,
  resolvers: {
    Product: {
      __resolveReference: ({ id }: { id: string }) => ({ id, reviews: [`${text} ${id}`] }),
    },
  },
});

const inventory = {
  name: 'inventory',
  typeDefs: `${federation('key')}
    type Product @key(fields: "id") { id: ID! inStock: Boolean! }`,
  resolvers: {
    Product: { __resolveReference: ({ id }: { id: string }) => ({ id, inStock: id !== 'slow' }) },
  },
};

describe('GATEWAY_SUPERGRAPH: the gateway serves a supergraph file', () => {
  let graph: FederatedGraph | undefined;
  const extra: RunningSubgraph[] = [];
  let releaseSlow: () => void = () => undefined;

  beforeEach(async () => {
    const release = new Promise<void>((resolve) => (releaseSlow = resolve));
    graph = await startFederatedGraph([products(release), reviews('old review of')]);
  });

  afterEach(async () => {
    releaseSlow();
    await graph?.close();
    await Promise.all(extra.splice(0).map((s) => s.stop()));
  });

  it('serves the file, probes its join__Graph urls, and reloads it while a slow query started on the old one finishes on it', async () => {
    const { gateway, subgraphs, supergraphFile } = graph!;
    const ready = await request(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks.map((c: { name: string }) => c.name).sort()).toEqual([
      'subgraph:products',
      'subgraph:reviews',
      'supergraph',
    ]);
    expect((await graph!.query('{ product(id: "1") { name reviews } }')).data).toEqual({
      product: { name: 'Product 1', reviews: ['old review of 1'] },
    });

    const slow = graph!.query('{ product(id: "slow") { id name reviews } }');
    await waitFor(async () => subgraphs.products!.received.some((r) => r.query.includes('slow')), {
      what: 'the slow query to reach the products subgraph',
    });

    // The new file moves `reviews` to another server and adds a subgraph.
    const newReviews = await startSubgraph(reviews('new review of'));
    const newInventory = await startSubgraph(inventory);
    extra.push(newReviews, newInventory);
    const before = gateway.supergraphSdl();
    await writeFile(
      supergraphFile,
      composeSupergraph([subgraphs.products!, newReviews, newInventory]),
    );
    await waitFor(async () => gateway.supergraphSdl() !== before, { what: 'the reload' });
    expect(gateway.supergraphSdl()).toContain('inStock');

    releaseSlow();
    expect(await slow).toEqual({
      data: { product: { id: 'slow', name: 'Product slow', reviews: ['old review of slow'] } },
    });
    expect(subgraphs.reviews!.received.at(-1)?.variables).toEqual({
      representations: [{ __typename: 'Product', id: 'slow' }],
    });
    expect(await graph!.query('{ product(id: "2") { name reviews inStock } }')).toEqual({
      data: { product: { name: 'Product 2', reviews: ['new review of 2'], inStock: true } },
    });
    const readyAfter = await request(`${gateway.url}/health/ready`);
    expect(readyAfter.body.checks.map((c: { name: string }) => c.name).sort()).toEqual([
      'subgraph:inventory',
      'subgraph:products',
      'subgraph:reviews',
      'supergraph',
    ]);
    expect(graph!.logs.filter((l) => l.msg === 'supergraph reloaded')).toHaveLength(1);
  });

  it('keeps the current supergraph when the new file does not parse or does not load, and says why', async () => {
    const { gateway, supergraphFile } = graph!;
    const served = gateway.supergraphSdl();
    const invalidLogs = () =>
      graph!.logs.filter(
        (l) => l.msg === 'supergraph file invalid; keeping the previous supergraph',
      );

    await writeFile(supergraphFile, 'type Query {');
    await waitFor(async () => invalidLogs().length === 1, { what: 'the parse error log' });
    expect(JSON.stringify(invalidLogs()[0]!.errors)).toMatch(/Syntax Error/);

    // Valid GraphQL, but not a supergraph (no join__Graph).
    await writeFile(supergraphFile, 'type Query { hello: String }');
    await waitFor(async () => invalidLogs().length === 2, { what: 'the second error log' });
    expect(gateway.supergraphSdl()).toBe(served);
    expect((await graph!.query('{ product(id: "3") { name reviews } }')).data).toEqual({
      product: { name: 'Product 3', reviews: ['old review of 3'] },
    });
    expect(graph!.logs.some((l) => l.msg === 'supergraph reloaded')).toBe(false);

    // A valid file after the broken ones is served; this one replaces it by rename, as editors
    // and Kubernetes do.
    const newInventory = await startSubgraph(inventory);
    extra.push(newInventory);
    const next = `${supergraphFile}.next`;
    await writeFile(
      next,
      composeSupergraph([graph!.subgraphs.products!, graph!.subgraphs.reviews!, newInventory]),
    );
    await rename(next, supergraphFile);
    const res = await waitFor(
      async () => {
        const body = await graph!.query('{ product(id: "4") { inStock } }');
        return body.data ? body : undefined;
      },
      { what: 'the valid file to be served' },
    );
    expect(res).toEqual({ data: { product: { inStock: true } } });
  });
});

describe('GATEWAY_SUPERGRAPH: start-up', () => {
  it('refuses a missing file, an invalid file, and a file together with subgraphs', async () => {
    const { logger } = captureLogger();
    await expect(
      createGateway({
        supergraph: { file: '/nonexistent/supergraph.graphql' },
        jwtSecret: JWT_SECRET,
        logger,
      }),
    ).rejects.toThrow(/cannot read the supergraph file \/nonexistent\/supergraph\.graphql/);
    await expect(
      createGateway({
        supergraph: { file: __filename },
        jwtSecret: JWT_SECRET,
        logger,
      }),
    ).rejects.toThrow(/the supergraph file .* is invalid: Syntax Error/);
    await expect(
      createGateway({
        supergraph: { file: __filename },
        subgraphs: [{ name: 'a', url: 'http://127.0.0.1:9/graphql' }],
        jwtSecret: JWT_SECRET,
        logger,
      }),
    ).rejects.toThrow(/either subgraphs or a supergraph file, not both/);
  });

  it('reads GATEWAY_SUPERGRAPH from the environment, never together with SUBGRAPH_URLS', () => {
    const env = parseGatewayEnv({ GATEWAY_SUPERGRAPH: '/etc/gitforge/supergraph.graphql' });
    expect(supergraphOriginFromEnv(env)).toEqual({
      supergraph: { file: '/etc/gitforge/supergraph.graphql', debounceMs: 250 },
    });
    const urls = parseGatewayEnv({ SUBGRAPH_URLS: 'a=http://a:1/graphql' });
    expect(supergraphOriginFromEnv(urls)).toEqual({
      subgraphs: [{ name: 'a', url: 'http://a:1/graphql' }],
    });
    expect(() =>
      parseGatewayEnv({
        GATEWAY_SUPERGRAPH: '/etc/gitforge/supergraph.graphql',
        SUBGRAPH_URLS: 'a=http://a:1/graphql',
      }),
    ).toThrow(EnvError);
    expect(() =>
      parseGatewayEnv({ GATEWAY_SUPERGRAPH: 'x', SUBGRAPH_URLS: 'a=http://a:1/graphql' }),
    ).toThrow(/GATEWAY_SUPERGRAPH and SUBGRAPH_URLS are both set/);
  });

  it('serves the file GATEWAY_SUPERGRAPH names', async () => {
    const sub = await startSubgraph({
      name: 'hello',
      typeDefs: `${federation('key')} type Query { hello: String! }`,
      resolvers: { Query: { hello: () => 'world' } },
    });
    const dir = await mkdtemp(join(tmpdir(), 'gitforge-supergraph-'));
    const file = join(dir, 'supergraph.graphql');
    await writeFile(file, composeSupergraph([sub]));
    const env = parseGatewayEnv({ GATEWAY_SUPERGRAPH: file });
    const gw = await createGateway({
      ...supergraphOriginFromEnv(env),
      jwtSecret: JWT_SECRET,
      logger: captureLogger().logger,
    });
    try {
      expect((await graphql(gw.url, '{ hello }')).body).toEqual({ data: { hello: 'world' } });
    } finally {
      await gw.close();
      await sub.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
