import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { viewerFromAuthorization, type SessionVersions } from '@gitforge/auth';
import type { Logger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import { serveGraphQLOverWebSocket, type GraphQLWebSocketServer } from '@gitforge/server';
import type { ResilienceContext } from './context';
import type { ResilienceManager } from './services/ResilienceManager';

/**
 * graphql-ws on the same server and path as HTTP GraphQL (the shared
 * `serveGraphQLOverWebSocket`). A token, when sent, goes in the connection params
 * (`authorization: "Bearer ..."`), verified once per connection; a bad or ended one (logout)
 * refuses the connection (4403).
 */
export function serveSubscriptions(options: {
  server: Server;
  schema: GraphQLSchema;
  manager: ResilienceManager;
  pubsub: PubSub;
  jwtSecret: string;
  /** Ended sessions, refused like a bad token; unset: not checked. */
  sessions?: SessionVersions;
  logger: Logger;
  /** Largest accepted message; default 1 MiB. */
  maxPayloadBytes?: number;
}): GraphQLWebSocketServer {
  const { manager, pubsub } = options;
  return serveGraphQLOverWebSocket({
    httpServer: options.server,
    path: '/graphql',
    logger: options.logger,
    authenticate: (authorization) =>
      viewerFromAuthorization(options.jwtSecret, authorization, { sessions: options.sessions }),
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
