import type { IncomingMessage } from 'node:http';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@gitforge/logging';
import type { GatewayContext } from '../GatewayContext';
import type { OperationMetrics } from '../http/operationMetricsPlugin';
import type { OperationLimits } from '../limits/OperationLimits';
import type { PlannableSupergraph } from '../subscriptions/apolloFederationInternals';
import type { BoundedLruLimits } from './BoundedLru';
import { FastGraphQLPath } from './FastGraphQLPath';
import type { FormatError } from './GraphQLResponseWriter';
import { PersistedOperations } from './PersistedOperations';
import { PersistedQueryStore } from './PersistedQueryStore';
import { PreparedOperations } from './PreparedOperations';

export interface FastPathOptions {
  /** Serve queries and mutations without Apollo Server's pipeline; default true. */
  enabled?: boolean;
  /** Prepared operations kept; default 2,000 entries, 64 MiB. */
  operationCache?: Partial<BoundedLruLimits>;
  /** Automatic persisted queries (default on, 10,000 queries, 16 MiB); false: refused as Apollo does. */
  persistedQueries?: false | Partial<BoundedLruLimits>;
  /** Apollo persisted-query manifest; unless `allowArbitrary`, nothing outside it is served. */
  persistedOperations?: { manifestPath: string; allowArbitrary?: boolean };
  /**
   * Identical subgraph calls of anonymous queries from one client address, in flight at once,
   * share one call; default true.
   */
  dedupeAnonymousFetches?: boolean;
}

export interface FastPathDeps {
  dataSources: Record<string, GraphQLDataSource>;
  limits: OperationLimits;
  metrics: OperationMetrics;
  formatError: FormatError;
  createContext: (req: IncomingMessage) => Promise<GatewayContext>;
  logger: Logger;
  /** From `loadAllowList`, read before anything starts. */
  allowList?: PersistedOperations;
}

/** The enforced allow-list, if any; throws on a missing or malformed manifest. */
export function loadAllowList(options: FastPathOptions = {}): PersistedOperations | undefined {
  const manifest = options.persistedOperations;
  if (!manifest || manifest.allowArbitrary) return undefined;
  return PersistedOperations.fromFile(manifest.manifestPath);
}

export interface FastPath {
  /** Undefined when disabled. */
  path?: FastGraphQLPath;
  /** Undefined when APQ is off; otherwise shared with Apollo Server. */
  persistedQueries?: PersistedQueryStore;
  operations: PreparedOperations;
  /**
   * From `gateway.onSchemaLoadOrUpdate`, with the supergraph (and its query planner) the
   * subscription planner shares; undefined when it could not be loaded: nothing old is served.
   */
  update(supergraph: PlannableSupergraph | undefined, schema: GraphQLSchema): void;
}

/** Builds the fast path; `update` keeps its operation cache on the gateway's current schema. */
export function createFastPath(deps: FastPathDeps, options: FastPathOptions = {}): FastPath {
  const operations = new PreparedOperations({
    limits: deps.limits,
    cache: {
      maxEntries: options.operationCache?.maxEntries ?? 2000,
      maxBytes: options.operationCache?.maxBytes ?? 64 * 1024 * 1024,
    },
  });
  const apq = options.persistedQueries;
  const persistedQueries =
    apq === false
      ? undefined
      : new PersistedQueryStore({
          maxEntries: apq?.maxEntries ?? 10_000,
          maxBytes: apq?.maxBytes ?? 16 * 1024 * 1024,
        });
  const enabled = options.enabled !== false;
  const update: FastPath['update'] = (supergraph, schema) => {
    if (!enabled) return;
    if (supergraph) operations.update(supergraph, schema);
    else operations.clear();
  };
  if (!enabled && !deps.allowList) return { persistedQueries, operations, update };
  const apolloLog = deps.logger.child({ component: 'apollo' });
  const path = new FastGraphQLPath({
    operations,
    limits: deps.limits,
    metrics: deps.metrics,
    formatError: deps.formatError,
    createContext: deps.createContext,
    dataSources: deps.dataSources,
    logger: {
      debug: (message) => apolloLog.debug(String(message)),
      info: (message) => apolloLog.info(String(message)),
      warn: (message) => apolloLog.warn(String(message)),
      error: (message) => apolloLog.error(String(message)),
    },
    persistedQueries,
    allowList: deps.allowList,
    allowListOnly: !enabled,
  });
  return { path, persistedQueries, operations, update };
}
