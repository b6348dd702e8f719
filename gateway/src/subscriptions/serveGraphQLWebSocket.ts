import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  parse,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { viewerFromAuthorization, type SessionVersions } from '@gitforge/auth';
import { gitforgeError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import {
  serveGraphQLOverWebSocket,
  type GraphQLWebSocketServer,
  type WebSocketConnection,
  type WebSocketLimits,
} from '@gitforge/server';
import type { GatewayContext } from '../GatewayContext';
import { formattedError } from '../http/formattedError';
import type { OperationLimits } from '../limits/OperationLimits';
import type { ClientSocket, FederatedSubscriptions } from './FederatedSubscriptions';
import {
  resolveSocketOperation,
  type PersistedSocketOptions,
  type SocketOperationText,
} from './persistedSocketOperations';
import { jsonMessageReplacer, spliceSerializedPayloads } from './serializeOnce';
import type { SubscriptionMetrics } from './subscriptionMetrics';
import type { SubscriptionPlanner } from './SubscriptionPlanner';

export interface GraphQLWebSocketOptions extends PersistedSocketOptions {
  httpServer: Server;
  path: string;
  jwtSecret: string;
  /** Ended sessions are refused at connect, as on HTTP. */
  sessions?: SessionVersions;
  logger: Logger;
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  planner: SubscriptionPlanner;
  metrics: SubscriptionMetrics;
  limits: OperationLimits;
  /** Connections per client address and operations per connection. */
  socketLimits: WebSocketLimits;
  clientAddress: (req: IncomingMessage) => string;
  isServing: () => boolean;
  maxPayloadBytes: number;
  /** WebSocket ping interval; a client that misses a pong is dropped. */
  keepAliveMs: number;
}

/** What `onSubscribe` hands to `execute` / `subscribe`. */
interface SocketOperation {
  gateway: GatewayContext;
  payload: SubscribePayload;
  /** What runs: the payload's text, or the listed / registered one it names. */
  text: SocketOperationText;
  socket: ClientSocket;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the gateway's `/graphql`, beside GraphQL over HTTP on
 * the same port (the shared `serveGraphQLOverWebSocket`: JWT at connect, 4403 when it is bad or
 * expires, connection and subscription caps). Subscriptions run through
 * `FederatedSubscriptions` after the same allow-list, depth, cost and budget checks as HTTP
 * operations; queries and mutations sent over the socket go through Apollo Server like HTTP
 * ones, after the same allow-list check.
 */
export function serveGraphQLWebSocket(options: GraphQLWebSocketOptions): GraphQLWebSocketServer {
  const { metrics } = options;
  const documents = new SharedDocuments();
  const contextOf = (connection: WebSocketConnection): GatewayContext => ({
    ...(connection.authorization ? { authorization: connection.authorization } : {}),
    viewer: connection.viewer,
    clientAddress: connection.clientAddress,
    // One request id per operation: subgraph calls and logs of one subscription share it.
    requestId: randomUUID(),
  });

  return serveGraphQLOverWebSocket({
    httpServer: options.httpServer,
    path: options.path,
    logger: options.logger,
    authenticate: (authorization) =>
      viewerFromAuthorization(options.jwtSecret, authorization, { sessions: options.sessions }),
    maxPayloadBytes: options.maxPayloadBytes,
    keepAliveMs: options.keepAliveMs,
    limits: options.socketLimits,
    clientAddress: options.clientAddress,
    closeOnSessionExpiry: true,
    onSocket: (ws) => {
      // Results serialized once per audience are spliced into each message (serializeOnce.ts).
      spliceSerializedPayloads(ws);
      metrics.clientSockets.inc();
      ws.once('close', () => metrics.clientSockets.dec());
    },
    graphql: {
      jsonMessageReplacer,
      onSubscribe: async (ctx, _id, payload) => {
        // Before anything else: an operation outside the allow-list opens nothing upstream.
        const text = resolveSocketOperation(payload, options);
        if (text instanceof GraphQLError) return [text];
        const gateway = contextOf(ctx.extra);
        const schema = options.planner.schema;
        if (!options.isServing() || !schema) {
          return [
            gitforgeError('UPSTREAM_UNAVAILABLE', 'The gateway is waiting for its subgraphs'),
          ];
        }
        let document: DocumentNode;
        try {
          document = documents.parse(text.query);
        } catch (err) {
          return [gitforgeError('GRAPHQL_PARSE_FAILED', (err as Error).message)];
        }
        const contextValue: SocketOperation = { gateway, payload, text, socket: ctx.extra.socket };
        const operation = getOperationAST(document, payload.operationName);
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
        // Queries and mutations are validated and limited by Apollo Server in `execute`.
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return args;

        const invalid =
          documents.validatedFor(document) === schema ? [] : validate(schema, document);
        if (invalid.length === 0) documents.validated(document, schema);
        if (invalid.length > 0) {
          return invalid.map((e) =>
            gitforgeError('GRAPHQL_VALIDATION_FAILED', e.message, {}, { nodes: e.nodes }),
          );
        }
        const coerced = getVariableValues(
          schema,
          operation.variableDefinitions ?? [],
          payload.variables ?? {},
        );
        if (coerced.errors) {
          return coerced.errors.map((e) => gitforgeError('BAD_USER_INPUT', e.message));
        }
        try {
          await options.limits.admit(schema, document, operation, coerced.coerced, gateway);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        if (text.register) options.persistedQueries?.register(text.register, text.query);
        return args;
      },
      execute: async (args) => {
        const { gateway, payload, text } = args.contextValue as SocketOperation;
        // A hash sent with its text reaches Apollo Server, which checks and registers it.
        const response = await options.apollo.executeOperation(
          {
            query: text.query,
            variables: payload.variables ?? undefined,
            operationName: payload.operationName ?? undefined,
            extensions: text.extensions,
          },
          { contextValue: gateway },
        );
        if (response.body.kind === 'single') return asResult(response.body.singleResult);
        return asResult({
          errors: [
            formattedError(
              'BAD_USER_INPUT',
              'Incremental delivery (@defer) is not available over WebSocket',
            ),
          ],
        });
      },
      subscribe: async (args) => {
        const { gateway, payload, socket } = args.contextValue as SocketOperation;
        const stream = await options.subscriptions.subscribe({
          document: args.document,
          operationName: payload.operationName ?? undefined,
          variables: withDefaults(args.document, payload.operationName, payload.variables),
          context: gateway,
          socket,
        });
        return Symbol.asyncIterator in stream
          ? (stream as unknown as AsyncGenerator<ExecutionResult>)
          : asResult(stream);
      },
      // Every result here is already formatted (errors masked), or serialized: send it as it is.
      onNext: (_ctx, _id, _payload, _args, result) => {
        options.subscriptions.delivered(result);
        return result;
      },
    },
  });
}

/** graphql-ws types results as `ExecutionResult`; ours are already in their wire shape. */
function asResult(result: FormattedExecutionResult): ExecutionResult {
  return result as unknown as ExecutionResult;
}

const SHARED_DOCUMENTS = 500;

/**
 * Documents parsed once per distinct text (most recently used kept) and validated once per
 * schema: thousands of subscribers of one operation share one document instead of one each.
 */
class SharedDocuments {
  private readonly byText = new Map<string, DocumentNode>();
  private readonly validFor = new WeakMap<DocumentNode, GraphQLSchema>();

  parse(text: string): DocumentNode {
    let document = this.byText.get(text);
    if (document) {
      this.byText.delete(text);
    } else {
      document = parse(text);
      if (this.byText.size >= SHARED_DOCUMENTS) {
        this.byText.delete(this.byText.keys().next().value as string);
      }
    }
    this.byText.set(text, document);
    return document;
  }

  validatedFor(document: DocumentNode): GraphQLSchema | undefined {
    return this.validFor.get(document);
  }

  validated(document: DocumentNode, schema: GraphQLSchema): void {
    this.validFor.set(document, schema);
  }
}

/**
 * The client's variables with the operation's defaults filled in for those it left out (as JSON
 * values, like the ones sent): feeds read arguments such as `repository` from them.
 */
function withDefaults(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...variables };
  for (const definition of getOperationAST(document, operationName)?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (result[name] === undefined && definition.defaultValue) {
      result[name] = valueFromASTUntyped(definition.defaultValue);
    }
  }
  return result;
}
