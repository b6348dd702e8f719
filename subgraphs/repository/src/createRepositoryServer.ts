import {
  createLoginThrottle,
  createSessionVersions,
  viewerFromAuthorization,
  type LoginThrottle,
  type LoginThrottlePolicy,
  type SessionVersions,
} from '@gitforge/auth';
import { TIMEOUT_HEADER } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { createMetrics, type ServiceMetrics } from '@gitforge/metrics';
import { createPubSub, type PubSub } from '@gitforge/pubsub';
import {
  clientAddress,
  graphqlRoute,
  TrustedProxies,
  startSubgraphApollo,
  startServiceServer,
  type ServiceServer,
  type AccessLogPolicy,
} from '@gitforge/server';
import { Gauge, Histogram } from 'prom-client';
import type { RepositoryContext } from './context';
import {
  CIRCUIT_STATE_VALUE,
  GiteaAccessClient,
  GiteaClient,
  GiteaError,
  GiteaTransport,
  beginRequestBudget,
  createGiteaBreaker,
  type GiteaBreaker,
  type GiteaBulkheadOptions,
} from './gitea';
import { RepositoryHealth, type DependencyStatus } from './RepositoryHealth';
import { schema } from './schema';
import { AccessChanges } from './services/AccessChanges';
import { BrowseService, type BrowseLimits } from './services/BrowseService';
import { CollaboratorService } from './services/CollaboratorService';
import { LoginService } from './services/LoginService';
import { createQuotaWiring, type RepositoryQuotaOptions } from './services/quotaWiring';
import { OrganizationService } from './services/OrganizationService';
import { RepositoryCache } from './services/RepositoryCache';
import { RepositoryService } from './services/RepositoryService';
import { GiteaTokens } from './services/GiteaTokens';
import { TtlCache } from './services/TtlCache';
import type { UserRecord } from './services/records';
import { UserService } from './services/UserService';
import { WEBHOOK_PATH, giteaWebhookHandler } from './webhooks/giteaWebhook';
import { RepositoryChangePublisher, followRepositoryChanges } from './webhooks/repositoryChanges';

export interface RepositoryServerOptions {
  /** Answer `__schema` / `__type` (main.ts: GRAPHQL_INTROSPECTION, else not in production). */
  introspection?: boolean;
  port: number;
  host?: string;
  /** `ACCESS_LOG`: which requests get an access line (default every one). */
  accessLog?: AccessLogPolicy;
  logger: Logger;
  giteaUrl: string;
  giteaTimeoutMs: number;
  /** A request's budget for all its Gitea calls; above `giteaTimeoutMs`, below the gateway's timeout. */
  requestTimeoutMs?: number;
  /** Concurrent Gitea calls and how many may queue for a slot (the rest get RATE_LIMITED). */
  giteaBulkhead?: GiteaBulkheadOptions;
  /**
   * Optional, a site administrator's token: reads user profiles (issue authors) even where
   * Gitea requires sign-in to view, tells collaborators' levels to readers, and deletes a
   * repository for an ADMIN collaborator (Gitea itself lets only owners delete).
   */
  giteaAdminToken?: string;
  circuit?: { failureThreshold: number; halfOpenAfterMs: number };
  jwtSecret: string;
  webhookSecret: string;
  /** Where Gitea should post push events of repositories created here (the gateway's /api/webhooks). */
  webhookUrl?: string;
  publicGitUrl: string;
  sessionTtlSeconds?: number;
  /** Sign-in limits per client address and per account (defaults: lib/auth's). */
  loginPolicy?: LoginThrottlePolicy;
  /** A limiter to share (the caller closes it); else one made from `loginPolicy` and `redisUrl`. */
  loginThrottle?: LoginThrottle;
  /** Session versions to share (the caller closes them); else made from `redisUrl`. */
  sessions?: SessionVersions;
  /** `TRUSTED_PROXIES`: whose X-Forwarded-For names the client (the gateway's). Default: none. */
  trustedProxies?: TrustedProxies;
  limits?: Partial<BrowseLimits>;
  cacheTtlMs?: number;
  maxBodyBytes?: number;
  /** `REDIS_URL`: repository changes reach every replica and the issues subgraph; unset = in-process. */
  redisUrl?: string;
  /** Before every Redis key and channel (`REDIS_KEY_PREFIX`); default `gitforge:`. */
  redisKeyPrefix?: string;
  /** A bus to use instead of one made from `redisUrl` (the caller closes it). */
  pubsub?: PubSub;
  /** Owner quotas (main.ts: env `quota`); unset (tests): createRepository does not check them. */
  quota?: RepositoryQuotaOptions;
}

