/**
 * The reference for `npm run bench`: a stock `@apollo/gateway` over the same subgraphs as
 * GitForge's gateway, set up the way the Apollo docs show it. Defaults everywhere except one
 * thing: `willSendRequest` copies the caller's `Authorization` header to the subgraph calls
 * (without it no signed-in query works; the subgraphs verify the token themselves). So: the
 * default `RemoteGraphQLDataSource` (make-fetch-happen fetcher), `IntrospectAndCompose`
 * (composed once at start, no polling), `ApolloServer` defaults (CSRF prevention, landing page,
 * its own SIGTERM handling), `startStandaloneServer` with only a port and the context function
 * that picks up the header.
 *
 *   STOCK_GATEWAY_PORT=4100 SUBGRAPH_URLS=issues=http://...,repository=http://... \
 *     node -r @swc-node/register bench/stockGateway.ts
 */
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

interface Context {
  authorization?: string;
}

function subgraphsFromEnv(value: string | undefined): { name: string; url: string }[] {
  const list = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      return { name: entry.slice(0, at), url: entry.slice(at + 1) };
    });
  if (list.length === 0 || list.some((s) => !s.name || !s.url)) {
    throw new Error('SUBGRAPH_URLS must be name=url,name=url,...');
  }
  return list;
}

async function main(): Promise<void> {
  const port = Number(process.env.STOCK_GATEWAY_PORT ?? 4100);
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({
      subgraphs: subgraphsFromEnv(process.env.SUBGRAPH_URLS),
    }),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<Context>({
        url,
        willSendRequest({ request, context }) {
          // The context is ours for operations, Apollo's own for its health checks.
          const { authorization } = context as Partial<Context>;
          if (authorization) request.http?.headers.set('authorization', authorization);
        },
      }),
  });
  // `npm run bench -- --profile` needs a normal exit for --cpu-prof to write its file; Apollo
  // Server's own handlers stop and then re-raise the signal. Otherwise its defaults stand.
  const exitOnSigterm = process.env.STOCK_GATEWAY_EXIT_ON_SIGTERM === '1';
  const server = new ApolloServer<Context>({
    gateway,
    ...(exitOnSigterm ? { stopOnTerminationSignals: false } : {}),
  });
  if (exitOnSigterm) {
    process.once('SIGTERM', () => void server.stop().finally(() => process.exit(0)));
  }
  // Apollo Server's own SIGINT / SIGTERM handlers (a default) stop it cleanly.
  const { url } = await startStandaloneServer(server, {
    listen: { port },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  console.log(`stock gateway ready at ${url}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
