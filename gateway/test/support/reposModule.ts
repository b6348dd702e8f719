import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'graphql';
import type { SubgraphModule } from './testSubgraph';

/**
 * A second subgraph contributing `Repository.description` (so queries plan across two
 * subgraphs). `variant` changes its schema: `stars` adds a field, `broken` cannot compose.
 */
export function reposModule(variant: 'base' | 'stars' | 'broken' = 'base'): SubgraphModule {
  const keyType = variant === 'broken' ? 'Int!' : 'String!';
  const typeDefs = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Repository @key(fields: "fullName") {
      fullName: ${keyType}
      description: String!
      ${variant === 'stars' ? 'stars: Int!' : ''}
    }
    type Query {
      repository(fullName: String!): Repository
      slow(ms: Int!): String
    }
  `);
  const repo = (fullName: string) => ({ fullName, description: `About ${fullName}`, stars: 42 });
  return {
    typeDefs,
    resolvers: {
      Query: {
        repository: (_: unknown, a: { fullName: string }) => repo(a.fullName),
        slow: async (_: unknown, a: { ms: number }) => {
          await sleep(a.ms, undefined, { ref: false });
          return 'finally';
        },
      },
      Repository: {
        __resolveReference: (ref: { fullName: string }) => repo(ref.fullName),
      },
    },
  };
}
