import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

/** Weight of product p<n>: n kg, or n × 2.2 lb. */
const weightOf = (id: string, unit: string) => {
  const kg = Number(id.slice(1));
  return unit === 'LB' ? kg * 2.2 : kg;
};

const products = {
  name: 'products',
  typeDefs: `${federation('key', 'shareable')}
    type Query { products: [Product!]! }
    enum Unit { KG LB }
    type Product @key(fields: "id") {
      id: ID!
      weight(unit: Unit! = KG): Float!
    }`,
  resolvers: {
    Query: { products: () => [{ id: 'p1' }, { id: 'p5' }] },
    Product: {
      weight: ({ id }: { id: string }, { unit }: { unit: string }) => weightOf(id, unit),
    },
  },
};

/** Fees in kg for the EU carrier and in lb for the US one: both need `weight`, with other arguments. */
const shipping = {
  name: 'shipping',
  typeDefs: `${federation('key', 'external', 'requires')}
    enum Unit { KG LB }
    type Product @key(fields: "id") {
      id: ID!
      weight(unit: Unit! = KG): Float! @external
      euFee: String! @requires(fields: "weight(unit: KG)")
    }`,
  resolvers: {
    Product: {
      euFee: ({ weight }: { weight: number }) => `EU fee for ${weight}`,
    },
  },
};

const usShipping = {
  name: 'usShipping',
  typeDefs: `${federation('key', 'external', 'requires')}
    enum Unit { KG LB }
    type Product @key(fields: "id") {
      id: ID!
      weight(unit: Unit! = KG): Float! @external
      usFee: String! @requires(fields: "weight(unit: LB)")
    }`,
  resolvers: {
    Product: {
      usFee: ({ weight }: { weight: number }) => `US fee for ${weight}`,
    },
  },
};

describe('@requires on a field with arguments', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([products, shipping, usShipping]);
  });
  afterAll(() => graph.close());

  it('sends the required field with the arguments the @requires names', async () => {
    expect(await graph.query('{ products { id euFee } }')).toEqual({
      data: {
        products: [
          { id: 'p1', euFee: 'EU fee for 1' },
          { id: 'p5', euFee: 'EU fee for 5' },
        ],
      },
    });
    expect(await graph.query('{ products { id usFee } }')).toEqual({
      data: {
        products: [
          { id: 'p1', usFee: 'US fee for 2.2' },
          { id: 'p5', usFee: 'US fee for 11' },
        ],
      },
    });
  });

  it('shares the required field with a client selection that has the same arguments', async () => {
    expect(await graph.query('{ products { weight(unit: LB) usFee } }')).toEqual({
      data: {
        products: [
          { weight: 2.2, usFee: 'US fee for 2.2' },
          { weight: 11, usFee: 'US fee for 11' },
        ],
      },
    });
  });
});

/*
 * The planner (@apollo/query-planner 2.14.4, the latest) keys required fields by name only:
 * the entity representation has one `weight`, so two @requires of `weight` with different
 * arguments, or a client selection of `weight` with other arguments, get one value for both.
 * Upstream: https://github.com/apollographql/federation/issues/2276 and
 * https://github.com/apollographql/router/issues/5000 (open). These tests pin today's WRONG
 * answers (each marked) so a fix in the planner or in our executor shows up here; the correct
 * answer is in the comment beside each.
 */
describe('known wrong answers of the Apollo planner: @requires on a field with arguments', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([products, shipping, usShipping]);
  });
  afterAll(() => graph.close());

  it('two @requires of the same field with different arguments: both get the first one', async () => {
    expect(await graph.query('{ products { id euFee usFee } }')).toEqual({
      data: {
        products: [
          // correct: usFee 'US fee for 2.2'
          { id: 'p1', euFee: 'EU fee for 1', usFee: 'US fee for 1' },
          // correct: usFee 'US fee for 11'
          { id: 'p5', euFee: 'EU fee for 5', usFee: 'US fee for 5' },
        ],
      },
    });
    // Only one of the two weights is fetched.
    expect(graph.subgraphs.products!.received.at(-1)!.query).toBe(
      '{products{__typename id weight(unit:KG)}}',
    );
  });

  it('a client selection of the required field with other arguments replaces the required one', async () => {
    expect(await graph.query('{ products { id weight(unit: LB) euFee } }')).toEqual({
      data: {
        products: [
          // correct: euFee 'EU fee for 1' (the @requires asks for KG)
          { id: 'p1', weight: 2.2, euFee: 'EU fee for 2.2' },
          // correct: euFee 'EU fee for 5'
          { id: 'p5', weight: 11, euFee: 'EU fee for 11' },
        ],
      },
    });
  });

  it('a client selection with default arguments replaces the required one', async () => {
    expect(await graph.query('{ products { weight usFee } }')).toEqual({
      data: {
        products: [
          // correct: usFee 'US fee for 2.2' (the @requires asks for LB)
          { weight: 1, usFee: 'US fee for 1' },
          // correct: usFee 'US fee for 11'
          { weight: 5, usFee: 'US fee for 5' },
        ],
      },
    });
  });

  it('aliased client selections do not help: the representation still carries one weight', async () => {
    expect(
      await graph.query('{ products { kg: weight lb: weight(unit: LB) euFee usFee } }'),
    ).toEqual({
      data: {
        products: [
          // correct: usFee 'US fee for 2.2'
          { kg: 1, lb: 2.2, euFee: 'EU fee for 1', usFee: 'US fee for 1' },
          // correct: usFee 'US fee for 11'
          { kg: 5, lb: 11, euFee: 'EU fee for 5', usFee: 'US fee for 5' },
        ],
      },
    });
  });
});
