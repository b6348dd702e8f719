import { Supergraph } from '@apollo/federation-internals';
import { separateRequiredArguments } from '../../src/planning/separateRequiredArguments';
import {
  rewriteSubgraphRequest,
  syntheticRequiredFields,
} from '../../src/planning/syntheticRequiredFields';
import { composeSupergraph, federation } from './support/federatedGraph';

const products = `${federation('key')}
  type Query { products: [Product!]! }
  enum Unit { KG LB }
  type Product @key(fields: "id") { id: ID! weight(unit: Unit! = KG): Float! }`;

const shipping = (requires: string) => `${federation('key', 'external', 'requires')}
  enum Unit { KG LB }
  type Product @key(fields: "id") {
    id: ID!
    weight(unit: Unit! = KG): Float! @external
    ${requires}
  }`;

const compose = (requires: string) =>
  composeSupergraph([
    { name: 'products', url: 'http://products/graphql', typeDefs: products },
    { name: 'shipping', url: 'http://shipping/graphql', typeDefs: shipping(requires) },
  ]);

describe('separateRequiredArguments', () => {
  it('leaves a supergraph whose requires have no arguments as it is', () => {
    const sdl = compose('fee: Int! @requires(fields: "weight")');
    expect(separateRequiredArguments(sdl)).toBe(sdl);
  });

  it('adds one inaccessible field per required field with arguments, and the result loads', () => {
    const sdl = separateRequiredArguments(
      compose('fee: Int! @requires(fields: "weight(unit: LB)")'),
    );
    const name = /weight__required_[0-9a-f]{10}/.exec(sdl)![0];
    expect(sdl).toContain(`fee: Int! @join__field(graph: SHIPPING, requires: "${name}")`);
    expect(sdl).toContain(
      `${name}: Float! @join__field(graph: PRODUCTS) @inaccessible @join__field(graph: SHIPPING, external: true)`,
    );
    // SHIPPING no longer declares the unused external `weight`.
    expect(sdl).toContain('weight(unit: Unit! = KG): Float! @join__field(graph: PRODUCTS)\n');
    expect(sdl.match(/specs\.apollo\.dev\/inaccessible/g)).toHaveLength(1);
    const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
    expect(supergraph.apiSchema().type('Product')?.toString()).toBe('Product');
    expect(syntheticRequiredFields.get(name)?.field).toBe('weight');
  });

  it('keeps the external field where the subgraph still requires it without arguments', () => {
    const sdl = separateRequiredArguments(
      compose(
        'fee: Int! @requires(fields: "weight(unit: LB)") plain: Int! @requires(fields: "weight")',
      ),
    );
    expect(sdl).toContain(
      'weight(unit: Unit! = KG): Float! @join__field(graph: PRODUCTS) @join__field(graph: SHIPPING, external: true)',
    );
    expect(() => Supergraph.build(sdl, { validateSupergraph: true })).not.toThrow();
  });

  it('aliases the synthetic field back for the resolving subgraph, and renames it in representations', () => {
    const sdl = separateRequiredArguments(
      compose('fee: Int! @requires(fields: "weight(unit: LB)")'),
    );
    const name = /weight__required_[0-9a-f]{10}/.exec(sdl)![0];
    const toProducts = { query: `{ products { __typename id ${name} } }`, variables: {} };
    rewriteSubgraphRequest(toProducts);
    expect(toProducts.query.replace(/\s+/g, ' ')).toBe(
      `{ products { __typename id ${name}: weight(unit: LB) } }`,
    );
    const toShipping = {
      query:
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { fee } } }',
      variables: { representations: [{ __typename: 'Product', id: 'p1', [name]: 2.2 }] },
    };
    rewriteSubgraphRequest(toShipping);
    expect(toShipping.variables.representations).toEqual([
      { __typename: 'Product', id: 'p1', weight: 2.2 },
    ]);
    const untouched = { query: '{ products { id } }', variables: { representations: [{ id: 1 }] } };
    rewriteSubgraphRequest(untouched);
    expect(untouched).toEqual({
      query: '{ products { id } }',
      variables: { representations: [{ id: 1 }] },
    });
  });
});
