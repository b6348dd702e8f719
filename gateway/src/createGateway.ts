import type { Server } from 'node:http';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Histogram } from 'prom-client';
import type { SessionVersions } from '@gitforge/auth';
import { maskError } from '@gitforge/errors';
import { HealthChecks } from '@gitforge/health';
import { createLogger, type Logger } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import { startServiceServer, type TrustedProxies } from '@gitforge/server';
import { createGatewayContext, type GatewayContext } from './GatewayContext';
import { graphqlOverHttpStatusPlugin } from './http/graphqlOverHttpStatusPlugin';
import { graphqlRoute } from './http/graphqlRoute';
import { withTraceId } from './http/formattedError';
import { createOperationMetrics, operationMetricsPlugin } from './http/operationMetricsPlugin';
import { createFastPath, loadAllowList, type FastPathOptions } from './execution/createFastPath';
import { withApqRequestCode } from './execution/PersistedQueryStore';
import { registerExecutionMetrics, type ExecutionStats } from './execution/executionMetrics';
import { requestClientAddressFor } from './http/requestClientAddressFor';
import { complexityLimitPlugin } from './limits/complexityLimitPlugin';
import { createCostBudget, type CostBudgetLimits } from './limits/costBudget';
import { OperationLimits, type ComplexityLimits } from './limits/OperationLimits';
import { webRoutes } from '@gitforge/web/server';
import { faultToleranceRoutes } from './rest/faultToleranceRoutes';
import { issueRoutes } from './rest/issueRoutes';
import { repositoryWebhookTarget, webhookRoute } from './rest/webhookRoute';
import {
  addSubgraphProbes,
  openSupergraphSource,
  type SupergraphOrigin,
} from './supergraph/SupergraphSource';
import { FastSubgraphDataSource } from './subgraphs/FastSubgraphDataSource';
import { SubgraphHttpClient } from './subgraphs/SubgraphHttpClient';
import type { SubgraphEndpoint } from './subgraphs/parseSubgraphList';
import {
  createSubscriptionLayer,
  type SubscriptionOptions,
  type SubscriptionStats,
} from './subscriptions/createSubscriptionLayer';
import { serveGraphQLWebSocket } from './subscriptions/serveGraphQLWebSocket';
import { SubscriptionPlanner } from './subscriptions/SubscriptionPlanner';
import { onPlannableSupergraph } from './subscriptions/apolloFederationInternals';

export interface GatewayOptions extends SupergraphOrigin {
  /** Compose from these subgraphs (polled); or give `supergraph: { file }` instead. */
  subgraphs?: SubgraphEndpoint[];
  /** HS256 secret of the session JWT (shared with the subgraphs). */
  jwtSecret: string;
  /** Ended sessions (logout, logoutEverywhere), refused at the edge; Redis-shared in production. */
  sessions?: SessionVersions;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  logger?: Logger;
  limits?: Partial<ComplexityLimits>;
  /**
   * Cost points each client (signed-in user, else address) may spend per window; over it,
   * RATE_LIMITED with a retry-after. Shared through Redis when `redisUrl` is set. Default
   * 50,000 points per minute, in memory.
   */
  costBudget?: Partial<CostBudgetLimits> & { redisUrl?: string; redisKeyPrefix?: string };
  /** Proxies whose `X-Forwarded-For` names the client for per-client limits; default none. */
  trustedProxies?: TrustedProxies;
  /** Answer `__schema` / `__type`; default: not under `NODE_ENV=production` (as Apollo). */
  introspection?: boolean;
  /** Largest accepted request body (GraphQL and REST); larger ones get 413. */
  maxBodyBytes?: number;
  /** How often subgraph SDLs are re-read to recompose; default 5 s. */
  pollIntervalMs?: number;
  /** Deadline of one subgraph call; default 10 s. */
  subgraphTimeoutMs?: number;
  subgraphConnectTimeoutMs?: number;
  /** Longest pause between start-up attempts while subgraphs are down; default 5 s. */
  startupRetryMaxMs?: number;
  /**
   * true (default): resolve once the first supergraph is served. false: resolve as soon as
   * the port listens (health answers, `/graphql` is 503 until `supergraphLoaded`).
   */
  waitForSupergraph?: boolean;
  subscriptions?: SubscriptionOptions;
  /** The fast query/mutation path, its caches, APQ and the persisted-operations allow-list. */
  execution?: FastPathOptions;
  /** Prometheus whose firing alerts `GET /api/status` reports (the UI's status page). */
  prometheusUrl?: string;
}

export type { SubscriptionOptions, SubscriptionStats };
export type { ExecutionStats };

