import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import {
  authorizationFromConnectionParams,
  viewerFromAuthorization,
  type Viewer,
} from '@gitforge/auth';
import { closeWebSocketClients } from '@gitforge/server';
import { maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { subscribeWithEventContext } from './subscribeWithEventContext';

export interface SubscriptionServerOptions {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  jwtSecret: string;
  logger: Logger;
  /** A fresh context (services, loaders) for `viewer`: per operation and per event. */
  contextFor: (viewer: Viewer | null) => object;
  maxPayloadBytes?: number;
  keepAliveMs?: number;
}

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  connections(): number;
  close(): Promise<void>;
}

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  viewer: Viewer | null;
}

/**
 * GraphQL over WebSocket (`graphql-transport-ws`) on the service's port and path: what the
 * gateway uses to start subscriptions here. The session JWT comes in `connectionParams`
 * (`{ authorization: "Bearer …" }`): none = anonymous, a bad one closes with 4403 Forbidden.
 */
export function serveSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const onUpgrade: Parameters<Server['on']>[1] = (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  options.server.on('upgrade', onUpgrade);

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await viewerFromAuthorization(
            options.jwtSecret,
            authorizationFromConnectionParams(ctx.connectionParams),
          );
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => options.contextFor(ctx.extra.viewer ?? null),
      subscribe: (args) => {
        const viewer = (args.contextValue as { viewer: Viewer | null }).viewer;
        return subscribeWithEventContext(args, () => options.contextFor(viewer));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors) return undefined;
        return {
          ...result,
          errors: result.errors.map((e) =>
            maskError(e.toJSON(), e, (err) => logger.error({ err }, 'unexpected error')),
          ),
        };
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) =>
          maskError(e.toJSON(), e, (err) => logger.error({ err }, 'unexpected error')),
        ),
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    connections: () => wss.clients.size,
    async close() {
      options.server.off('upgrade', onUpgrade);
      const sockets = [...wss.clients];
      await server.dispose();
      await closeWebSocketClients(sockets);
    },
  };
}
