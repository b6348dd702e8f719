import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

const products = {
  name: 'products',
  typeDefs: `${federation('key')}
    type Query { products: [Product!]! product(id: ID!): Product }
    type Product @key(fields: "id") { id: ID! name(upper: Boolean = false): String! }`,
  resolvers: {
    Query: {
      products: () => [{ id: 'p1' }, { id: 'p2' }],
      product: (_: unknown, { id }: { id: string }) => ({ id }),
    },
    Product: {
      name: ({ id }: { id: string }, { upper }: { upper: boolean }) =>
        upper ? `PRODUCT ${id.toUpperCase()}` : `Product ${id}`,
    },
  },
};

const reviews = {
  name: 'reviews',
  typeDefs: `${federation('key')}
    type Product @key(fields: "id") { id: ID! reviews(first: Int = 10): [String!]! }`,
  resolvers: {
    Product: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      reviews: ({ id }: { id: string }, { first }: { first: number }) =>
        ['good', 'bad', 'ugly'].slice(0, first).map((r) => `${r} ${id}`),
    },
  },
};

describe('@skip / @include with variables', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([products, reviews]);
  });
  afterAll(() => graph.close());

  const query = `query ($withReviews: Boolean!, $skipName: Boolean!) {
    products {
      id
      name @skip(if: $skipName)
      reviews(first: 1) @include(if: $withReviews)
      ... on Product @include(if: $withReviews) { all: reviews }
    }
  }`;

  it('leaves out skipped fields and fragments, and does not call a subgraph for them', async () => {
    const before = graph.subgraphs.reviews!.received.length;
    expect(await graph.query(query, { withReviews: false, skipName: true })).toEqual({
      data: { products: [{ id: 'p1' }, { id: 'p2' }] },
    });
    expect(graph.subgraphs.reviews!.received.length).toBe(before);
  });

  it('includes them when the variables say so', async () => {
    expect(await graph.query(query, { withReviews: true, skipName: false })).toEqual({
      data: {
        products: [
          {
            id: 'p1',
            name: 'Product p1',
            reviews: ['good p1'],
            all: ['good p1', 'bad p1', 'ugly p1'],
          },
          {
            id: 'p2',
            name: 'Product p2',
            reviews: ['good p2'],
            all: ['good p2', 'bad p2', 'ugly p2'],
          },
        ],
      },
    });
  });

  it('combines @skip and @include on one field (included only when include and not skip)', async () => {
    const both = `query ($a: Boolean!, $b: Boolean!) { product(id: "p1") { id reviews @include(if: $a) @skip(if: $b) } }`;
    expect(await graph.query(both, { a: true, b: false })).toEqual({
      data: { product: { id: 'p1', reviews: ['good p1', 'bad p1', 'ugly p1'] } },
    });
    expect(await graph.query(both, { a: true, b: true })).toEqual({
      data: { product: { id: 'p1' } },
    });
    expect(await graph.query(both, { a: false, b: false })).toEqual({
      data: { product: { id: 'p1' } },
    });
  });
});

describe('aliases', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([products, reviews]);
  });
  afterAll(() => graph.close());

  it('answers the same field with different arguments under different aliases, across subgraphs', async () => {
    expect(
      await graph.query(`{
        first: product(id: "p1") { key: id plain: name loud: name(upper: true) top: reviews(first: 1) two: reviews(first: 2) }
        second: product(id: "p2") { id name reviews(first: 0) }
      }`),
    ).toEqual({
      data: {
        first: {
          key: 'p1',
          plain: 'Product p1',
          loud: 'PRODUCT P1',
          top: ['good p1'],
          two: ['good p1', 'bad p1'],
        },
        second: { id: 'p2', name: 'Product p2', reviews: [] },
      },
    });
  });

  it('keeps alias order and aliases of __typename', async () => {
    const res = await graph.query('{ products { t: __typename r: reviews(first: 1) i: id } }');
    expect(res).toEqual({
      data: {
        products: [
          { t: 'Product', r: ['good p1'], i: 'p1' },
          { t: 'Product', r: ['good p2'], i: 'p2' },
        ],
      },
    });
    expect(Object.keys((res.data!.products as object[])[0]!)).toEqual(['t', 'r', 'i']);
  });
});
