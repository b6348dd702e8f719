import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { boundedOperationNames, operationNamePlugin } from './operationNamePlugin';
import { SubgraphFastPath } from './SubgraphFastPath';
import type { PreparedDocumentsLimits } from './PreparedDocuments';

export interface SubgraphApolloOptions {
  /**
   * Answer `__schema` / `__type` (the service's env.ts reads `GRAPHQL_INTROSPECTION`); unset:
   * off, as in production (the gateway composes from `_service { sdl }`, not introspection).
   */
  introspection?: boolean;
  /**
   * Serve plain POST queries and mutations without Apollo Server's per-request pipeline
   * (`SubgraphFastPath`; default on). Off: every request goes through Apollo Server.
   */
  fastPath?: boolean;
  /** Bounds of the fast path's parsed and validated documents (default 1,000 and 32 MiB). */
  fastPathCache?: PreparedDocumentsLimits;
  /**
   * How the fast path executes: `graphql-jit` (default; each operation compiled once, same
   * answers in the parity test and the subgraphs' suites) or `graphql-js` (Apollo's `execute`).
   */
  fastPathExecutor?: 'graphql-js' | 'graphql-jit';
}

const fastPaths = new WeakMap<object, SubgraphFastPath>();

/** The fast path `startSubgraphApollo` made for this server; undefined when off. */
export function subgraphFastPathOf(apollo: object): SubgraphFastPath | undefined {
  return fastPaths.get(apollo);
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
 * the operation name on log lines, errors masked through the one error registry; plain POST
 * queries and mutations answered by its `SubgraphFastPath` (same answers, without Apollo's
 * per-request pipeline) unless `fastPath: false`.
 */
export async function startSubgraphApollo<TContext extends BaseContext>(
  schema: GraphQLSchema,
  logger: Logger,
  options: SubgraphApolloOptions = {},
): Promise<ApolloServer<TContext>> {
  // One label for both paths: the first 200 distinct names are shared, not counted twice.
  const operationLabel = boundedOperationNames();
  const formatError = (formatted: GraphQLFormattedError, original: unknown) =>
    maskError(formatted, original, (err) => logger.error({ err }, 'unexpected error'));
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
      operationNamePlugin(operationLabel),
    ],
    formatError,
  });
  await apollo.start();
  if (options.fastPath ?? true) {
    const nodeEnv = process.env.NODE_ENV;
    fastPaths.set(
      apollo,
      new SubgraphFastPath({
        schema,
        formatError,
        operationLabel,
        // Apollo Server's default for `includeStacktraceInErrorResponses`, read as it reads it.
        includeStacktrace: nodeEnv !== 'production' && nodeEnv !== 'test',
        cache: options.fastPathCache,
        executor: options.fastPathExecutor ?? 'graphql-jit',
      }),
    );
  }
  return apollo;
}
