import type { Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Histogram } from 'prom-client';
import { maskError } from '@gitforge/errors';
import { HealthChecks } from '@gitforge/health';
import { createLogger, type Logger } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import { startServiceServer } from '@gitforge/server';
import { createGatewayContext, type GatewayContext } from './GatewayContext';
import { graphqlOverHttpStatusPlugin } from './http/graphqlOverHttpStatusPlugin';
import { graphqlRoute } from './http/graphqlRoute';
import { complexityLimitPlugin, type ComplexityLimits } from './limits/complexityLimitPlugin';
import { issueRoutes } from './rest/issueRoutes';
import { probeSubgraph } from './supergraph/fetchSubgraphSdl';
import { SubgraphComposer } from './supergraph/SubgraphComposer';
import { SubgraphDataSource } from './subgraphs/SubgraphDataSource';
import { SubgraphHttpClient } from './subgraphs/SubgraphHttpClient';
import type { SubgraphEndpoint } from './subgraphs/parseSubgraphList';

export interface GatewayOptions {
  subgraphs: SubgraphEndpoint[];
  /** HS256 secret of the session JWT (shared with the subgraphs). */
  jwtSecret: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  logger?: Logger;
  limits?: Partial<ComplexityLimits>;
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
}

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
  close(): Promise<void>;
}

/** Starts the GitForge gateway: federation over the subgraphs, REST, health and metrics. */
export async function createGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const metrics = createMetrics('gateway');
  const fetchDuration = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
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
  const composer = new SubgraphComposer({
    subgraphs: options.subgraphs,
    fetch: client.fetcher(),
    logger,
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    retryMaxMs: options.startupRetryMaxMs ?? 5000,
  });

  let currentSupergraphSdl: string | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: composer,
    logger: apolloLogger(logger),
    buildService: ({ name, url }) =>
      new SubgraphDataSource(
        name,
        url ?? '',
        client.fetcher((seconds) => fetchDuration.observe({ subgraph: name }, seconds)),
        logger,
      ),
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    currentSupergraphSdl = coreSupergraphSdl;
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    logger: apolloLogger(logger),
    formatError: (formatted, error) =>
      maskError(formatted, error, (err) => logger.error({ err }, 'internal error')),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      complexityLimitPlugin({
        maxDepth: options.limits?.maxDepth ?? 12,
        maxCost: options.limits?.maxCost ?? 5000,
      }),
      graphqlOverHttpStatusPlugin<GatewayContext>(),
    ],
  });

  let serving = false;
  let closing = false;
  const isServing = () => serving && !closing;
  const createContext = (req: Parameters<typeof createGatewayContext>[0]) =>
    createGatewayContext(req, options.jwtSecret);

  const health = new HealthChecks();
  health.add('supergraph', async () => {
    if (!serving) throw new Error('no supergraph composed yet');
  });
  for (const subgraph of options.subgraphs) {
    health.add(`subgraph:${subgraph.name}`, () => probeSubgraph(client.fetcher(), subgraph));
  }

  const server = await startServiceServer({
    service: 'gateway',
    port: options.port ?? 0,
    host: options.host,
    logger,
    metrics,
    health,
    healthPrefixes: ['/api/health'],
    routes: [
      graphqlRoute({ apollo, createContext, isServing, maxBodyBytes }),
      ...issueRoutes({ apollo, createContext, isServing, maxBodyBytes, logger }),
    ],
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
    await server.close();
    if (serving) await apollo.stop();
    await client.close();
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