export interface RunningGateway {
  /** Origin, e.g. `http://127.0.0.1:4000`; GraphQL is at `${url}/graphql`. */
  url: string;
  /** Settles when the first supergraph is served (rejects if the gateway closes first). */
  supergraphLoaded: Promise<void>;
  /** The supergraph SDL currently served, if any. */
  supergraphSdl(): string | undefined;
  /** The Apollo gateway, e.g. for `onSchemaLoadOrUpdate` listeners. */
  gateway: ApolloGateway;
  /** The listening server, e.g. to attach a WebSocket upgrade handler. */
  httpServer: Server;
  /** Live subscription counts (they return to zero when every client has left). */
  subscriptionStats(): SubscriptionStats;
  executionStats(): ExecutionStats;
  close(): Promise<void>;
}

/** Starts the GitForge gateway: federation over the subgraphs, REST, health and metrics. */
export async function createGateway(options: GatewayOptions): Promise<RunningGateway> {
  const allowList = loadAllowList(options.execution);
  const logger = options.logger ?? createLogger('gateway');
  const metrics = createMetrics('gateway');
  const fetchDuration = new Histogram({
    name: 'subgraph_request_duration_seconds',
    help: 'Duration of gateway calls to subgraphs',
    labelNames: ['subgraph'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const client = new SubgraphHttpClient({
    requestTimeoutMs: options.subgraphTimeoutMs ?? 10_000,
    connectTimeoutMs: options.subgraphConnectTimeoutMs ?? 2000,
  });
  const composer = await openSupergraphSource(options, {
    fetch: client.fetcher(),
    logger,
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    retryMaxMs: options.startupRetryMaxMs ?? 5000,
  }).catch(async (err: unknown) => {
    await client.close();
    throw err;
  });

  let currentSupergraphSdl: string | undefined;
  // The same data sources serve query plans and the per-event entity fetches of subscriptions.
  const dataSources: Record<string, GraphQLDataSource> = Object.create(null) as Record<
    string,
    GraphQLDataSource
  >;
  const gateway = new ApolloGateway({
    supergraphSdl: composer,
    logger: apolloLogger(logger),
    buildService: ({ name, url }) => {
      const source = new FastSubgraphDataSource(
        name,
        url ?? '',
        client.fetcher((seconds) => fetchDuration.observe({ subgraph: name }, seconds)),
        logger,
      );
      source.dedupe = options.execution?.dedupeAnonymousFetches ?? true;
      dataSources[name] = source;
      return source;
    },
  });
  const planner = new SubscriptionPlanner();

  const { subscriptionMetrics, upstream, subscriptions } = createSubscriptionLayer({
    options: options.subscriptions,
    planner,
    dataSources,
    registry: metrics.registry,
    jwtSecret: options.jwtSecret,
    logger,
  });

  const costBudget = createCostBudget(
    {
      points: options.costBudget?.points ?? 50_000,
      windowMs: options.costBudget?.windowMs ?? 60_000,
    },
    logger,
    options.costBudget?.redisUrl,
    options.costBudget?.redisKeyPrefix,
  );
  const limits = new OperationLimits({
    limits: {
      maxDepth: options.limits?.maxDepth ?? 12,
      maxCost: options.limits?.maxCost ?? 5000,
    },
    budget: costBudget,
  });
  const operationMetrics = createOperationMetrics(metrics.registry);
  const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
    withTraceId(
      maskError(withApqRequestCode(formatted), error, (err) =>
        logger.error({ err }, 'internal error'),
      ),
    );
  const requestClientAddress = requestClientAddressFor(options.trustedProxies);
  const createContext = async (
    req: Parameters<typeof createGatewayContext>[0],
  ): Promise<GatewayContext> => ({
    ...(await createGatewayContext(req, options.jwtSecret, { sessions: options.sessions })),
    clientAddress: requestClientAddress(req),
  });
  const fast = createFastPath(
    {
      dataSources,
      limits,
      metrics: operationMetrics,
      formatError,
      createContext,
      logger,
      allowList,
    },
    options.execution,
  );
  // One query planner per supergraph besides Apollo's private one, for subscriptions and the
  // fast path. If it cannot be built, subscriptions keep the previous one, the fast path none.
  onPlannableSupergraph(gateway, logger, (supergraph, apiSchema, coreSupergraphSdl) => {
    currentSupergraphSdl = coreSupergraphSdl;
    if (supergraph) planner.update(supergraph, apiSchema);
    fast.update(supergraph, apiSchema);
  });
  const executionStats = (): ExecutionStats => ({
    fastPathAnswers: fast.path?.counts.handled ?? 0,
    apolloAnswers: fast.path?.counts.apollo ?? 0,
    preparedOperations: fast.operations.size,
    preparedBytes: fast.operations.bytes,
    persistedQueries: fast.persistedQueries?.size ?? 0,
    sharedSubgraphCalls: Object.values(dataSources).reduce(
      (sum, source) => sum + (source instanceof FastSubgraphDataSource ? source.shared : 0),
      0,
    ),
  });
  registerExecutionMetrics(metrics.registry, executionStats);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    logger: apolloLogger(logger),
    formatError,
    persistedQueries: fast.persistedQueries
      ? { cache: fast.persistedQueries.keyValueCache }
      : false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      complexityLimitPlugin(limits),
      graphqlOverHttpStatusPlugin<GatewayContext>(),
      operationMetricsPlugin<GatewayContext>(operationMetrics),
    ],
  });

  let serving = false;
  let closing = false;
  const isServing = () => serving && !closing;

  const health = new HealthChecks();
  health.add('supergraph', async () => {
    if (!serving) throw new Error('no supergraph composed yet');
  });
  addSubgraphProbes(health, composer, client.fetcher());

  const server = await startServiceServer({
    service: 'gateway',
    port: options.port ?? 0,
    host: options.host,
    logger,
    metrics,
    health,
    healthPrefixes: ['/api/health'],
    routes: [
      graphqlRoute({ apollo, createContext, isServing, maxBodyBytes, fastPath: fast.path }),
      ...issueRoutes({ apollo, createContext, isServing, maxBodyBytes, logger }),
      ...faultToleranceRoutes({ apollo, createContext, isServing, maxBodyBytes, logger }),
      webhookRoute({
        target: repositoryWebhookTarget(composer.subgraphs()),
        maxBodyBytes,
        timeoutMs: options.subgraphTimeoutMs ?? 10_000,
        logger,
      }),
      // Last: the built UI and the playground, with a fallback to index.html for deep links.
      ...webRoutes({
        statusServices: () => [
          { name: 'gateway', url: server.url },
          ...composer.subgraphs().map((s) => ({ name: s.name, url: new URL(s.url).origin })),
        ],
        prometheusUrl: options.prometheusUrl,
      }),
    ],
  });

  const webSocket = serveGraphQLWebSocket({
    httpServer: server.server,
    path: '/graphql',
    jwtSecret: options.jwtSecret,
    sessions: options.sessions,
    logger,
    apollo,
    subscriptions,
    planner,
    allowList,
    persistedQueries: fast.persistedQueries,
    metrics: subscriptionMetrics,
    limits,
    socketLimits: {
      connectionsPerClient: options.subscriptions?.connectionsPerClient ?? 20,
      subscriptionsPerConnection: options.subscriptions?.subscriptionsPerConnection ?? 100,
    },
    clientAddress: requestClientAddress,
    isServing,
    maxPayloadBytes: maxBodyBytes,
    keepAliveMs: options.subscriptions?.keepAliveMs ?? 12_000,
  });

  const supergraphLoaded = apollo.start().then(() => {
    serving = true;
    logger.info({ url: `${server.url}/graphql` }, 'gateway serving the supergraph');
  });
  supergraphLoaded.catch((err: unknown) => {
    if (!closing) logger.fatal({ err }, 'gateway failed to start');
  });

  const close = async () => {
    if (closing) return;
    closing = true;
    await composer.stop();
    await supergraphLoaded.catch(() => undefined);
    await webSocket.close();
    await subscriptions.close();
    await upstream.close();
    await server.close();
    if (serving) await apollo.stop();
    await client.close();
    await costBudget.close();
  };

  if (options.waitForSupergraph ?? true) {
    try {
      await supergraphLoaded;
    } catch (err) {
      await close();
      throw err;
    }
  }
  return {
    url: server.url,
    supergraphLoaded,
    supergraphSdl: () => currentSupergraphSdl,
    gateway,
    httpServer: server.server,
    subscriptionStats: () => {
      const { sockets, subscriptions: live } = upstream.stats();
      const shared = subscriptions.stats();
      return {
        feeds: shared.feeds,
        clientSubscriptions: shared.subscriptions,
        clientConnections: webSocket.connections(),
        upstreamSubscriptions: live,
        upstreamConnections: sockets,
      };
    },
    executionStats,
    close,
  };
}

/** Apollo's logger interface over pino. */
function apolloLogger(logger: Logger) {
  const child = logger.child({ component: 'apollo' });
  return {
    debug: (message?: unknown) => child.debug(String(message)),
    info: (message?: unknown) => child.info(String(message)),
    warn: (message?: unknown) => child.warn(String(message)),
    error: (message?: unknown) => child.error(String(message)),
  };
}
