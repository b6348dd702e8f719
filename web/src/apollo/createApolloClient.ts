import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import './declareDefaultOptions';
import type { Client } from 'graphql-ws';
import { createWsClient, type WsClientOptions } from './createWsClient';
import { LiveConnection, type ConnectionStatus } from './liveConnection';
import { ResumableSubscriptionLink } from './resumableSubscriptionLink';

export interface ApolloSetup {
  client: ApolloClient;
  wsClient: Client;
  /** "Reconnecting…" while the socket of open subscriptions is down. */
  connection: ConnectionStatus;
  dispose: () => void;
}

export interface ApolloSetupOptions {
  /** The session JWT; undefined = anonymous. */
  token?: string;
  /** Called when the gateway rejects the token (expired, revoked, secret rotated). */
  onSessionRejected: () => void;
  /** Defaults to the page's origin (the gateway serves the UI). */
  origin?: string;
  /** Defaults to the global fetch (tests pass their own). */
  fetch?: typeof fetch;
  /** Keep-alive and network-event settings of the WebSocket (tests shorten them). */
  webSocket?: Pick<WsClientOptions, 'keepAliveMs' | 'pongTimeoutMs' | 'retryBaseMs' | 'network'>;
}

/** The mutation that signs in is allowed to fail with UNAUTHENTICATED (a wrong password). */
const SIGN_IN_OPERATION = 'SignIn';

export function isSessionRejection(error: unknown): boolean {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  }
  return ServerError.is(error) && error.statusCode === 401;
}

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Repository: { keyFields: ['fullName'] },
      User: { keyFields: ['login'] },
      Organization: { keyFields: ['login'] },
      OwnerQuota: { keyFields: false },
      Commit: { keyFields: ['oid'] },
      // Value objects without identity of their own stay inside their parent.
      Blob: { keyFields: false },
      TreeEntry: { keyFields: false },
      Branch: { keyFields: false },
      Label: { keyFields: false },
      KvEntry: { keyFields: false },
      ResilienceStatus: { keyFields: [] },
    },
  });
}

export const defaultOptions = {
  // Partial results are normal in a federation: render what arrived next to the error.
  // Shared data changes under other users: show the cached page at once, then refresh it.
  watchQuery: {
    errorPolicy: 'all',
    notifyOnNetworkStatusChange: true,
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  },
  query: { errorPolicy: 'all' },
} as const;

/**
 * One client per session: queries and mutations over HTTP, subscriptions over graphql-ws on
 * the same `/graphql` path, both carrying the session token. Resumable subscriptions (see
 * ResumableSubscriptionLink) continue across a dropped socket without losing events.
 */
export function createApolloClient(options: ApolloSetupOptions): ApolloSetup {
  const origin = options.origin ?? window.location.origin;
  const authorization = options.token ? `Bearer ${options.token}` : undefined;

  const httpLink = new HttpLink({
    uri: `${origin}/graphql`,
    fetch: options.fetch,
    headers: authorization ? { authorization } : {},
  });
  const ws = createWsClient({
    ...options.webSocket,
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    authorization,
    onSessionRejected: options.onSessionRejected,
  });
  const wsClient = ws.client;
  const connection = new LiveConnection(wsClient);

  const errorLink = new ErrorLink(({ error, operation }) => {
    if (!authorization || operation.operationName === SIGN_IN_OPERATION) return;
    if (isSessionRejection(error)) options.onSessionRejected();
  });

  const transport = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    // Subscriptions declaring $after resume from their last cursor after a dropped socket.
    ApolloLink.from([new ResumableSubscriptionLink(connection), new GraphQLWsLink(wsClient)]),
    httpLink,
  );

  const client = new ApolloClient({
    link: ApolloLink.from([errorLink, transport]),
    cache: createCache(),
    defaultOptions,
  });

  return {
    client,
    wsClient,
    connection,
    dispose: () => {
      client.stop();
      connection.dispose();
      void ws.dispose();
    },
  };
}
