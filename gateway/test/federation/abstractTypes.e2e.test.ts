import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

/** Search returns a union and an interface whose members live (partly) in other subgraphs. */
const search = {
  name: 'search',
  typeDefs: `${federation('key')}
    type Query { search: [Result!]! nodes: [Node!]! }
    union Result = Book | Author
    interface Node { id: ID! }
    type Book implements Node @key(fields: "id") { id: ID! }
    type Author implements Node @key(fields: "id") { id: ID! }`,
  resolvers: {
    Query: {
      search: () => [
        { __typename: 'Book', id: 'b1' },
        { __typename: 'Author', id: 'a1' },
        { __typename: 'Book', id: 'b2' },
      ],
      nodes: () => [
        { __typename: 'Author', id: 'a1' },
        { __typename: 'Book', id: 'b1' },
      ],
    },
    Result: { __resolveType: (r: { __typename: string }) => r.__typename },
    Node: { __resolveType: (r: { __typename: string }) => r.__typename },
  },
};

const books = {
  name: 'books',
  typeDefs: `${federation('key')}
    interface Node { id: ID! }
    type Book implements Node @key(fields: "id") { id: ID! title: String! writtenBy: Author! }
    type Author implements Node @key(fields: "id") { id: ID! }`,
  resolvers: {
    Book: {
      __resolveReference: ({ id }: { id: string }) => ({
        id,
        title: id === 'b1' ? 'Dune' : 'Emma',
        writtenBy: { id: id === 'b1' ? 'a1' : 'a2' },
      }),
    },
  },
};

const authors = {
  name: 'authors',
  typeDefs: `${federation('key')}
    type Author @key(fields: "id") { id: ID! name: String! }`,
  resolvers: {
    Author: {
      __resolveReference: ({ id }: { id: string }) => ({
        id,
        name: id === 'a1' ? 'Herbert' : 'Austen',
      }),
    },
  },
};

describe('interfaces and unions across subgraphs', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([search, books, authors]);
  });
  afterAll(() => graph.close());

  it('resolves union members with inline fragments and __typename, through entity fetches', async () => {
    expect(
      await graph.query(`{
        search {
          __typename
          ... on Book { title writtenBy { name } }
          ... on Author { name }
        }
      }`),
    ).toEqual({
      data: {
        search: [
          { __typename: 'Book', title: 'Dune', writtenBy: { name: 'Herbert' } },
          { __typename: 'Author', name: 'Herbert' },
          { __typename: 'Book', title: 'Emma', writtenBy: { name: 'Austen' } },
        ],
      },
    });
  });

  it('resolves named fragments on the interface and on its implementations', async () => {
    expect(
      await graph.query(`
        query Nodes { nodes { ...NodeParts } }
        fragment NodeParts on Node { id kind: __typename ...BookParts ...AuthorParts }
        fragment BookParts on Book { title }
        fragment AuthorParts on Author { name }
      `),
    ).toEqual({
      data: {
        nodes: [
          { id: 'a1', kind: 'Author', name: 'Herbert' },
          { id: 'b1', kind: 'Book', title: 'Dune' },
        ],
      },
    });
  });

  it('selects only the members a fragment names, leaving the others empty', async () => {
    expect(await graph.query('{ search { ... on Author { id name } } }')).toEqual({
      data: { search: [{}, { id: 'a1', name: 'Herbert' }, {}] },
    });
    expect(
      await graph.query('{ nodes { ... on Book { writtenBy { ... on Node { id } } } } }'),
    ).toEqual({
      data: { nodes: [{}, { writtenBy: { id: 'a1' } }] },
    });
  });
});
