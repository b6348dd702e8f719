import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

const accounts = {
  name: 'accounts',
  typeDefs: `${federation('key', 'shareable')}
    type Query { me: User }
    type User @key(fields: "id") { id: ID! name: String! @shareable email: String! }`,
  resolvers: {
    Query: { me: () => ({ id: 'u1', name: 'Ada (accounts)', email: 'ada@example.com' }) },
    User: {
      __resolveReference: ({ id }: { id: string }) => ({
        id,
        name: `${id} (accounts)`,
        email: `${id}@example.com`,
      }),
    },
  },
};

/** Reviews store the author's name and provide it on `author`, but not on `editor`. */
const reviews = {
  name: 'reviews',
  typeDefs: `${federation('key', 'external', 'provides')}
    type Query { reviews: [Review!]! }
    type Review {
      body: String!
      author: User! @provides(fields: "name")
      editor: User
    }
    type User @key(fields: "id") { id: ID! name: String! @external }`,
  resolvers: {
    Query: {
      reviews: () => [
        { body: 'Great', author: { id: 'u1', name: 'Ada (reviews)' }, editor: { id: 'u2' } },
        { body: 'Meh', author: { id: 'u2', name: 'Bob (reviews)' }, editor: null },
      ],
    },
  },
};

describe('@provides', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([accounts, reviews]);
  });
  afterAll(() => graph.close());

  it('takes a provided field from the providing subgraph, without an entity fetch', async () => {
    const before = graph.subgraphs.accounts!.received.length;
    expect(await graph.query('{ reviews { body author { id name } } }')).toEqual({
      data: {
        reviews: [
          { body: 'Great', author: { id: 'u1', name: 'Ada (reviews)' } },
          { body: 'Meh', author: { id: 'u2', name: 'Bob (reviews)' } },
        ],
      },
    });
    expect(graph.subgraphs.accounts!.received.length).toBe(before);
  });

  it('fetches what is not provided from the owner, and does not use @provides off its path', async () => {
    expect(await graph.query('{ reviews { author { name email } editor { name } } }')).toEqual({
      data: {
        reviews: [
          {
            author: { name: 'Ada (reviews)', email: 'u1@example.com' },
            editor: { name: 'u2 (accounts)' },
          },
          { author: { name: 'Bob (reviews)', email: 'u2@example.com' }, editor: null },
        ],
      },
    });
    // Authors for their email, the editor for its name (two fetches, in either order).
    const calls = graph.subgraphs.accounts!.received.slice(-2).map((r) => r.variables);
    expect(calls).toHaveLength(2);
    expect(calls).toEqual(
      expect.arrayContaining([
        {
          representations: [
            { __typename: 'User', id: 'u1' },
            { __typename: 'User', id: 'u2' },
          ],
        },
        { representations: [{ __typename: 'User', id: 'u2' }] },
      ]),
    );
  });

  it('takes the field from its owner on a path without @provides', async () => {
    expect(await graph.query('{ me { name } }')).toEqual({
      data: { me: { name: 'Ada (accounts)' } },
    });
  });
});
