import {
  createLoginThrottle,
  createSessionVersions,
  type LoginThrottle,
  type LoginThrottlePolicy,
  type SessionVersions,
} from '@gitforge/auth';
import { HealthChecks } from '@gitforge/health';
import { createLogger, currentRequestId, type Logger } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import { startServiceServer, TrustedProxies } from '@gitforge/server';
import { StreamBufferReclaimer } from './forward/reclaimStreamBuffers';
import { DEFAULT_MAX_PUSH_BYTES } from './forward/requestBodyLimit';
import { CredentialCache } from './gate/CredentialCache';
import { createGitProxyMetrics } from './gitProxyMetrics';
import { gitRoute } from './http/gitRoute';
import type { PushQuotaSource } from './quota/pushQuotaSource';
import { GiteaApi } from './upstream/GiteaApi';
import { UpstreamPools } from './upstream/upstreamPools';

export interface GitProxyOptions {
  /** Gitea or githost origin (optionally with a path prefix). */
  upstreamUrl: string;
  /** HS256 secret of GitForge session JWTs (accepted as the Basic-auth password). */
  jwtSecret: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  logger?: Logger;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  idleTimeoutMs?: number;
  apiTimeoutMs?: number;
  authCacheTtlMs?: number;
  maxUploadPackRequestBytes?: number;
  /** `GIT_PROXY_MAX_PUSH_BYTES`: larger pushes get 413, chunked ones included. */
  maxPushBytes?: number;
  /** `REDIS_URL`: sign-in limits and ended sessions shared with the repository subgraph. */
  redisUrl?: string;
  /** Before every Redis key and channel (`REDIS_KEY_PREFIX`); default `gitforge:`. */
  redisKeyPrefix?: string;
  /** Sign-in limits per client address and per account (defaults: lib/auth's). */
  loginPolicy?: LoginThrottlePolicy;
  /** A limiter to share (the caller closes it); else one made from `loginPolicy` and `redisUrl`. */
  loginThrottle?: LoginThrottle;
  /** Session versions to share (the caller closes them); else made from `redisUrl`. */
  sessions?: SessionVersions;
  /** `TRUSTED_PROXIES`: whose X-Forwarded-For names the client. Default: none. */
  trustedProxies?: TrustedProxies;
  /**
   * Owner size quotas (main.ts: the repository subgraph's, or one refusing every push when
   * REPOSITORY_SUBGRAPH_URL is unset). Unset (tests): pushes are not checked against a quota.
   */
  quotaSource?: PushQuotaSource;
  /** `GIT_PROXY_QUOTA_BUFFER_BYTES`: most of a chunked push held in memory for the quota check. */
  quotaBufferBytes?: number;
}

export interface RunningGitProxy {
  /** Origin, e.g. `http://127.0.0.1:4080`; repositories are at `${url}/git/{owner}/{repo}.git`. */
  url: string;
  close(): Promise<void>;
}

/** Starts the git smart-HTTP proxy: gate, streaming forwarder, health and metrics. */
export async function createGitProxy(options: GitProxyOptions): Promise<RunningGitProxy> {
  const logger = options.logger ?? createLogger('git-proxy');
  const metrics = createMetrics('git-proxy');
  const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  const pools = new UpstreamPools({
    url: options.upstreamUrl,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    headersTimeoutMs: options.headersTimeoutMs ?? 120_000,
    idleTimeoutMs,
    apiTimeoutMs: options.apiTimeoutMs ?? 10_000,
  });
  const api = new GiteaApi(pools, currentRequestId);
  const throttle =
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
  const health = new HealthChecks();
  health.add('git-host', () => api.ping());

  const server = await startServiceServer({
    service: 'git-proxy',
    port: options.port ?? 0,
    host: options.host,
    logger,
    metrics,
    health,
    routes: [
      gitRoute({
        pools,
        api,
        cache: new CredentialCache(options.authCacheTtlMs ?? 60_000),
        jwtSecret: options.jwtSecret,
        throttle,
        sessions,
        trustedProxies: options.trustedProxies ?? new TrustedProxies(),
        maxUploadPackRequestBytes: options.maxUploadPackRequestBytes ?? 64 * 1024 * 1024,
        maxPushBytes: options.maxPushBytes,
        pushQuota: options.quotaSource && {
          source: options.quotaSource,
          maxPushBytes: options.maxPushBytes ?? DEFAULT_MAX_PUSH_BYTES,
          maxBufferBytes: options.quotaBufferBytes,
        },
        metrics: createGitProxyMetrics(metrics.registry),
        reclaimer: new StreamBufferReclaimer(),
        logger,
      }),
    ],
  });
  // A big push may take longer than Node's default 5-minute request deadline; silence is
  // what matters, so only idle sockets are closed.
  server.server.requestTimeout = 0;
  server.server.timeout = idleTimeoutMs;
  logger.info({ upstream: redactUrl(options.upstreamUrl) }, 'git proxy forwarding');

  return {
    url: server.url,
    close: async () => {
      await server.close();
      await pools.close();
      if (!options.loginThrottle) await throttle.close();
      if (!options.sessions) await sessions.close();
    },
  };
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
