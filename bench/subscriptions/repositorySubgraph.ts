/**
 * The repository subgraph stand-in of the subscription benchmark (the real one needs a Gitea):
 * owns `Repository.description`, so every event costs the gateway an entity fetch, and answers
 * the issues subgraph's access checks with the rule of population.ts (private repositories:
 * the owner and one user in four). Counts what it is asked: `GET /bench-counts` answers
 * `{ entityRequests, entityRepresentations, accessChecks }` (an entity request is one
 * `_entities` operation, whatever number of representations it carries).
 * Prints `listening <url>` once it serves.
 * Env: PORT, GITFORGE_JWT_SECRET, BENCH_REPOSITORIES (count), BENCH_PRIVATE (how many private).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { viewerFromAuthorization, type Viewer } from '@gitforge/auth';
import { maskError, notFound } from '@gitforge/errors';
import { apolloRequestHandler } from '@gitforge/server';
import { benchRepositories, mayRead, type BenchRepository } from './population';

interface Context {
  viewer: Viewer | null;
}

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Repository @key(fields: "fullName") {
    fullName: String!
    giteaId: Int!
    description: String!
    private: Boolean!
    owner: User!
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
    repository(fullName: String, owner: String, name: String): Repository
  }
`);

const counts = { entityRequests: 0, entityRepresentations: 0, accessChecks: 0 };
/** Contexts (one per request) that already counted as an entity request. */
const entityContexts = new WeakSet<Context>();

function resolvers(repositories: Map<string, BenchRepository>) {
  const find = (fullName: string, viewer: Viewer | null) => {
    const repository = repositories.get(fullName);
    if (!repository || !mayRead(viewer?.login ?? null, repository)) return null;
    const owner = fullName.split('/')[0]!;
    return {
      fullName,
      giteaId: repository.index + 1,
      description: `About ${fullName}`,
      private: repository.private,
      owner: { login: owner },
      // As the real subgraph (the issues subgraph's permission check asks): owner ADMIN, readers READ.
      viewerPermission: viewer?.login === owner ? 'ADMIN' : 'READ',
    };
  };
  return {
    Query: {
      repository: (
        _: unknown,
        a: { fullName?: string; owner?: string; name?: string },
        ctx: Context,
      ) => {
        counts.accessChecks += 1;
        const fullName = a.fullName ?? `${a.owner}/${a.name}`;
        // As the real repository subgraph: NOT_FOUND (not a bare null) for what may not be seen.
        const found = find(fullName, ctx.viewer);
        if (!found) throw notFound(`Repository "${fullName}"`);
        return found;
      },
    },
    Repository: {
      __resolveReference: (ref: { fullName: string }, ctx: Context) => {
        counts.entityRepresentations += 1;
        if (!entityContexts.has(ctx)) {
          entityContexts.add(ctx);
          counts.entityRequests += 1;
        }
        return find(ref.fullName, ctx.viewer);
      },
    },
    User: { __resolveReference: (ref: { login: string }) => ref },
  };
}

async function main(): Promise<void> {
  const secret = process.env.GITFORGE_JWT_SECRET ?? '';
  const list = benchRepositories(
    Number(process.env.BENCH_REPOSITORIES ?? 10),
    Number(process.env.BENCH_PRIVATE ?? 0),
  );
  const repositories = new Map(list.map((r) => [r.fullName, r]));
  const apollo = new ApolloServer<Context>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers(repositories) as never }),
    csrfPrevention: false,
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskError(formatted, error, () => undefined),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const handler = apolloRequestHandler(apollo, {
    context: async (r) => ({
      viewer: await viewerFromAuthorization(secret, r.headers.authorization),
    }),
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/bench-counts') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(counts));
      return;
    }
    handler(req, res, url).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}/graphql\n`);
  const stop = () => {
    server.closeAllConnections();
    server.close();
    apollo.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
