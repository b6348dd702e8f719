import { resolve } from 'node:path';
import { EnvError } from '@gitforge/env';
import {
  createSessionVersions,
  jwtSecretFromEnv,
  loginThrottlePolicyFromEnv,
} from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { startTracing } from '@gitforge/tracing';
import { onShutdownSignal } from '@gitforge/server';
import { createGitProxy } from './createGitProxy';
import { parseGitProxyEnv, upstreamUrlFromEnv } from './env';
import { RepositorySubgraphQuota, unconfiguredQuota } from './quota/pushQuotaSource';

// First: with an OTLP endpoint set, spans are exported from the first request on.
const tracing = startTracing('git-proxy');
const logger = createLogger('git-proxy');

async function main(): Promise<void> {
  const env = parseGitProxyEnv(process.env);
  const jwtSecret = jwtSecretFromEnv(env.auth);
  // Ended sessions: through Redis when set, else the data dir `npm start`'s processes share.
  const sessions = createSessionVersions({
    redisUrl: env.shared.REDIS_URL,
    redisKeyPrefix: env.shared.REDIS_KEY_PREFIX,
    dataDir: resolve(env.auth.GITFORGE_DATA_DIR),
    logger,
  });
  const proxy = await createGitProxy({
    upstreamUrl: upstreamUrlFromEnv(env),
    jwtSecret,
    host: env.server.HOST,
    port: env.server.GIT_PROXY_PORT,
    logger,
    connectTimeoutMs: env.upstream.GIT_PROXY_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: env.upstream.GIT_PROXY_HEADERS_TIMEOUT_MS,
    idleTimeoutMs: env.upstream.GIT_PROXY_IDLE_TIMEOUT_MS,
    apiTimeoutMs: env.upstream.GIT_PROXY_API_TIMEOUT_MS,
    authCacheTtlMs: env.gate.GIT_PROXY_AUTH_CACHE_TTL_MS,
    maxUploadPackRequestBytes: env.gate.GIT_PROXY_MAX_UPLOAD_PACK_REQUEST_BYTES,
    maxPushBytes: env.gate.GIT_PROXY_MAX_PUSH_BYTES,
    trustedProxies: env.server.TRUSTED_PROXIES,
    loginPolicy: loginThrottlePolicyFromEnv(env.login),
    redisUrl: env.shared.REDIS_URL,
    redisKeyPrefix: env.shared.REDIS_KEY_PREFIX,
    sessions,
    quotaSource: env.quota.REPOSITORY_SUBGRAPH_URL
      ? new RepositorySubgraphQuota(
          env.quota.REPOSITORY_SUBGRAPH_URL,
          jwtSecret,
          env.quota.GIT_PROXY_QUOTA_TIMEOUT_MS,
        )
      : unconfiguredQuota,
    quotaBufferBytes: env.quota.GIT_PROXY_QUOTA_BUFFER_BYTES,
  });
  onShutdownSignal(logger, async () => {
    await proxy.close();
    await sessions.close();
    await tracing.shutdown();
  });
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) {
    logger.fatal(err.message);
  } else {
    logger.fatal({ err }, 'git proxy failed to start');
  }
  process.exit(1);
});
