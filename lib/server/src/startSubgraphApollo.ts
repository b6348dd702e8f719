import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { operationNamePlugin } from './operationNamePlugin';

/**
 * The Apollo Server of a subgraph, started: introspection on (the gateway composes from it),
 * CSRF prevention, no inline traces, the operation name on log lines, errors masked through
 * the one error registry.
 */
export async function startSubgraphApollo<TContext extends BaseContext>(
  schema: GraphQLSchema,
  logger: Logger,
): Promise<ApolloServer<TContext>> {
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: true,
    csrfPrevention: true,
    plugins: [ApolloServerPluginInlineTraceDisabled(), operationNamePlugin()],
    formatError: (formatted, original) =>
      maskError(formatted, original, (err) => logger.error({ err }, 'unexpected error')),
  });
  await apollo.start();
  return apollo;
}
