import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { operationNamePlugin } from './operationNamePlugin';

export interface SubgraphApolloOptions {
  /**
   * Answer `__schema` / `__type` (the service's env.ts reads `GRAPHQL_INTROSPECTION`); unset:
   * off, as in production (the gateway composes from `_service { sdl }`, not introspection).
   */
  introspection?: boolean;
}

/**
 * What Apollo's cache-control plugin answered for every subgraph response (no field has a
 * `@cacheControl` hint, so none was ever cacheable), without that plugin: it hooks every field
 * (`willResolveField`), which makes Apollo wrap every resolver of the schema for every request.
 */
function uncacheableAnswers<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) {
            response.http.headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}

/**
 * The Apollo Server of a subgraph, started: introspection off in production unless turned on,
 * CSRF prevention, no inline traces, no per-field cache-control hooks (answers are `no-store`),
 * the operation name on log lines, errors masked through
 * the one error registry.
 */
export async function startSubgraphApollo<TContext extends BaseContext>(
  schema: GraphQLSchema,
  logger: Logger,
  options: SubgraphApolloOptions = {},
): Promise<ApolloServer<TContext>> {
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: options.introspection ?? false,
    csrfPrevention: true,
    // The service's onShutdownSignal stops Apollo with everything else; Apollo's own handler
    // would stop it first and re-raise SIGTERM, killing the process before that clean-up ends.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      uncacheableAnswers(),
      operationNamePlugin(),
    ],
    formatError: (formatted, original) =>
      maskError(formatted, original, (err) => logger.error({ err }, 'unexpected error')),
  });
  await apollo.start();
  return apollo;
}