export interface RepositoryServer extends ServiceServer {
  metrics: ServiceMetrics;
  breaker: GiteaBreaker;
  cache: RepositoryCache;
  health: RepositoryHealth;
}

const PROBE_TIMEOUT_MS = 1500;

/** Wires Gitea client, breaker, caches, schema and HTTP for the repository subgraph (main.ts and tests). */
export async function createRepositoryServer(
  options: RepositoryServerOptions,
): Promise<RepositoryServer> {
  const { logger } = options;
  const metrics = createMetrics('repository');
  const circuitGauge = new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state by breaker: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
    registers: [metrics.registry],
  });
  const giteaDuration = new Histogram({
    name: 'gitea_request_duration_seconds',
    help: 'Gitea API calls by operationId and outcome (HTTP status, timeout, network_error, circuit_open, bulkhead_full)',
    labelNames: ['operation', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  circuitGauge.set({ breaker: 'gitea' }, CIRCUIT_STATE_VALUE.closed);
  const breaker = createGiteaBreaker({
    failureThreshold: options.circuit?.failureThreshold ?? 5,
    halfOpenAfterMs: options.circuit?.halfOpenAfterMs ?? 10_000,
    onStateChange: (state) => {
      circuitGauge.set({ breaker: 'gitea' }, CIRCUIT_STATE_VALUE[state]);
      logger.warn({ state }, 'gitea circuit state changed');
    },
  });
  const transport = new GiteaTransport({
    baseUrl: options.giteaUrl,
    timeoutMs: options.giteaTimeoutMs,
    requestBudgetMs: options.requestTimeoutMs,
    bulkhead: options.giteaBulkhead,
    breaker,
    logger,
    observe: (operation, status, seconds) => giteaDuration.observe({ operation, status }, seconds),
  });
  new Gauge({
    name: 'gitea_bulkhead_calls',
    help: 'Gitea calls holding a bulkhead slot (in_flight) or waiting for one (queued)',
    labelNames: ['state'],
    registers: [metrics.registry],
    collect() {
      this.set({ state: 'in_flight' }, transport.bulkhead.inFlight);
      this.set({ state: 'queued' }, transport.bulkhead.queued);
    },
  });
  const anonymous = new GiteaClient(transport);
  const anonymousAccess = new GiteaAccessClient(transport);
  const adminAuth = options.giteaAdminToken
    ? ({ kind: 'token', token: options.giteaAdminToken } as const)
    : undefined;
  const admin = adminAuth ? anonymous.as(adminAuth) : undefined;
  const adminAccess = adminAuth ? anonymousAccess.as(adminAuth) : undefined;
  const quota = createQuotaWiring(
    {
      transport,
      adminAuth: options.giteaAdminToken
        ? { kind: 'token', token: options.giteaAdminToken }
        : undefined,
      jwtSecret: options.jwtSecret,
      logger,
    },
    options.quota,
  );
  const cache = new RepositoryCache({ ttlMs: options.cacheTtlMs ?? 10_000 });
  // Issue authors' names and avatars: one Gitea call per author and caller per TTL, not per request.
  const users = new TtlCache<UserRecord>(options.cacheTtlMs ?? 10_000, 5_000);
  const pubsub =
    options.pubsub ??
    createPubSub({ redisUrl: options.redisUrl, prefix: options.redisKeyPrefix, logger });
  const changes = new RepositoryChangePublisher(pubsub, logger);
  const accessChanges = new AccessChanges(cache, changes);
  // A change made through another replica (or its webhook): forget what this one cached.
  const stopFollowingChanges = followRepositoryChanges(
    pubsub,
    (change) => cache.invalidate(change.repository),
    logger,
  );
  const limits: BrowseLimits = {
    blobTextBytes: options.limits?.blobTextBytes ?? 512 * 1024,
    treeMaxEntries: options.limits?.treeMaxEntries ?? 5_000,
  };
  const loginThrottle =
    options.loginThrottle ??
    createLoginThrottle({
      redisUrl: options.redisUrl,
      redisKeyPrefix: options.redisKeyPrefix,
      policy: options.loginPolicy,
      logger,
    });
  const sessions =
    options.sessions ??
    createSessionVersions({
      redisUrl: options.redisUrl,
      redisKeyPrefix: options.redisKeyPrefix,
      logger,
    });
  const trustedProxies = options.trustedProxies ?? new TrustedProxies();
  const login = new LoginService({
    gitea: anonymous,
    jwtSecret: options.jwtSecret,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 12 * 60 * 60,
    tokens: new GiteaTokens(transport),
    throttle: loginThrottle,
    sessions,
  });
  const webhook = options.webhookUrl
    ? { url: options.webhookUrl, secret: options.webhookSecret }
    : undefined;

  const giteaStatus = async (): Promise<DependencyStatus[]> => {
    let timer: NodeJS.Timeout | undefined;
    // Any HTTP answer means reachable (githost, for one, has no /version).
    const probe = (admin ?? anonymous).version().then(
      (version) => ({ ok: true, detail: `reachable, version ${version}` }),
      (err: unknown) =>
        err instanceof GiteaError && err.status !== undefined && !err.isUpstreamFault
          ? { ok: true, detail: `reachable (GET /version: ${err.status ?? err.kind})` }
          : { ok: false, detail: err instanceof Error ? err.message : String(err) },
    );
    const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, detail: `no answer within ${PROBE_TIMEOUT_MS} ms` }),
        PROBE_TIMEOUT_MS,
      );
    });
    const result = await Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
    return [
      { name: 'gitea', ok: result.ok, detail: `circuit ${breaker.state()}; ${result.detail}` },
    ];
  };
  const health = new RepositoryHealth(giteaStatus);

  const apollo = await startSubgraphApollo<RepositoryContext>(schema, logger, {
    introspection: options.introspection,
  });

  const server = await startServiceServer({
    service: 'repository',
    port: options.port,
    host: options.host,
    accessLog: options.accessLog,
    logger,
    metrics,
    health,
    routes: [
      graphqlRoute(apollo, {
        maxBodyBytes: options.maxBodyBytes,
        context: async (req): Promise<RepositoryContext> => {
          // Gitea calls end before the caller (the gateway) stops waiting for this answer.
          beginRequestBudget(options.requestTimeoutMs ?? Infinity, req.headers[TIMEOUT_HEADER]);
          const viewer = await viewerFromAuthorization(
            options.jwtSecret,
            req.headers.authorization,
            { sessions },
          );
          const quotas = quota.forViewer(viewer);
          const auth = viewer?.upstreamToken
            ? ({ kind: 'token', token: viewer.upstreamToken } as const)
            : undefined;
          const gitea = auth ? anonymous.as(auth) : anonymous;
          const access = auth ? anonymousAccess.as(auth) : anonymousAccess;
          const repositories = new RepositoryService({
            gitea,
            access,
            admin,
            viewer,
            cache,
            beforeCreate: quota.enforced ? (owner) => quotas.assertCanCreate(owner) : undefined,
            webhook,
            changes,
            warn: (message, err) => logger.warn({ err }, message),
          });
          return {
            viewer,
            // Only sign-in reads it: worked out when asked (X-Forwarded-For against the proxies).
            get clientAddress() {
              return clientAddress(req, trustedProxies);
            },
            repositories,
            browse: new BrowseService(gitea, cache, limits),
            collaborators: new CollaboratorService({
              viewer,
              access,
              adminAccess,
              repositories,
              changes: accessChanges,
            }),
            organizations: new OrganizationService({
              viewer,
              access,
              authenticated: auth !== undefined,
              repositories,
              changes: accessChanges,
            }),
            users: new UserService(admin ?? gitea, {
              cache: users,
              caller: admin
                ? '(admin)'
                : gitea.authenticated && viewer
                  ? viewer.login.toLowerCase()
                  : '',
            }),
            login,
            quota: quotas,
            publicGitUrl: options.publicGitUrl.replace(/\/+$/, ''),
          };
        },
      }),
      quota.route,
      {
        name: WEBHOOK_PATH,
        methods: ['POST'],
        match: (path) => path === WEBHOOK_PATH,
        handle: giteaWebhookHandler({ secret: options.webhookSecret, cache, logger, changes }),
      },
    ],
  });

  return {
    ...server,
    metrics,
    breaker,
    cache,
    health,
    async close() {
      await server.close();
      await apollo.stop();
      await stopFollowingChanges();
      if (!options.pubsub) await pubsub.close();
      await transport.close();
      if (!options.loginThrottle) await loginThrottle.close();
      if (!options.sessions) await sessions.close();
    },
  };
}
