import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

/** One value that two subgraphs change: only a serial execution gives the answer below. */
let value = 0;
const slowly = <T>(result: () => T) =>
  new Promise<T>((resolve) => setImmediate(() => resolve(result())));

const adder = {
  name: 'adder',
  typeDefs: `${federation('key')}
    type Query { value: Int! }
    type Mutation { add(n: Int!): Step! }
    type Step @key(fields: "id") { id: ID! value: Int! }`,
  resolvers: {
    Query: { value: () => value },
    Mutation: {
      add: (_: unknown, { n }: { n: number }) =>
        slowly(() => {
          value += n;
          return { id: `add-${n}`, value };
        }),
    },
    Step: { __resolveReference: ({ id }: { id: string }) => ({ id, value }) },
  },
};

const multiplier = {
  name: 'multiplier',
  typeDefs: `${federation('key')}
    type Mutation { multiply(by: Int!): Int! }
    type Step @key(fields: "id") { id: ID! note: String! }`,
  resolvers: {
    Mutation: {
      multiply: (_: unknown, { by }: { by: number }) => {
        value *= by;
        return value;
      },
    },
    Step: { __resolveReference: ({ id }: { id: string }) => ({ id, note: `note of ${id}` }) },
  },
};

describe('mutations across subgraphs', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([adder, multiplier]);
  });
  afterAll(() => graph.close());

  it('runs root mutation fields one after the other, in order, across subgraphs', async () => {
    value = 0;
    expect(
      await graph.query(`mutation {
        first: add(n: 2) { value note }
        second: multiply(by: 3)
        third: add(n: 1) { id value }
      }`),
    ).toEqual({
      data: {
        first: { value: 2, note: 'note of add-2' },
        second: 6,
        third: { id: 'add-1', value: 7 },
      },
    });
    expect(await graph.query('{ value }')).toEqual({ data: { value: 7 } });
  });
});
