import { parse } from 'graphql';
import type { Viewer } from '@gitforge/auth';
import { notFound } from '@gitforge/errors';
import type { SubgraphContext, SubgraphModule } from './testSubgraph';

export interface RepositoryRow {
  description: string;
  private: boolean;
}

/**
 * A stand-in for the repository subgraph: owns `Repository.description`, `private` and `owner`
 * (so subscription events need an entity fetch for them). `rows` is shared with
 * `repositoryAccess(rows)`, the issues subgraph's access port, so both agree on who may read.
 */
export interface RepositoryModuleOptions {
  /**
   * A repository the viewer may not see: `null` WITH a NOT_FOUND error, as the real repository
   * subgraph answers (subgraphs/repository/src/schema/repository.ts), instead of a bare `null`.
   * The issues subgraph's permission check needs that error to tell "not visible" from "no
   * answer" (it fails closed on the latter), so private repositories need it.
   */
  notFoundError?: boolean;
}

export function repositoryModule(
  rows: Map<string, RepositoryRow>,
  options: RepositoryModuleOptions = {},
): SubgraphModule {
  const typeDefs = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Repository @key(fields: "fullName") {
      fullName: String!
      "Gitea's id: the issues process tells a re-created repository apart by it"
      giteaId: Int!
      description: String!
      private: Boolean!
      owner: User!
      "As the real subgraph: the owner ADMIN, every other reader READ (the issues process asks)"
      viewerPermission: RepositoryPermission!
    }
    enum RepositoryPermission {
      NONE
      READ
      WRITE
      ADMIN
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
    if (!canRead(row, fullName, viewer)) return null;
    const owner = fullName.split('/')[0]!;
    return {
      fullName,
      giteaId: giteaIdOf(fullName),
      ...row,
      owner: { login: owner },
      viewerPermission: viewer?.login.toLowerCase() === owner.toLowerCase() ? 'ADMIN' : 'READ',
    };
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
          if (!found && options.notFoundError) throw notFound(`Repository "${fullName}"`);
          return found;
        },
      },
      Repository: {
        __resolveReference: (ref: { fullName: string }, ctx: SubgraphContext) =>
          find(ref.fullName, ctx.viewer),
      },
      User: {
        __resolveReference: (ref: { login: string }) => ref,
      },
    },
  };
}

function canRead(row: RepositoryRow, fullName: string, viewer: Viewer | null): boolean {
  return !row.private || viewer?.login.toLowerCase() === fullName.split('/')[0]?.toLowerCase();
}

/** The issues subgraph's RepositoryAccess port over the same rows. */
export function repositoryAccess(rows: Map<string, RepositoryRow>) {
  const owner = (fullName: string) => fullName.split('/')[0]?.toLowerCase();
  return {
    async canRead(viewer: Viewer | null, fullName: string) {
      const row = rows.get(fullName);
      return !row?.private || owner(fullName) === viewer?.login.toLowerCase();
    },
    async isOwner(viewer: Viewer | null, fullName: string) {
      return viewer !== null && owner(fullName) === viewer.login.toLowerCase();
    },
    /** Gitea's levels as the seed's rule gives them: the owner ADMIN, other readers READ. */
    async level(viewer: Viewer | null, fullName: string) {
      if (viewer !== null && owner(fullName) === viewer.login.toLowerCase())
        return 'admin' as const;
      return (await this.canRead(viewer, fullName)) ? ('read' as const) : ('none' as const);
    },
  };
}
