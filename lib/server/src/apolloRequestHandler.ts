import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { readGraphQLPostBody } from './readBody';
import type { Route } from './startServiceServer';
import { subgraphFastPathOf } from './startSubgraphApollo';

export interface ApolloHandlerOptions<TContext extends BaseContext> {
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Largest accepted request body; larger ones get 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes?: number;
  /**
   * Let the server's `SubgraphFastPath` (see `startSubgraphApollo`) answer plain POST queries;
   * default on when the server has one.
   */
  fastPath?: boolean;
}

/**
 * Hands a request whose body was already read (`undefined` for GET) to Apollo Server's own
 * pipeline and writes its answer.
 */
export async function answerWithApollo<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: (req: IncomingMessage) => Promise<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: unknown,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Serves an ApolloServer on a plain node:http route (what `startStandaloneServer` does, without express). */
export function apolloRequestHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: ApolloHandlerOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const fastPath = options.fastPath === false ? undefined : subgraphFastPathOf(apollo);
  return async (req, res, url) => {
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readGraphQLPostBody(req, res, maxBodyBytes);
      if (!read) return;
      body = read.body;
    }
    if (fastPath && body !== undefined) {
      if ((await fastPath.handle(req, res, body, options.context)) === 'handled') return;
    }
    await answerWithApollo(apollo, options.context, req, res, url, body);
  };
}

/** The `/graphql` route of a subgraph: GET and POST served by `apollo`. */
export function graphqlRoute<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: ApolloHandlerOptions<TContext>,
): Route {
  return {
    name: '/graphql',
    methods: ['GET', 'POST'],
    match: (path) => path === '/graphql',
    handle: apolloRequestHandler(apollo, options),
  };
}
