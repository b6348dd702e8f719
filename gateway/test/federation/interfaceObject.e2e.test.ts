import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

const media = [
  { __typename: 'Book', id: 'm1', title: 'Dune', author: 'Herbert' },
  { __typename: 'Movie', id: 'm2', title: 'Alien', director: 'Scott' },
];
const mediaById = (id: string) => media.find((m) => m.id === id);

/** Owns the interface and its implementations. */
const library = {
  name: 'library',
  typeDefs: `${federation('key')}
    type Query { media: [Media!]! }
    interface Media @key(fields: "id") { id: ID! title: String! }
    type Book implements Media @key(fields: "id") { id: ID! title: String! author: String! }
    type Movie implements Media @key(fields: "id") { id: ID! title: String! director: String! }`,
  resolvers: {
    Query: { media: () => media },
    Media: {
      __resolveReference: ({ id }: { id: string }) => mediaById(id),
      __resolveType: (m: { __typename: string }) => m.__typename,
    },
    Book: { __resolveReference: ({ id }: { id: string }) => mediaById(id) },
    Movie: { __resolveReference: ({ id }: { id: string }) => mediaById(id) },
  },
};

/** Adds a field to every Media without knowing the implementations, and returns Media. */
const ratings = {
  name: 'ratings',
  typeDefs: `${federation('key', 'interfaceObject')}
    type Query { topRated: [Media!]! }
    type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int! }`,
  resolvers: {
    Query: { topRated: () => [{ id: 'm2' }, { id: 'm1' }] },
    Media: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      stars: ({ id }: { id: string }) => (id === 'm1' ? 5 : 4),
    },
  },
};

/** Refers to Media through a key it cannot resolve itself. */
const lists = {
  name: 'lists',
  typeDefs: `${federation('key', 'interfaceObject')}
    type Query { featured: [Media!]! }
    type Media @key(fields: "id", resolvable: false) @interfaceObject { id: ID! }`,
  resolvers: { Query: { featured: () => [{ id: 'm1' }, { id: 'm2' }] } },
};

describe('@interfaceObject', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([library, ratings, lists]);
  });
  afterAll(() => graph.close());

  it('adds an interfaceObject field to every implementation', async () => {
    expect(
      await graph.query(
        '{ media { __typename id stars ... on Book { author } ... on Movie { director } } }',
      ),
    ).toEqual({
      data: {
        media: [
          { __typename: 'Book', id: 'm1', stars: 5, author: 'Herbert' },
          { __typename: 'Movie', id: 'm2', stars: 4, director: 'Scott' },
        ],
      },
    });
  });

  it('finds the concrete type of Media returned by the interfaceObject subgraph', async () => {
    expect(
      await graph.query('{ topRated { __typename title stars ... on Movie { director } } }'),
    ).toEqual({
      data: {
        topRated: [
          { __typename: 'Movie', title: 'Alien', stars: 4, director: 'Scott' },
          { __typename: 'Book', title: 'Dune', stars: 5 },
        ],
      },
    });
  });

  it('resolves Media referred to by a non-resolvable key, in the other subgraphs', async () => {
    expect(
      await graph.query(
        '{ featured { id __typename title stars ... on Book { author } ... on Movie { director } } }',
      ),
    ).toEqual({
      data: {
        featured: [
          { id: 'm1', __typename: 'Book', title: 'Dune', stars: 5, author: 'Herbert' },
          { id: 'm2', __typename: 'Movie', title: 'Alien', stars: 4, director: 'Scott' },
        ],
      },
    });
    // lists was asked only for the ids, never for an entity.
    expect(graph.subgraphs.lists!.received.map((r) => r.query)).toEqual([
      '{featured{__typename id}}',
    ]);
  });

  it('answers the key alone, and __typename alone, with the concrete types', async () => {
    expect(await graph.query('{ featured { id } }')).toEqual({
      data: { featured: [{ id: 'm1' }, { id: 'm2' }] },
    });
    expect(await graph.query('{ featured { __typename } topRated { __typename } }')).toEqual({
      data: {
        featured: [{ __typename: 'Book' }, { __typename: 'Movie' }],
        topRated: [{ __typename: 'Movie' }, { __typename: 'Book' }],
      },
    });
  });
});
