import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

const legacy = {
  name: 'legacy',
  typeDefs: `${federation('key')}
    type Query { products: [Product!]! }
    type Product @key(fields: "id") { id: ID! price: Int! stock: Int! rating: Int! views: Int! }`,
  resolvers: {
    Query: { products: () => [{ id: 'p1' }, { id: 'p2' }] },
    Product: {
      price: () => 1,
      stock: () => 10,
      rating: () => 100,
      views: () => 1000,
    },
  },
};

/** Takes `price` over from legacy; `stock`, `rating` and `views` behind progressive-override labels. */
const pricing = {
  name: 'pricing',
  typeDefs: `${federation('key', 'override')}
    type Product @key(fields: "id") {
      id: ID!
      price: Int! @override(from: "legacy")
      stock: Int! @override(from: "legacy", label: "percent(100)")
      rating: Int! @override(from: "legacy", label: "percent(0)")
      views: Int! @override(from: "legacy", label: "percent(50)")
    }`,
  resolvers: {
    Product: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      price: ({ id }: { id: string }) => (id === 'p1' ? 2 : 3),
      stock: () => 20,
      rating: () => 200,
      views: () => 2000,
    },
  },
};

describe('@override', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([legacy, pricing]);
  });
  afterAll(() => graph.close());

  it('resolves an overridden field in the overriding subgraph only', async () => {
    const before = graph.subgraphs.legacy!.received.length;
    expect(await graph.query('{ products { id price } }')).toEqual({
      data: {
        products: [
          { id: 'p1', price: 2 },
          { id: 'p2', price: 3 },
        ],
      },
    });
    expect(graph.subgraphs.legacy!.received.slice(before).map((r) => r.query)).toEqual([
      '{products{__typename id}}',
    ]);
  });

  it('keeps a field behind a percent(0) label in the subgraph it comes from', async () => {
    expect(await graph.query('{ products { rating } }')).toEqual({
      data: { products: [{ rating: 100 }, { rating: 100 }] },
    });
  });

  it('moves a field behind a percent(100) label (settled when the supergraph loads)', async () => {
    expect(await graph.query('{ products { stock } }')).toEqual({
      data: { products: [{ stock: 20 }, { stock: 20 }] },
    });
  });
});

/*
 * @apollo/gateway 2.14.4 plans with every progressive-override label off (the planner's
 * `overrideConditions` default to false and the gateway passes none). We settle percent(0)
 * and percent(100) in the supergraph (gateway/src/planning/settleProgressiveOverrides.ts);
 * a label in between still never moves the field. Correct (as Apollo's router does): about
 * half of the requests answered by pricing (views: 2000). Progressive override:
 * https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/directives#progressive-override
 */
describe('known wrong answers of the Apollo planner: progressive @override between 0 and 100 percent is never on', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([legacy, pricing]);
  });
  afterAll(() => graph.close());

  it('a percent(50) label resolves the field in the old subgraph on every request', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect(await graph.query('{ products { views } }')).toEqual({
        // correct: views 2000 for about half of the requests
        data: { products: [{ views: 1000 }, { views: 1000 }] },
      });
    }
  });
});
