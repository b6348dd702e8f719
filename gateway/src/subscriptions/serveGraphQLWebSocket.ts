import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  authorizationFromConnectionParams,
  sessionExpiresAt,
  viewerFromAuthorization,
} from '@gitforge/auth';
import { closeWebSocketClients } from '@gitforge/server';
import { gitforgeError, maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { GatewayContext } from '../GatewayContext';
import { requestClientAddress } from '../http/requestClientAddress';
import type { OperationLimits } from '../limits/OperationLimits';
import type { FederatedSubscriptions } from './FederatedSubscriptions';
import type { SubscriptionMetrics } from './subscriptionMetrics';
import type { SubscriptionPlanner } from './SubscriptionPlanner';

export interface GraphQLWebSocketOptions {
  httpServer: Server;
  path: string;
  jwtSecret: string;
  logger: Logger;
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  planner: SubscriptionPlanner;
  metrics: SubscriptionMetrics;
  limits: OperationLimits;
  isServing: () => boolean;
  maxPayloadBytes: number;
  /** WebSocket ping interval; a client that misses a pong is dropped. */
  keepAliveMs: number;
}

export interface GraphQLWebSocket {
  /** Open client connections. */
  connections(): number;
  close(): Promise<void>;
}

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  gateway: GatewayContext;
}

/** The longest delay a Node timer takes (about 24.8 days); later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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

/** What `onSubscribe` hands to `execute` / `subscribe`. */
interface SocketOperation {
  gateway: GatewayContext;
  payload: SubscribePayload;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the gateway's `/graphql`, beside GraphQL over HTTP on
 * the same port. The session JWT arrives in `connectionParams.authorization`; a bad one closes
 * the connection with 4403 Forbidden. Subscriptions run through `FederatedSubscriptions`;
 * queries and mutations sent over the socket go through Apollo Server like HTTP ones.
 */
export function serveGraphQLWebSocket(options: GraphQLWebSocketOptions): GraphQLWebSocket {
  const { logger, metrics } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const onUpgrade: Parameters<Server['on']>[1] = (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path) {
      // Another upgrade handler (if one is attached) answers other paths.
      if (options.httpServer.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  options.httpServer.on('upgrade', onUpgrade);
  wss.on('connection', (ws) => {
    metrics.clientSockets.inc();
    ws.once('close', () => metrics.clientSockets.dec());
  });

  const mask = (error: GraphQLError): GraphQLFormattedError => {
    // graphql-ws wraps what a stream throws (e.g. RATE_LIMITED for a slow reader) in a new
    // GraphQLError without its extensions: report the original.
    const source = error.originalError instanceof GraphQLError ? error.originalError : error;
    const { http: _http, ...extensions } = { ...source.extensions };
    return maskError({ ...source.toJSON(), extensions }, source, (err) =>
      logger.error({ err }, 'internal error in a WebSocket operation'),
    );
  };

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      onConnect: async (ctx) => {
        const header = authorizationFromConnectionParams(ctx.connectionParams);
        try {
          const viewer = await viewerFromAuthorization(options.jwtSecret, header);
          ctx.extra.gateway = {
            ...(header ? { authorization: header } : {}),
            viewer,
            clientAddress: requestClientAddress(ctx.extra.request),
          };
          closeWhenSessionExpires(ctx.extra.socket, sessionExpiresAt(header));
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        // One request id per operation: subgraph calls and logs of one subscription share it.
        const gateway = { ...(ctx.extra.gateway ?? { viewer: null }), requestId: randomUUID() };
        const schema = options.planner.schema;
        if (!options.isServing() || !schema) {
          return [
            gitforgeError('UPSTREAM_UNAVAILABLE', 'The gateway is waiting for its subgraphs'),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [
            new GraphQLError((err as Error).message, {
              extensions: { code: 'GRAPHQL_PARSE_FAILED' },
            }),
          ];
        }
        const contextValue: SocketOperation = { gateway, payload };
        const operation = getOperationAST(document, payload.operationName);
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
        // Queries and mutations are validated by Apollo Server in `execute`.
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return args;

        const invalid = validate(schema, document);
        if (invalid.length > 0) {
          return invalid.map(
            (e) =>
              new GraphQLError(e.message, {
                nodes: e.nodes,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
          );
        }
        const coerced = getVariableValues(
          schema,
          operation.variableDefinitions ?? [],
          payload.variables ?? {},
        );
        if (coerced.errors) {
          return coerced.errors.map(
            (e) => new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT' } }),
          );
        }
        try {
          await options.limits.admit(schema, document, operation, coerced.coerced, gateway);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        return args;
      },
      execute: async (args) => {
        const { gateway, payload } = args.contextValue as SocketOperation;
        const response = await options.apollo.executeOperation(
          {
            query: payload.query,
            variables: payload.variables ?? undefined,
            operationName: payload.operationName ?? undefined,
            extensions: payload.extensions ?? undefined,
          },
          { contextValue: gateway },
        );
        if (response.body.kind === 'single') return asResult(response.body.singleResult);
        return asResult({
          errors: [{ message: 'Incremental delivery (@defer) is not available over WebSocket' }],
        });
      },
      subscribe: async (args) => {
        const { gateway, payload } = args.contextValue as SocketOperation;
        const stream = await options.subscriptions.subscribe({
          document: args.document,
          operationName: payload.operationName ?? undefined,
          variables: payload.variables ?? {},
          context: gateway,
        });
        return Symbol.asyncIterator in stream
          ? (stream as unknown as AsyncGenerator<ExecutionResult>)
          : asResult(stream);
      },
      // Every result here is already formatted (errors masked): send it as it is.
      onNext: (_ctx, _id, _payload, _args, result) => {
        options.subscriptions.delivered(result);
        return result;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(mask),
    },
    wss,
    options.keepAliveMs,
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

/** graphql-ws types results as `ExecutionResult`; ours are already in their wire shape. */
function asResult(result: FormattedExecutionResult): ExecutionResult {
  return result as unknown as ExecutionResult;
}
