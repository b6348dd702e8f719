import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import { viewerFromAuthorization, type Viewer } from '@gitforge/auth';
import { maskError } from '@gitforge/errors';
import { apolloRequestHandler } from '@gitforge/server';

export interface SubgraphModule {
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext>;
}

export interface SubgraphContext {
  viewer: Viewer | null;
}

export interface ReceivedRequest {
  headers: Record<string, string>;
  query: string;
}

/**
 * A real federated subgraph (buildSubgraphSchema + ApolloServer on node:http) whose schema can
 * be swapped at runtime and that records every request it receives.
 */
export class TestSubgraph {
  readonly received: ReceivedRequest[] = [];
  private apollo?: ApolloServer<SubgraphContext>;
  private server?: Server;
  port = 0;

  constructor(
    private module: SubgraphModule,
    private readonly jwtSecret: string,
    private readonly options: { recordRequests?: boolean } = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Listens on `port` (0 = a free one; the last port when restarting). */
  async start(port = this.port): Promise<this> {
    this.apollo ??= await this.startApollo(this.module);
    const server = createServer((req, res) => {
      const handler = apolloRequestHandler(this.apollo!, {
        context: async (r) => ({
          viewer: await viewerFromAuthorization(this.jwtSecret, r.headers.authorization),
        }),
      });
      handler(req, res, new URL(req.url ?? '/', 'http://localhost')).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Replaces the schema without closing the port. */
  async setModule(module: SubgraphModule): Promise<void> {
    const previous = this.apollo;
    this.module = module;
    this.apollo = await this.startApollo(module);
    await previous?.stop();
  }

  /** Closes the port (connections included); `start()` opens it again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.apollo?.stop();
    this.apollo = undefined;
  }

  private async startApollo(module: SubgraphModule): Promise<ApolloServer<SubgraphContext>> {
    const apollo = new ApolloServer<SubgraphContext>({
      schema: buildSubgraphSchema({
        typeDefs: module.typeDefs,
        resolvers: module.resolvers as GraphQLResolverMap<unknown>,
      }),
      csrfPrevention: false,
      stopOnTerminationSignals: false,
      formatError: (formatted, error) => maskError(formatted, error, () => undefined),
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        {
          requestDidStart: async ({ request }) => {
            if (this.options.recordRequests === false) return;
            this.received.push({
              headers: Object.fromEntries(request.http?.headers ?? []),
              query: request.query ?? '',
            });
          },
        },
      ],
    });
    await apollo.start();
    return apollo;
  }
}
