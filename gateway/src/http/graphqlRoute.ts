import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { apolloRequestHandler, sendJson, type Route } from '@gitforge/server';
import type { GatewayContext } from '../GatewayContext';
import { formattedError } from './formattedError';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  createContext: (req: IncomingMessage) => Promise<GatewayContext>;
  /** False until the first supergraph is composed: requests get 503 instead of waiting. */
  isServing: () => boolean;
  maxBodyBytes: number;
}

/** `GET|POST /graphql`: the federated schema over GraphQL-over-HTTP. */
export function graphqlRoute(options: GraphQLRouteOptions): Route {
  const handle = apolloRequestHandler(options.apollo, {
    context: options.createContext,
    maxBodyBytes: options.maxBodyBytes,
  });
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
      await handle(req, res, url);
    },
  };
}
