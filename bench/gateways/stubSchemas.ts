/**
 * Three cheap Federation 2 subgraphs in the style of graphql-gateways-benchmark (Apollo's
 * accounts / products / reviews demo): static in-memory data, Map lookups, nothing else. They
 * exist so that comparison (e) measures the gateways, not the subgraphs.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

export const STUB_NAMES = ['accounts', 'products', 'reviews'] as const;
export type StubName = (typeof STUB_NAMES)[number];

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])`;

export const STUB_TYPE_DEFS: Record<StubName, string> = {
  accounts: `${LINK}
type Query {
  me: User
  users: [User!]!
}
type User @key(fields: "id") {
  id: ID!
  name: String!
  username: String!
}
`,
  products: `${LINK}
type Query {
  topProducts(first: Int = 5): [Product!]!
}
type Product @key(fields: "upc") {
  upc: String!
  name: String!
  price: Int!
  weight: Int!
}
`,
  reviews: `${LINK}
type Review @key(fields: "id") {
  id: ID!
  body: String!
  author: User!
  product: Product!
}
type User @key(fields: "id") {
  id: ID!
  reviews: [Review!]!
}
type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review!]!
}
`,
};

interface User {
  id: string;
  name: string;
  username: string;
}
interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
interface Review {
  id: string;
  body: string;
  authorId: string;
  upc: string;
}

/** 4 users, 6 products, 12 reviews: 2 per product, authors round-robin (3 each). */
export const USERS: User[] = Array.from({ length: 4 }, (_, i) => ({
  id: String(i + 1),
  name: `User ${i + 1}`,
  username: `@user${i + 1}`,
}));
export const PRODUCTS: Product[] = Array.from({ length: 6 }, (_, i) => ({
  upc: String(i + 1),
  name: `Product ${i + 1}`,
  price: 100 * (i + 1) + 99,
  weight: 10 * (i + 1) + 5,
}));
export const REVIEWS: Review[] = Array.from({ length: 12 }, (_, i) => ({
  id: String(i + 1),
  body: `Review ${i + 1}: ${i % 2 === 0 ? 'worth it' : 'could be better'}`,
  authorId: USERS[i % USERS.length]!.id,
  upc: PRODUCTS[Math.floor(i / 2)]!.upc,
}));

const byKey = <T>(list: T[], key: (item: T) => string) => new Map(list.map((x) => [key(x), x]));
const groupBy = <T>(list: T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of list) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};
const usersById = byKey(USERS, (u) => u.id);
const productsByUpc = byKey(PRODUCTS, (p) => p.upc);
const reviewsById = byKey(REVIEWS, (r) => r.id);
const reviewsByAuthor = groupBy(REVIEWS, (r) => r.authorId);
const reviewsByUpc = groupBy(REVIEWS, (r) => r.upc);

export const STUB_RESOLVERS: Record<StubName, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: {
      me: () => USERS[0],
      users: () => USERS,
    },
    User: {
      __resolveReference: (ref: { id: string }) => usersById.get(ref.id) ?? null,
    },
  },
  products: {
    Query: {
      topProducts: (_: unknown, args: { first?: number }) => PRODUCTS.slice(0, args.first ?? 5),
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => productsByUpc.get(ref.upc) ?? null,
    },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: { id: string }) => reviewsById.get(ref.id) ?? null,
      author: (review: Review) => ({ __typename: 'User', id: review.authorId }),
      product: (review: Review) => ({ __typename: 'Product', upc: review.upc }),
    },
    User: {
      reviews: (user: { id: string }) => reviewsByAuthor.get(user.id) ?? [],
    },
    Product: {
      reviews: (product: { upc: string }) => reviewsByUpc.get(product.upc) ?? [],
    },
  },
};

/**
 * The nested query of graphql-gateways-benchmark, over three subgraphs: `users` and
 * `topProducts` at the root, then reviews → author/product → reviews → ... so the plan has
 * several sequential entity fetches, each batched across the whole list.
 */
export const STUB_NESTED_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { upc name price weight }
query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
      }
    }
  }
  topProducts(first: 5) {
    ...Product
    reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
  }
}`;
