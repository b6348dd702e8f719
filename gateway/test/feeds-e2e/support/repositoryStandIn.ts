import { parse } from 'graphql';
import type { Viewer } from '@gitforge/auth';
import { notFound } from '@gitforge/errors';
import type { RepositoryRow } from '../../support/repositoryModule';
import type { SubgraphContext, SubgraphModule } from '../../support/testSubgraph';

/**
 * gateway/test/support/repositoryModule.ts, copied with one change: a repository the viewer
 * may not see is `null` WITH a NOT_FOUND error, as the real repository subgraph answers
 * (subgraphs/repository/src/schema/repository.ts). The issues subgraph's permission check needs
 * that error to tell "not visible" from "no answer" (it fails closed on the latter), so the
 * shared module, which answers a bare null, cannot stand in for private repositories.
 */
export function repositoryStandIn(rows: Map<string, RepositoryRow>): SubgraphModule {
  const typeDefs = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Repository @key(fields: "fullName") {
      fullName: String!
      "Gitea's id: the issues process tells a re-created repository apart by it"
      giteaId: Int!
      description: String!
      private: Boolean!
      owner: User!
    }
    type User @key(fields: "login") {
      login: String!
    }
    type Query {
      "By fullName, or by owner and name as the real subgraph (the issues process asks so)"
      repository(fullName: String, owner: String, name: String): Repository
    }
  `);
  const ids = new Map<string, number>();
  const giteaIdOf = (fullName: string) => {
    if (!ids.has(fullName)) ids.set(fullName, ids.size + 1);
    return ids.get(fullName)!;
  };
  const find = (fullName: string, viewer: Viewer | null) => {
    const row = rows.get(fullName) ?? { description: `About ${fullName}`, private: false };
    const owner = fullName.split('/')[0]!;
    if (row.private && viewer?.login.toLowerCase() !== owner.toLowerCase()) return null;
    return { fullName, giteaId: giteaIdOf(fullName), ...row, owner: { login: owner } };
  };
  return {
    typeDefs,
    resolvers: {
      Query: {
        repository: (
          _: unknown,
          a: { fullName?: string; owner?: string; name?: string },
          ctx: SubgraphContext,
        ) => {
          const fullName = a.fullName ?? `${a.owner}/${a.name}`;
          const found = find(fullName, ctx.viewer);
          if (!found) throw notFound(`Repository "${fullName}"`);
          return found;
        },
      },
      Repository: {
        // An entity the viewer may not see resolves to null (the gateway's entity fetch).
        __resolveReference: (ref: { fullName: string }, ctx: SubgraphContext) =>
          find(ref.fullName, ctx.viewer),
      },
      User: {
        __resolveReference: (ref: { login: string }) => ref,
      },
    },
  };
}
