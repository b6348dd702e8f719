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
    enum Length { CM IN }
    type Dims @shareable { width: Float! height: Float! }
    type Product @key(fields: "id") {
      id: ID!
      weight(unit: Unit! = KG): Float!
      dims(unit: Length! = CM): Dims!
    }`,
  resolvers: {
    Query: { products: () => [{ id: 'p1' }, { id: 'p5' }] },
    Product: {
      weight: ({ id }: { id: string }, { unit }: { unit: string }) => weightOf(id, unit),
      dims: (_: unknown, { unit }: { unit: string }) =>
        unit === 'IN' ? { width: 4, height: 8 } : { width: 10, height: 20 },
    },
  },
};

/** Fees in kg for the EU carrier and in lb for the US one: both need `weight`, with other arguments. */
const shipping = {
  name: 'shipping',
  typeDefs: `${federation('key', 'external', 'requires', 'shareable')}
    enum Unit { KG LB }
    enum Length { CM IN }
    type Dims @shareable { width: Float! height: Float! }
    type Product @key(fields: "id") {
      id: ID!
      weight(unit: Unit! = KG): Float! @external
      dims(unit: Length! = CM): Dims! @external
      euFee: String! @requires(fields: "weight(unit: KG)")
      boxFee: String! @requires(fields: "dims(unit: IN) { width }")
    }`,
  resolvers: {
    Product: {
      euFee: ({ weight }: { weight: number }) => `EU fee for ${weight}`,
      boxFee: ({ dims }: { dims: { width: number } }) => `box fee for ${dims.width} in`,
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

/*
 * The planner (@apollo/query-planner 2.14.4, the latest) keys required fields by name only:
 * two @requires of `weight` with different arguments, or a client selection of `weight` with
 * other arguments, shared one value (https://github.com/apollographql/federation/issues/2276,
 * https://github.com/apollographql/router/issues/5000, both open). The gateway separates
 * required fields with arguments when it loads a supergraph
 * (gateway/src/planning/separateRequiredArguments.ts); these answers are the correct ones.
 */
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
    // The requiring subgraph gets the field under its own name.
    expect(graph.subgraphs.usShipping!.received.at(-1)!.variables).toEqual({
      representations: [
        { __typename: 'Product', id: 'p1', weight: 2.2 },
        { __typename: 'Product', id: 'p5', weight: 11 },
      ],
    });
  });

  it('answers two @requires of the same field with different arguments, each with its own', async () => {
    expect(await graph.query('{ products { id euFee usFee } }')).toEqual({
      data: {
        products: [
          { id: 'p1', euFee: 'EU fee for 1', usFee: 'US fee for 2.2' },
          { id: 'p5', euFee: 'EU fee for 5', usFee: 'US fee for 11' },
        ],
      },
    });
  });

  it('keeps a client selection of the required field with other arguments apart', async () => {
    expect(await graph.query('{ products { id weight(unit: LB) euFee } }')).toEqual({
      data: {
        products: [
          { id: 'p1', weight: 2.2, euFee: 'EU fee for 1' },
          { id: 'p5', weight: 11, euFee: 'EU fee for 5' },
        ],
      },
    });
    expect(await graph.query('{ products { weight usFee } }')).toEqual({
      data: {
        products: [
          { weight: 1, usFee: 'US fee for 2.2' },
          { weight: 5, usFee: 'US fee for 11' },
        ],
      },
    });
    expect(
      await graph.query('{ products { kg: weight lb: weight(unit: LB) euFee usFee } }'),
    ).toEqual({
      data: {
        products: [
          { kg: 1, lb: 2.2, euFee: 'EU fee for 1', usFee: 'US fee for 2.2' },
          { kg: 5, lb: 11, euFee: 'EU fee for 5', usFee: 'US fee for 11' },
        ],
      },
    });
  });

  it('separates nested required fields with arguments too', async () => {
    expect(await graph.query('{ products { dims { width } boxFee } }')).toEqual({
      data: {
        products: [
          { dims: { width: 10 }, boxFee: 'box fee for 4 in' },
          { dims: { width: 10 }, boxFee: 'box fee for 4 in' },
        ],
      },
    });
  });

  it('shows clients none of the fields it adds for this', async () => {
    const res = await graph.query('{ __type(name: "Product") { fields { name } } }');
    expect(res).toEqual({
      data: {
        __type: {
          fields: [
            { name: 'id' },
            { name: 'weight' },
            { name: 'dims' },
            { name: 'euFee' },
            { name: 'boxFee' },
            { name: 'usFee' },
          ],
        },
      },
    });
    const added = /weight__required_[0-9a-f]+/.exec(graph.gateway.supergraphSdl() ?? '')?.[0];
    expect(added).toBeDefined();
    const direct = await graph.query(`{ products { ${added} } }`);
    expect(direct.errors?.map((e) => e.message)).toEqual([
      `Cannot query field "${added}" on type "Product".`,
    ]);
  });
});

describe('@requires on a field with arguments, when the gateway composes the subgraphs itself', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([products, shipping, usShipping], {}, 'subgraphs');
  });
  afterAll(() => graph.close());

  it('answers two @requires of the same field with different arguments, each with its own', async () => {
    expect(await graph.query('{ products { id weight euFee usFee } }')).toEqual({
      data: {
        products: [
          { id: 'p1', weight: 1, euFee: 'EU fee for 1', usFee: 'US fee for 2.2' },
          { id: 'p5', weight: 5, euFee: 'EU fee for 5', usFee: 'US fee for 11' },
        ],
      },
    });
  });
});
