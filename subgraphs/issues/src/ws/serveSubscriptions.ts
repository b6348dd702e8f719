import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import {
  isFeedToken,
  viewerFromAuthorization,
  type SessionVersions,
  type Viewer,
} from '@gitforge/auth';
import type { Logger } from '@gitforge/logging';
import { serveGraphQLOverWebSocket, type GraphQLWebSocketServer } from '@gitforge/server';
import { subscribeWithEventContext } from './subscribeWithEventContext';

export interface SubscriptionServerOptions {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  jwtSecret: string;
  /** Ended sessions: a connection with one is refused (4403) like a bad token. */
  sessions?: SessionVersions;
  logger: Logger;
  /**
   * A fresh context (services, loaders) for `viewer`, or for the gateway's feed token (`feed`,
   * no viewer): per operation and per event.
   */
  contextFor: (viewer: Viewer | null, feed: boolean) => object;
  /** Largest accepted message; default 1 MiB. */
  maxPayloadBytes?: number;
  keepAliveMs?: number;
}

export type SubscriptionServer = GraphQLWebSocketServer;

/**
 * GraphQL over WebSocket (`graphql-transport-ws`) on the service's port and path: what the
 * gateway uses to start subscriptions here (the shared `serveGraphQLOverWebSocket`). The session
 * JWT comes in `connectionParams` (`{ authorization: "Bearer …" }`), verified once per
 * connection: none = anonymous, a bad or ended one closes with 4403 Forbidden; the gateway's feed
 * token (`isFeedToken`) is no viewer but marks the connection's contexts `feed`. No per-client caps here:
 * the gateway multiplexes every client's subscriptions over few connections and caps them.
 */
export function serveSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  return serveGraphQLOverWebSocket({
    httpServer: options.server,
    path: options.path,
    logger: options.logger,
    authenticate: async (authorization) =>
      isFeedToken(options.jwtSecret, authorization)
        ? null
        : viewerFromAuthorization(options.jwtSecret, authorization, { sessions: options.sessions }),
    maxPayloadBytes: options.maxPayloadBytes ?? 1024 * 1024,
    keepAliveMs: options.keepAliveMs,
    graphql: {
      schema: options.schema,
      context: (ctx) =>
        options.contextFor(
          ctx.extra.viewer,
          isFeedToken(options.jwtSecret, ctx.extra.authorization),
        ),
      subscribe: (args) => {
        const { viewer, feed } = args.contextValue as { viewer: Viewer | null; feed: boolean };
        return subscribeWithEventContext(args, () => options.contextFor(viewer, feed));
      },
    },
  });
}
