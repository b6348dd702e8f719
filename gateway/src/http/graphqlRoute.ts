import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { answerWithApollo, sendJson, type Route } from '@gitforge/server';
import type { FastGraphQLPath } from '../execution/FastGraphQLPath';
import type { GatewayContext } from '../GatewayContext';
import { formattedError } from './formattedError';
import { readGraphQLRequest } from './readGraphQLRequest';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  createContext: (req: IncomingMessage) => Promise<GatewayContext>;
  /** False until the first supergraph is composed: requests get 503 instead of waiting. */
  isServing: () => boolean;
  maxBodyBytes: number;
  /** Serves ordinary queries and mutations; anything it leaves goes to Apollo Server. */
  fastPath?: FastGraphQLPath;
}

/** `GET|POST /graphql`: the federated schema over GraphQL-over-HTTP. */
export function graphqlRoute(options: GraphQLRouteOptions): Route {
  const { apollo, createContext, fastPath } = options;
  return {
    name: '/graphql',
    methods: ['GET', 'POST'],
    match: (pathname) => pathname === '/graphql',
    handle: async (req, res, url) => {
      if (!options.isServing()) {
        req.resume();
        res.setHeader('retry-after', '1');
        sendJson(res, 503, {
          errors: [
            formattedError('UPSTREAM_UNAVAILABLE', 'The gateway is waiting for its subgraphs'),
          ],
        });
        return;
      }
      const read = await readGraphQLRequest(req, res, url, options.maxBodyBytes);
      if (!read) return;
      let body = read.body;
      if (fastPath && read.request) {
        if ((await fastPath.handle(req, res, read.request)) === 'handled') return;
        body = withListedQuery(body, read.request.listedQuery);
      }
      await answerWithApollo(apollo, createContext, req, res, url, body);
    },
  };
}

/** A POST body naming a listed operation by manifest id, as Apollo Server can run it. */
function withListedQuery(body: unknown, listedQuery: string | undefined): unknown {
  if (listedQuery === undefined || typeof body !== 'object' || body === null) return body;
  const { extensions, ...rest } = body as { extensions?: Record<string, unknown> };
  const { persistedQuery: _persisted, ...otherExtensions } = extensions ?? {};
  return { ...rest, query: listedQuery, extensions: otherExtensions };
}
