import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import { viewerFromAuthorization, type SessionVersions } from '@gitforge/auth';
import { HealthChecks } from '@gitforge/health';
import type { Logger } from '@gitforge/logging';
import { createPubSub, type PubSub } from '@gitforge/pubsub';
import { createMetrics, type ServiceMetrics } from '@gitforge/metrics';
import { Gauge } from 'prom-client';
import {
  apolloRequestHandler,
  startSubgraphApollo,
  startServiceServer,
  type ServiceServer,
  type AccessLogPolicy,
} from '@gitforge/server';
import type { ResilienceContext } from './context';
import { schema } from './schema';
import { RESILIENCE_EVENTS } from './pubsub/resilienceEvents';
import { ResilienceManager } from './services/ResilienceManager';
import { createResilienceMetrics } from './services/resilienceMetrics';
import { serveSubscriptions } from './serveSubscriptions';

export interface ResilienceServerOptions {
  /** Answer `__schema` / `__type` (main.ts: GRAPHQL_INTROSPECTION, else not in production). */
  introspection?: boolean;
  port: number;
  host?: string;
  /** `ACCESS_LOG`: which requests get an access line (default every one). */
  accessLog?: AccessLogPolicy;
  dataDir: string;
  jwtSecret: string;
  /** GITFORGE_ADMINS: logins that are site administrators besides Gitea's. */
  siteAdmins?: readonly string[];
  logger: Logger;
  maxBodyBytes?: number;
  sql?: { databaseUrl: string; poolMax: number; table: string };
  replicaOrphanMs?: number;
  recoverOnStart?: boolean;
  /** Set: events go through Redis; unset: in-process. */
  redisUrl?: string;
  /** Before every Redis key and channel (`REDIS_KEY_PREFIX`); default `gitforge:`. */
  redisKeyPrefix?: string;
  pubsub?: PubSub;
  /**
   * Ended sessions (logout, logoutEverywhere), refused over HTTP and graphql-ws; main.ts always
   * passes them (REDIS_URL, else the data dir). Unset: not checked (tests). The caller closes it.
   */
  sessions?: SessionVersions;
}

export interface ResilienceServer extends ServiceServer {
  manager: ResilienceManager;
  metrics: ServiceMetrics;
}

/** Wires the manager, the schema, HTTP and graphql-ws for the resilience subgraph. */
export async function createResilienceServer(
  options: ResilienceServerOptions,
): Promise<ResilienceServer> {
  const { logger, jwtSecret, sessions } = options;
  const siteAdmins = new Set((options.siteAdmins ?? []).map((login) => login.toLowerCase()));
  const metrics = createMetrics('resilience');
  const pubsub =
    options.pubsub ??
    createPubSub({ redisUrl: options.redisUrl, prefix: options.redisKeyPrefix, logger });
  const manager = await ResilienceManager.start({
    dataDir: resolve(options.dataDir),
    logger,
    pubsub,
    metrics: createResilienceMetrics(metrics.registry),
    replicaOrphanMs: options.replicaOrphanMs ?? 120_000,
    sql: options.sql,
    recoverOnStart: options.recoverOnStart ?? false,
  });
  metrics.trackDatabasePool(() => manager.databaseConnections());
  new Gauge({
    name: 'resilience_event_subscriptions',
    help: 'resilienceEvents subscriptions this process delivers to',
    registers: [metrics.registry],
    collect() {
      this.set(pubsub.listenerCount(RESILIENCE_EVENTS));
    },
  });
  // Ready means able to answer GraphQL, including `recover` while the strategy waits for it.
  const health = new HealthChecks();

  const apollo = await startSubgraphApollo<ResilienceContext>(schema, logger, {
    introspection: options.introspection,
  });

  const afterResponse = new WeakMap<IncomingMessage, (() => void)[]>();
  const graphql = apolloRequestHandler(apollo, {
    maxBodyBytes: options.maxBodyBytes,
    context: async (req) => {
      const hooks: (() => void)[] = [];
      afterResponse.set(req, hooks);
      return {
        viewer: await viewerFromAuthorization(jwtSecret, req.headers.authorization, { sessions }),
        siteAdmins,
        manager,
        pubsub,
        afterResponse: (fn) => hooks.push(fn),
      };
    },
  });

  const server = await startServiceServer({
    service: 'resilience',
    port: options.port,
    host: options.host,
    accessLog: options.accessLog,
    logger,
    metrics,
    health,
    routes: [
      {
        name: '/graphql',
        methods: ['GET', 'POST'],
        match: (path) => path === '/graphql',
        handle: async (req, res, url) => {
          await graphql(req, res, url);
          const hooks = afterResponse.get(req) ?? [];
          if (hooks.length > 0) setImmediate(() => hooks.forEach((fn) => fn()));
        },
      },
    ],
  });
  const subscriptions = serveSubscriptions({
    server: server.server,
    schema,
    manager,
    pubsub,
    jwtSecret,
    sessions,
    logger,
  });

  return {
    ...server,
    manager,
    metrics,
    async close() {
      await subscriptions.close();
      await server.close();
      await apollo.stop();
      await manager.close();
      if (!options.pubsub) await pubsub.close();
    },
  };
}
