import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { viewerFromAuthorization } from '@gitforge/auth';
import type { Logger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import { serveGraphQLOverWebSocket, type GraphQLWebSocketServer } from '@gitforge/server';
import type { ResilienceContext } from './context';
import type { ResilienceManager } from './services/ResilienceManager';

/**
 * graphql-ws on the same server and path as HTTP GraphQL (the shared
 * `serveGraphQLOverWebSocket`). A token, when sent, goes in the connection params
 * (`authorization: "Bearer ..."`), verified once per connection; a bad one refuses the
 * connection.
 */
export function serveSubscriptions(options: {
  server: Server;
  schema: GraphQLSchema;
  manager: ResilienceManager;
  pubsub: PubSub;
  jwtSecret: string;
  logger: Logger;
  /** Largest accepted message; default 1 MiB. */
  maxPayloadBytes?: number;
}): GraphQLWebSocketServer {
  const { manager, pubsub } = options;
  return serveGraphQLOverWebSocket({
    httpServer: options.server,
    path: '/graphql',
    logger: options.logger,
    authenticate: (authorization) => viewerFromAuthorization(options.jwtSecret, authorization),
    maxPayloadBytes: options.maxPayloadBytes ?? 1024 * 1024,
    graphql: {
      schema: options.schema,
      context: (ctx): ResilienceContext => ({
        viewer: ctx.extra.viewer,
        manager,
        pubsub,
        afterResponse: (fn) => setImmediate(fn),
      }),
    },
  });
}
