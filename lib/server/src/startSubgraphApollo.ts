import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
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
 * The Apollo Server of a subgraph, started: introspection off in production unless turned on,
 * CSRF prevention, no inline traces, the operation name on log lines, errors masked through
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
    plugins: [ApolloServerPluginInlineTraceDisabled(), operationNamePlugin()],
    formatError: (formatted, original) =>
      maskError(formatted, original, (err) => logger.error({ err }, 'unexpected error')),
  });
  await apollo.start();
  return apollo;
}
