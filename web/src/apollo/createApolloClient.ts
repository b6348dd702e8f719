import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import './declareDefaultOptions';
import { createClient, type Client } from 'graphql-ws';

export interface ApolloSetup {
  client: ApolloClient;
  wsClient: Client;
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
 * the same `/graphql` path, both carrying the session token.
 */
export function createApolloClient(options: ApolloSetupOptions): ApolloSetup {
  const origin = options.origin ?? window.location.origin;
  const authorization = options.token ? `Bearer ${options.token}` : undefined;

  const httpLink = new HttpLink({
    uri: `${origin}/graphql`,
    fetch: options.fetch,
    headers: authorization ? { authorization } : {},
  });
  const wsClient = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    connectionParams: () => (authorization ? { authorization } : {}),
    lazy: true,
    // Live views should come back after a gateway restart without a reload.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 10_000)));
    },
    on: {
      closed: (event) => {
        // 4403: the gateway refused the token in connectionParams.
        if (authorization && (event as { code?: number } | undefined)?.code === 4403) {
          options.onSessionRejected();
        }
      },
    },
  });

  const errorLink = new ErrorLink(({ error, operation }) => {
    if (!authorization || operation.operationName === SIGN_IN_OPERATION) return;
    if (isSessionRejection(error)) options.onSessionRejected();
  });

  const transport = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(wsClient),
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
    dispose: () => {
      client.stop();
      void wsClient.dispose();
    },
  };
}
