import { federation, startFederatedGraph, type FederatedGraph } from './support/federatedGraph';

const users = [
  { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  { id: 'u2', email: 'bob@example.com', name: 'Bob' },
];
const byId = (id: string) => users.find((u) => u.id === id);
const byEmail = (email: string) => users.find((u) => u.email === email);

/** User has two keys in accounts; every other subgraph knows it by only one of them. */
const accounts = {
  name: 'accounts',
  typeDefs: `${federation('key')}
    type Query { user(id: ID!): User }
    type User @key(fields: "id") @key(fields: "email") { id: ID! email: String! name: String! }`,
  resolvers: {
    Query: { user: (_: unknown, { id }: { id: string }) => byId(id) },
    User: {
      __resolveReference: (ref: { id?: string; email?: string }) =>
        ref.id ? byId(ref.id) : byEmail(ref.email!),
    },
  },
};

const billing = {
  name: 'billing',
  typeDefs: `${federation('key')}
    type User @key(fields: "id") { id: ID! plan: String! }`,
  resolvers: {
    User: { __resolveReference: ({ id }: { id: string }) => ({ id, plan: `plan-of-${id}` }) },
  },
};

const reviews = {
  name: 'reviews',
  typeDefs: `${federation('key')}
    type User @key(fields: "email") { email: String! reviewCount: Int! }`,
  resolvers: {
    User: {
      __resolveReference: ({ email }: { email: string }) => ({
        email,
        reviewCount: email.length,
      }),
    },
  },
};

/** Knows customers only by email (a key it cannot resolve), and SKUs by compound keys. */
const orders = {
  name: 'orders',
  typeDefs: `${federation('key')}
    type Query { orders: [Order!]! }
    type Order @key(fields: "id") { id: ID! customer: User! lines: [Line!]! }
    type Line { quantity: Int! sku: Sku! }
    type User @key(fields: "email", resolvable: false) { email: String! }
    type Sku @key(fields: "vendor code") @key(fields: "code region { id }") {
      vendor: String!
      code: String!
      region: Region!
    }
    type Region { id: ID! }`,
  resolvers: {
    Query: {
      orders: () => [
        {
          id: 'o1',
          customer: { email: 'bob@example.com' },
          lines: [{ quantity: 2, sku: { vendor: 'acme', code: 'A-1', region: { id: 'eu' } } }],
        },
        {
          id: 'o2',
          customer: { email: 'ada@example.com' },
          lines: [
            { quantity: 1, sku: { vendor: 'globex', code: 'G-7', region: { id: 'us' } } },
            { quantity: 5, sku: { vendor: 'acme', code: 'A-2', region: { id: 'us' } } },
          ],
        },
      ],
    },
    Sku: {
      __resolveReference: (ref: { vendor?: string; code: string; region?: { id: string } }) => ({
        vendor: ref.vendor ?? 'acme',
        code: ref.code,
        region: ref.region ?? { id: ref.code === 'A-1' ? 'eu' : 'us' },
      }),
    },
  },
};

const pricing = {
  name: 'pricing',
  typeDefs: `${federation('key')}
    type Sku @key(fields: "vendor code") { vendor: String! code: String! price: Int! }`,
  resolvers: {
    Sku: {
      __resolveReference: ({ vendor, code }: { vendor: string; code: string }) => ({
        vendor,
        code,
        price: vendor.length * 100 + Number(code.split('-')[1]),
      }),
    },
  },
};

const tax = {
  name: 'tax',
  typeDefs: `${federation('key')}
    type Sku @key(fields: "code region { id }") { code: String! region: Region! vat: String! }
    type Region { id: ID! }`,
  resolvers: {
    Sku: {
      __resolveReference: ({ code, region }: { code: string; region: { id: string } }) => ({
        code,
        region,
        vat: `${region.id}:${code}`,
      }),
    },
  },
};

describe('@key: several keys of one entity across subgraphs, compound and nested keys', () => {
  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([accounts, billing, reviews, orders, pricing, tax]);
  });
  afterAll(() => graph.close());

  it('jumps email key → accounts → id key → billing, from a subgraph that only knows the email', async () => {
    expect(await graph.query('{ orders { id customer { name plan reviewCount id } } }')).toEqual({
      data: {
        orders: [
          { id: 'o1', customer: { name: 'Bob', plan: 'plan-of-u2', reviewCount: 15, id: 'u2' } },
          { id: 'o2', customer: { name: 'Ada', plan: 'plan-of-u1', reviewCount: 15, id: 'u1' } },
        ],
      },
    });
    // billing was asked with the id key it knows, never with an email.
    const billingCall = graph.subgraphs.billing!.received.at(-1)!;
    expect(billingCall.variables).toEqual({
      representations: [
        { __typename: 'User', id: 'u2' },
        { __typename: 'User', id: 'u1' },
      ],
    });
  });

  it('jumps id key → accounts and email key → reviews, from the root of accounts', async () => {
    expect(await graph.query('{ user(id: "u1") { email plan reviewCount } }')).toEqual({
      data: { user: { email: 'ada@example.com', plan: 'plan-of-u1', reviewCount: 15 } },
    });
    expect(await graph.query('{ user(id: "nobody") { email plan } }')).toEqual({
      data: { user: null },
    });
  });

  it('resolves compound keys (two fields) and nested compound keys (a field and an object)', async () => {
    expect(
      await graph.query('{ orders { lines { quantity sku { code price vat region { id } } } } }'),
    ).toEqual({
      data: {
        orders: [
          {
            lines: [
              {
                quantity: 2,
                sku: { code: 'A-1', price: 401, vat: 'eu:A-1', region: { id: 'eu' } },
              },
            ],
          },
          {
            lines: [
              {
                quantity: 1,
                sku: { code: 'G-7', price: 607, vat: 'us:G-7', region: { id: 'us' } },
              },
              {
                quantity: 5,
                sku: { code: 'A-2', price: 402, vat: 'us:A-2', region: { id: 'us' } },
              },
            ],
          },
        ],
      },
    });
    expect(graph.subgraphs.tax!.received.at(-1)!.variables).toEqual({
      representations: [
        { __typename: 'Sku', code: 'A-1', region: { id: 'eu' } },
        { __typename: 'Sku', code: 'G-7', region: { id: 'us' } },
        { __typename: 'Sku', code: 'A-2', region: { id: 'us' } },
      ],
    });
  });
});

