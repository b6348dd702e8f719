import { resolve } from 'node:path';
import {
  createSessionVersions,
  jwtSecretFromEnv,
  loginThrottlePolicyFromEnv,
} from '@gitforge/auth';
import { EnvError, loadOrCreateSecret } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { startTracing } from '@gitforge/tracing';
import { introspectionEnabled, onShutdownSignal, accessLogPolicyFromEnv } from '@gitforge/server';
import { createRepositoryServer } from './createRepositoryServer';
import { loadEnv } from './env';

// First: with an OTLP endpoint set, spans are exported from the first request on.
const tracing = startTracing('repository');
const logger = createLogger('repository');

async function main(): Promise<void> {
  const env = loadEnv();
  const production = env.auth.NODE_ENV === 'production';
  if (production && !env.auth.GITFORGE_WEBHOOK_SECRET) {
    throw new EnvError(['GITFORGE_WEBHOOK_SECRET: required in production']);
  }
  const jwtSecret = jwtSecretFromEnv(env.auth);
  const dataDir = resolve(env.auth.GITFORGE_DATA_DIR);
  // Ended sessions: through Redis when set, else the data dir `npm start`'s processes share.
  const sessions = createSessionVersions({
    redisUrl: env.pubsub.REDIS_URL,
    redisKeyPrefix: env.pubsub.REDIS_KEY_PREFIX,
    dataDir,
    logger,
  });
  const server = await createRepositoryServer({
    introspection: introspectionEnabled(env.server.GRAPHQL_INTROSPECTION, env.auth.NODE_ENV),
    port: env.server.REPOSITORY_PORT,
    host: env.server.HOST,
    accessLog: accessLogPolicyFromEnv(env.accessLog),
    maxBodyBytes: env.server.MAX_BODY_BYTES,
    logger,
    giteaUrl: env.gitea.GITEA_URL ?? `http://127.0.0.1:${env.gitea.GITHOST_PORT}`,
    giteaTimeoutMs: env.gitea.GITEA_TIMEOUT_MS,
    requestTimeoutMs: env.gitea.REPOSITORY_REQUEST_TIMEOUT_MS,
    giteaBulkhead: {
      maxConcurrent: env.gitea.GITEA_MAX_CONCURRENCY,
      maxQueued: env.gitea.GITEA_MAX_QUEUED,
    },
    giteaAdminToken: env.gitea.GITEA_ADMIN_TOKEN,
    circuit: {
      failureThreshold: env.gitea.GITEA_CIRCUIT_FAILURES,
      halfOpenAfterMs: env.gitea.GITEA_CIRCUIT_HALF_OPEN_MS,
    },
    jwtSecret,
    webhookSecret:
      env.auth.GITFORGE_WEBHOOK_SECRET ?? loadOrCreateSecret(dataDir, 'webhook-secret'),
    webhookUrl: env.public.GITFORGE_WEBHOOK_URL,
    publicGitUrl:
      env.public.GITFORGE_PUBLIC_GIT_URL ?? `http://localhost:${env.public.GIT_PROXY_PORT}/git`,
    sessionTtlSeconds: env.auth.SESSION_TTL_SECONDS,
    loginPolicy: loginThrottlePolicyFromEnv(env.login),
    trustedProxies: env.server.TRUSTED_PROXIES,
    limits: {
      blobTextBytes: env.limits.BLOB_TEXT_LIMIT_BYTES,
      treeMaxEntries: env.limits.TREE_MAX_ENTRIES,
    },
    cacheTtlMs: env.limits.REPOSITORY_CACHE_TTL_MS,
    redisUrl: env.pubsub.REDIS_URL,
    redisKeyPrefix: env.pubsub.REDIS_KEY_PREFIX,
    sessions,
    quota: {
      issuesUrl: env.quota.ISSUES_SUBGRAPH_URL,
      timeoutMs: env.quota.QUOTA_TIMEOUT_MS,
      siteAdmins: env.quota.GITFORGE_ADMINS,
    },
  });
  onShutdownSignal(logger, async () => {
    await server.close();
    await sessions.close();
    await tracing.shutdown();
  });
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) {
    console.error(err.message);
  } else {
    logger.fatal({ err }, 'repository subgraph failed to start');
  }
  process.exit(1);
});
