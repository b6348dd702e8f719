import { resolve } from 'node:path';
import { EnvError } from '@gitforge/env';
import { createSessionVersions, jwtSecretFromEnv } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { startTracing } from '@gitforge/tracing';
import { introspectionEnabled, onShutdownSignal } from '@gitforge/server';
import { createGateway } from './createGateway';
import { parseGatewayEnv, supergraphOriginFromEnv } from './env';

// First: with an OTLP endpoint set, spans are exported from the first request on.
const tracing = startTracing('gateway');
const logger = createLogger('gateway');

async function main(): Promise<void> {
  const env = parseGatewayEnv(process.env);
  const jwtSecret = jwtSecretFromEnv(env.auth);
  // Ended sessions: through Redis when set, else the data dir `npm start`'s processes share.
  const redisUrl = env.sessions.REDIS_URL;
  const dataDir = resolve(env.auth.GITFORGE_DATA_DIR);
  const redisKeyPrefix = env.sessions.REDIS_KEY_PREFIX;
  const sessions = createSessionVersions({ redisUrl, redisKeyPrefix, dataDir, logger });
  const gateway = await createGateway({
    ...supergraphOriginFromEnv(env),
    jwtSecret,
    sessions,
    host: env.server.HOST,
    port: env.server.GATEWAY_PORT,
    maxBodyBytes: env.server.MAX_BODY_BYTES,
    limits: { maxDepth: env.limits.MAX_DEPTH, maxCost: env.limits.MAX_COST },
    costBudget: {
      points: env.limits.COST_BUDGET_POINTS,
      windowMs: env.limits.COST_BUDGET_WINDOW_MS,
      redisUrl,
      redisKeyPrefix,
    },
    trustedProxies: env.server.TRUSTED_PROXIES,
    prometheusUrl: env.monitoring.PROMETHEUS_URL,
    introspection: introspectionEnabled(env.server.GRAPHQL_INTROSPECTION, env.auth.NODE_ENV),
    pollIntervalMs: env.subgraphs.SUBGRAPH_POLL_INTERVAL_MS,
    subgraphTimeoutMs: env.subgraphs.SUBGRAPH_TIMEOUT_MS,
    subgraphConnectTimeoutMs: env.subgraphs.SUBGRAPH_CONNECT_TIMEOUT_MS,
    subscriptions: {
      keepAliveMs: env.subscriptions.SUBSCRIPTION_KEEPALIVE_MS,
      upstreamRetryAttempts: env.subscriptions.SUBSCRIPTION_RETRY_ATTEMPTS,
      connectionsPerClient: env.subscriptions.MAX_CONNECTIONS_PER_CLIENT,
      subscriptionsPerConnection: env.subscriptions.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      feedRingSize: env.subscriptions.SUBSCRIPTION_FEED_RING_SIZE,
      highWaterMark: env.subscriptions.SUBSCRIPTION_CLIENT_BUFFER,
    },
    execution: {
      enabled: env.execution.GATEWAY_FAST_PATH,
      dedupeAnonymousFetches: env.execution.GATEWAY_DEDUPE_ANONYMOUS_FETCHES,
      persistedOperations: env.execution.GATEWAY_PERSISTED_OPERATIONS
        ? {
            manifestPath: resolve(env.execution.GATEWAY_PERSISTED_OPERATIONS),
            allowArbitrary: env.execution.GATEWAY_ALLOW_ARBITRARY_OPERATIONS,
          }
        : undefined,
    },
    logger,
    // Listen at once so liveness answers while the subgraphs are still starting.
    waitForSupergraph: false,
  });
  onShutdownSignal(logger, async () => {
    await gateway.close();
    await sessions.close();
    await tracing.shutdown();
  });
  // Start-up only fails for good when the gateway rejects a composed supergraph.
  gateway.supergraphLoaded.catch(() => process.exit(1));
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) {
    logger.fatal(err.message);
  } else {
    logger.fatal({ err }, 'gateway failed to start');
  }
  process.exit(1);
});