/*
 * https://github.com/apollographql/router/issues/4894: an entity with two keys, reached
 * through a subgraph that only has the second (non-resolvable) key, with a @requires whose
 * field lives behind that second key. The router failed to plan it (QUERY_PLANNING_FAILED).
 */
describe('@key: a non-resolvable second key leading to a @requires', () => {
  const catalog = {
    name: 'catalog',
    typeDefs: `${federation('key', 'external', 'requires')}
      type Query { own: Storage }
      type Storage @key(fields: "id") { id: ID! }
      type Product @key(fields: "id") @key(fields: "uid") {
        id: ID!
        uid: ID!
        colour: Boolean @external
        kind: String! @requires(fields: "colour")
      }`,
    resolvers: {
      Query: { own: () => ({ id: 's1' }) },
      Product: {
        __resolveReference: (ref: { id?: string; uid?: string; colour?: boolean }) => ({
          id: ref.id ?? `id-${ref.uid}`,
          uid: ref.uid ?? ref.id!.replace('id-', ''),
          colour: ref.colour,
        }),
        kind: ({ colour }: { colour: boolean | null }) =>
          colour === true ? 'coloured' : colour === false ? 'plain' : 'unknown',
      },
    },
  };
  const shelves = {
    name: 'shelves',
    typeDefs: `${federation('key')}
      type Storage @key(fields: "id") { id: ID! shelves: [Shelf!]! }
      type Shelf @key(fields: "id") { id: ID! product: Product! }
      type Product @key(fields: "uid", resolvable: false) { uid: ID! }`,
    resolvers: {
      Storage: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        shelves: () => [
          { id: 'sh1', product: { uid: 'red' } },
          { id: 'sh2', product: { uid: 'grey' } },
        ],
      },
    },
  };
  const colours = {
    name: 'colours',
    typeDefs: `${federation('key', 'inaccessible')}
      type Product @key(fields: "uid") { uid: ID! colour: Boolean @inaccessible }`,
    resolvers: {
      Product: {
        __resolveReference: ({ uid }: { uid: string }) => ({ uid, colour: uid === 'red' }),
      },
    },
  };

  let graph: FederatedGraph;
  beforeAll(async () => {
    graph = await startFederatedGraph([catalog, shelves, colours]);
  });
  afterAll(() => graph.close());

  it('plans and answers it', async () => {
    expect(await graph.query('{ own { shelves { id product { uid id kind } } } }')).toEqual({
      data: {
        own: {
          shelves: [
            { id: 'sh1', product: { uid: 'red', id: 'id-red', kind: 'coloured' } },
            { id: 'sh2', product: { uid: 'grey', id: 'id-grey', kind: 'plain' } },
          ],
        },
      },
    });
  });
});
