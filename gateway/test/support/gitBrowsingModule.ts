import { parse } from 'graphql';
import type { SubgraphModule } from './testSubgraph';

/**
 * A stand-in for the repository subgraph's git browsing (`repository { blob tree }`), the
 * fields that make Gitea read files; `calls` counts what would have reached Gitea.
 */
export function gitBrowsingModule(calls: { blob: number; tree: number }): SubgraphModule {
  const typeDefs = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Repository @key(fields: "fullName") {
      fullName: String!
      blob(path: String!): Blob
      tree(path: String = ""): [TreeEntry!]!
    }
    type Blob {
      text: String
    }
    type TreeEntry {
      name: String!
    }
    type Query {
      repository(owner: String!, name: String!): Repository
    }
  `);
  return {
    typeDefs,
    resolvers: {
      Query: {
        repository: (_: unknown, a: { owner: string; name: string }) => ({
          fullName: `${a.owner}/${a.name}`,
        }),
      },
      Repository: {
        blob: () => {
          calls.blob += 1;
          return { text: 'hello' };
        },
        tree: () => {
          calls.tree += 1;
          return [{ name: 'README.md' }];
        },
      },
    },
  };
}
