import {
  createGraphiQLFetcher,
  type Fetcher,
  type FetcherOpts,
  type FetcherParams,
} from '@graphiql/toolkit';
import { getOperationAST, OperationTypeNode, parse } from 'graphql';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';

/** The Authorization header typed into GraphiQL's headers editor, if any. */
export function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === 'authorization' && typeof value === 'string' && value) return value;
  }
  return undefined;
}

export function isSubscription(params: FetcherParams): boolean {
  try {
    const operation = getOperationAST(parse(params.query), params.operationName ?? undefined);
    return operation?.operation === OperationTypeNode.SUBSCRIPTION;
  } catch {
    return false;
  }
}

/**
 * Queries and mutations over HTTP, subscriptions over graphql-ws on the same `/graphql`. The
 * headers editor's Authorization goes on HTTP requests as a header and on the WebSocket as
 * `connectionParams.authorization` (the socket is reopened when it changes).
 */
export function createPlaygroundFetcher(origin: string): Fetcher {
  const url = `${origin}/graphql`;
  const http = createGraphiQLFetcher({ url });
  let socket: { authorization: string | undefined; client: Client } | undefined;

  const wsClient = (authorization: string | undefined): Client => {
    if (socket && socket.authorization === authorization) return socket.client;
    void socket?.client.dispose();
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      connectionParams: authorization ? { authorization } : {},
      lazy: true,
    });
    socket = { authorization, client };
    return client;
  };

  return (params: FetcherParams, opts?: FetcherOpts) => {
    if (!isSubscription(params)) return http(params, opts);
    const client = wsClient(authorizationOf(opts?.headers));
    return client.iterate({
      query: params.query,
      operationName: params.operationName ?? undefined,
      variables: (params.variables ?? undefined) as Record<string, unknown> | undefined,
    }) as AsyncIterableIterator<ExecutionResult>;
  };
}
