import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

/** Both subgraphs resolve `Product.name` and the value type `Dimensions`. */
const catalog = {
  name: 'catalog',
  typeDefs: `${federation('key', 'shareable')}
    type Query { products: [Product!]! }
    type Product @key(fields: "id") {
      id: ID!
      name: String! @shareable
      size: Dimensions! @shareable
      sku: String!
    }
    type Dimensions @shareable { width: Int! height: Int! }`,
  resolvers: {
    Query: { products: () => [{ id: 'p1' }, { id: 'p2' }] },
    Product: {
      name: ({ id }: { id: string }) => `Product ${id}`,
      size: ({ id }: { id: string }) => ({ width: id === 'p1' ? 1 : 2, height: 10 }),
      sku: ({ id }: { id: string }) => `SKU-${id}`,
    },
  },
};

const search = {
  name: 'search',
  typeDefs: `${federation('key', 'shareable')}
    type Query { search(term: String!): [Product!]! }
    type Product @key(fields: "id") {
      id: ID!
      name: String! @shareable
      size: Dimensions! @shareable
    }
    type Dimensions @shareable { width: Int! height: Int! }`,
  resolvers: {
    Query: {
      search: (_: unknown, { term }: { term: string }) =>
        ['p1', 'p2'].filter((id) => id.includes(term)).map((id) => ({ id })),
    },
    Product: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      name: ({ id }: { id: string }) => `Product ${id}`,
      size: ({ id }: { id: string }) => ({ width: id === 'p1' ? 1 : 2, height: 10 }),
    },
  },
};

describe('@shareable', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([catalog, search]);
  });
  afterAll(() => graph.close());

  it('answers shareable fields from whichever subgraph the query is already in', async () => {
    const searchCalls = graph.subgraphs.search!.received.length;
    expect(await graph.query('{ products { name size { width height } } }')).toEqual({
      data: {
        products: [
          { name: 'Product p1', size: { width: 1, height: 10 } },
          { name: 'Product p2', size: { width: 2, height: 10 } },
        ],
      },
    });
    expect(graph.subgraphs.search!.received.length).toBe(searchCalls);

    const catalogCalls = graph.subgraphs.catalog!.received.length;
    expect(await graph.query('{ search(term: "2") { name size { width } } }')).toEqual({
      data: { search: [{ name: 'Product p2', size: { width: 2 } }] },
    });
    expect(graph.subgraphs.catalog!.received.length).toBe(catalogCalls);
  });

  it('jumps for a field only one of them has', async () => {
    expect(await graph.query('{ search(term: "p") { id name sku } }')).toEqual({
      data: {
        search: [
          { id: 'p1', name: 'Product p1', sku: 'SKU-p1' },
          { id: 'p2', name: 'Product p2', sku: 'SKU-p2' },
        ],
      },
    });
  });
});
