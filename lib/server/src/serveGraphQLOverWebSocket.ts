import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { authorizationFromConnectionParams, sessionExpiresAt, type Viewer } from '@gitforge/auth';
import { gitforgeError, maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { closeWebSocketClients } from './closeWebSocketClients';

/** What the server learned about a connection when it was opened (the JWT is verified once). */
export interface WebSocketConnection extends Record<PropertyKey, unknown> {
  viewer: Viewer | null;
  /** The `Authorization` value from the connection params, when one was sent. */
  authorization?: string;
  /** The address per-client limits count against. */
  clientAddress: string;
}

export type ConnectionParams = Record<string, unknown> | undefined;

/** The graphql-ws hooks a service supplies; `ctx.extra` carries its `WebSocketConnection`. */
export type GraphQLWebSocketHooks = Omit<
  ServerOptions<ConnectionParams, WebSocketConnection & Extra>,
  'onConnect' | 'onError'
>;

export interface WebSocketLimits {
  /** Open connections per client address; more are answered `429` at the upgrade. */
  connectionsPerClient?: number;
  /** Operations open at once on one connection; one more gets a RATE_LIMITED `error`. */
  subscriptionsPerConnection?: number;
}

export interface GraphQLWebSocketOptions {
  httpServer: Server;
  path: string;
  logger: Logger;
  /** The viewer named by an `Authorization` value; throws when it is not valid. */
  authenticate: (authorization: string | undefined) => Promise<Viewer | null>;
  maxPayloadBytes: number;
  /** Ping interval; a client that misses a pong is dropped. Default 12 s. */
  keepAliveMs?: number;
  limits?: WebSocketLimits;
  /** Default: the socket's peer address. */
  clientAddress?: (req: IncomingMessage) => string;
  /** Close with 4403 when the session token expires mid-connection (clients sign in again). */
  closeOnSessionExpiry?: boolean;
  /** Called for every accepted socket (e.g. to count it). */
  onSocket?: (socket: WebSocket) => void;
  graphql: GraphQLWebSocketHooks;
}

export interface GraphQLWebSocketServer {
  /** Open connections. */
  connections(): number;
  close(): Promise<void>;
}

/** The longest delay a Node timer takes (about 24.8 days); later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * GraphQL over WebSocket (`graphql-transport-ws`) beside HTTP on a service's port and path, set
 * up one way for the gateway and the subgraphs: the session JWT comes once in
 * `connectionParams.authorization` (none = anonymous; a bad one closes with 4403), payloads are
 * bounded, connections per client address and operations per connection are capped, and errors
 * are masked through the one registry.
 */
export function serveGraphQLOverWebSocket(
  options: GraphQLWebSocketOptions,
): GraphQLWebSocketServer {
  const { logger, limits = {} } = options;
  const addressOf = options.clientAddress ?? ((req) => req.socket.remoteAddress ?? 'unknown');
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const perClient = new Map<string, number>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path) {
      // Another upgrade handler (if one is attached) answers other paths.
      if (options.httpServer.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    const address = addressOf(req);
    const open = perClient.get(address) ?? 0;
    if (limits.connectionsPerClient !== undefined && open >= limits.connectionsPerClient) {
      refuseUpgrade(socket, `At most ${limits.connectionsPerClient} connections per client`);
      return;
    }
    // Counted per TCP socket, so a handshake that fails half-way is uncounted too.
    perClient.set(address, open + 1);
    socket.once('close', () => {
      const left = (perClient.get(address) ?? 1) - 1;
      if (left > 0) perClient.set(address, left);
      else perClient.delete(address);
    });
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  options.httpServer.on('upgrade', onUpgrade);
  if (options.onSocket) wss.on('connection', options.onSocket);

  const mask = (error: GraphQLError): GraphQLFormattedError => {
    // graphql-ws wraps what a stream throws (e.g. RATE_LIMITED for a slow reader) in a new
    // GraphQLError without its extensions: report the original.
    const source = error.originalError instanceof GraphQLError ? error.originalError : error;
    // `extensions.http` is a status hint for HTTP responses; it means nothing on a WebSocket.
    const { http: _http, ...extensions } = { ...source.extensions };
    return maskError({ ...source.toJSON(), extensions }, source, (err) =>
      logger.error({ err }, 'internal error in a WebSocket operation'),
    );
  };
  // graphql-ws types `extra` as partial; `onConnect` below fills it before any other hook runs.
  const hooks = options.graphql as ServerOptions<
    ConnectionParams,
    Extra & Partial<WebSocketConnection>
  >;
  const { onSubscribe, onNext } = hooks;
  const perConnection = limits.subscriptionsPerConnection;

  const server = useServer<ConnectionParams, WebSocketConnection>(
    {
      ...hooks,
      onConnect: async (ctx) => {
        const authorization = authorizationFromConnectionParams(ctx.connectionParams);
        try {
          ctx.extra.viewer = await options.authenticate(authorization);
        } catch {
          return false;
        }
        if (authorization) ctx.extra.authorization = authorization;
        ctx.extra.clientAddress = addressOf(ctx.extra.request);
        if (options.closeOnSessionExpiry) {
          closeWhenSessionExpires(ctx.extra.socket, sessionExpiresAt(authorization));
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws registers the operation before this hook: the count includes it.
        if (perConnection !== undefined && Object.keys(ctx.subscriptions).length > perConnection) {
          return [
            gitforgeError(
              'RATE_LIMITED',
              `At most ${perConnection} operations at once on one connection`,
              { limit: perConnection },
            ),
          ];
        }
        return onSubscribe?.(ctx, id, payload);
      },
      onNext:
        onNext ??
        ((_ctx, _id, _payload, _args, result) =>
          result.errors ? { ...result, errors: result.errors.map(mask) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(mask),
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    connections: () => wss.clients.size,
    async close() {
      options.httpServer.off('upgrade', onUpgrade);
      const sockets = [...wss.clients];
      await server.dispose();
      await closeWebSocketClients(sockets);
    },
  };
}

/** Answers an upgrade request with 429 instead of switching protocols. */
function refuseUpgrade(socket: Duplex, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
  socket.end(
    'HTTP/1.1 429 Too Many Requests\r\n' +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  );
}

/**
 * A session ends when its token expires, also mid-connection: the socket is closed with 4403
 * (what a bad token gets at connect), so the client signs in again instead of receiving events
 * on a session that is no longer valid.
 */
function closeWhenSessionExpires(socket: WebSocket, expiresAt: number | undefined): void {
  if (expiresAt === undefined) return;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) {
      socket.close(4403, 'Forbidden: session expired');
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  socket.once('close', () => clearTimeout(timer));
}
