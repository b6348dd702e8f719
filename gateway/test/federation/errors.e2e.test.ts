import { GraphQLError } from 'graphql';
import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

const notFound = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });

const products = {
  name: 'products',
  typeDefs: `${federation('key')}
    type Query {
      products: [Product]!
      strictProducts: [Product!]!
      product(id: ID!): Product
      brokenName: String!
    }
    type Product @key(fields: "id") { id: ID! name: String! }`,
  resolvers: {
    Query: {
      products: () => [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }],
      strictProducts: () => [{ id: 'p1' }, { id: 'p2' }],
      product: (_: unknown, { id }: { id: string }) => ({ id }),
      brokenName: () => {
        throw notFound('no name here');
      },
    },
    Product: { name: ({ id }: { id: string }) => `Product ${id}` },
  },
};

/** Fails for p2's stock (a nullable field) and p2's warehouse (non-null). */
const inventory = {
  name: 'inventory',
  typeDefs: `${federation('key')}
    type Product @key(fields: "id") { id: ID! stock: Int warehouse: String! }`,
  resolvers: {
    Product: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      stock: ({ id }: { id: string }) => {
        if (id === 'p2') throw notFound(`no stock for ${id}`);
        return 7;
      },
      warehouse: ({ id }: { id: string }) => {
        if (id === 'p2') throw notFound(`no warehouse for ${id}`);
        return `wh-${id}`;
      },
    },
  },
};

/** Fails a whole entity fetch. */
const pricing = {
  name: 'pricing',
  typeDefs: `${federation('key')}
    type Product @key(fields: "id") { id: ID! price: Int }`,
  resolvers: {
    Product: {
      __resolveReference: () => {
        throw notFound('pricing is down for maintenance');
      },
    },
  },
};

describe('errors and null propagation across subgraphs', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([products, inventory, pricing]);
  });
  afterAll(() => graph.close());

  it('nulls a failing nullable field of one entity, with the error at its path', async () => {
    expect(await graph.query('{ products { id stock } }')).toEqual({
      data: {
        products: [
          { id: 'p1', stock: 7 },
          { id: 'p2', stock: null },
          { id: 'p3', stock: 7 },
        ],
      },
      errors: [
        {
          message: 'no stock for p2',
          path: ['products', 1, 'stock'],
          extensions: { code: 'NOT_FOUND', serviceName: 'inventory' },
        },
      ],
    });
  });

  it('nulls the nearest nullable parent when a non-null field fails', async () => {
    expect(await graph.query('{ products { id warehouse } }')).toEqual({
      data: {
        products: [{ id: 'p1', warehouse: 'wh-p1' }, null, { id: 'p3', warehouse: 'wh-p3' }],
      },
      errors: [
        {
          message: 'no warehouse for p2',
          path: ['products', 1, 'warehouse'],
          extensions: { code: 'NOT_FOUND', serviceName: 'inventory' },
        },
      ],
    });
  });

  it('propagates through non-null list items and lists up to data', async () => {
    expect(await graph.query('{ strictProducts { id warehouse } }')).toEqual({
      data: null,
      errors: [
        {
          message: 'no warehouse for p2',
          path: ['strictProducts', 1, 'warehouse'],
          extensions: { code: 'NOT_FOUND', serviceName: 'inventory' },
        },
      ],
    });
    expect(await graph.query('{ product(id: "p1") { id } brokenName }')).toEqual({
      data: null,
      errors: [
        {
          message: 'no name here',
          path: ['brokenName'],
          extensions: { code: 'NOT_FOUND', serviceName: 'products' },
        },
      ],
    });
  });

  /*
   * A subgraph whose whole `_entities` fails answers one error at ["_entities"]; @apollo/gateway
   * alone reported it at ['list', '@', '_entities'], a path not in the response (upstream:
   * https://github.com/apollographql/federation/pull/2304, open). The gateway gives it to each
   * entity of the call (gateway/src/planning/spreadEntityFetchErrors.ts).
   */
  it('reports a failed entity fetch at the field of every entity it was for', async () => {
    const res = await graph.query(
      '{ p1: product(id: "p1") { id name price } list: products { id price } }',
    );
    expect(res.data).toEqual({
      p1: { id: 'p1', name: 'Product p1', price: null },
      list: [
        { id: 'p1', price: null },
        { id: 'p2', price: null },
        { id: 'p3', price: null },
      ],
    });
    const errors = res.errors?.map((e) => ({
      message: e.message,
      path: e.path,
      code: e.extensions?.code,
      serviceName: e.extensions?.serviceName,
    }));
    const error = {
      message: 'pricing is down for maintenance',
      code: 'NOT_FOUND',
      serviceName: 'pricing',
    };
    expect(errors).toHaveLength(4);
    expect(errors).toEqual(
      expect.arrayContaining([
        { ...error, path: ['p1', 'price'] },
        { ...error, path: ['list', 0, 'price'] },
        { ...error, path: ['list', 1, 'price'] },
        { ...error, path: ['list', 2, 'price'] },
      ]),
    );
  });

  it('keeps the data of healthy subgraphs when another subgraph is down', async () => {
    await graph.subgraphs.pricing!.stop();
    const res = await graph.query('{ product(id: "p3") { name stock price } }');
    expect(res.data).toEqual({ product: { name: 'Product p3', stock: 7, price: null } });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });
});
