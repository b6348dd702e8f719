import { resolve } from 'node:path';
import { createSessionVersions, jwtSecretFromEnv } from '@gitforge/auth';
import { EnvError } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { startTracing } from '@gitforge/tracing';
import { accessLogPolicyFromEnv, introspectionEnabled, onShutdownSignal } from '@gitforge/server';
import { createIssuesServer } from './createIssuesServer';
import { loadEnv } from './env';

// First: with an OTLP endpoint set, spans are exported from the first request on.
const tracing = startTracing('issues');
const logger = createLogger('issues');

async function main(): Promise<void> {
  const env = loadEnv();
  // Fail closed in every mode: without the repository subgraph nobody can say who may read a
  // private repository, and guessing would serve its issues to anyone (npm start sets it).
  const repositorySubgraphUrl = env.repositories.REPOSITORY_SUBGRAPH_URL;
  if (!repositorySubgraphUrl) {
    throw new EnvError([
      'REPOSITORY_SUBGRAPH_URL: required (the repository subgraph answers who may read a repository)',
    ]);
  }
  const jwtSecret = jwtSecretFromEnv(env.auth);
  // Ended sessions: through Redis when set, else the data dir `npm start`'s processes share.
  const sessions = createSessionVersions({
    redisUrl: env.pubsub.REDIS_URL,
    redisKeyPrefix: env.pubsub.REDIS_KEY_PREFIX,
    dataDir: resolve(env.auth.GITFORGE_DATA_DIR),
    logger,
  });
  const server = await createIssuesServer({
    introspection: introspectionEnabled(env.server.GRAPHQL_INTROSPECTION, env.auth.NODE_ENV),
    port: env.server.ISSUES_PORT,
    host: env.server.HOST,
    maxBodyBytes: env.server.MAX_BODY_BYTES,
    databaseUrl: env.database.DATABASE_URL,
    poolMax: env.database.DATABASE_POOL_MAX,
    runMigrations: env.database.RUN_MIGRATIONS,
    jwtSecret,
    redisUrl: env.pubsub.REDIS_URL,
    redisKeyPrefix: env.pubsub.REDIS_KEY_PREFIX,
    repositorySubgraphUrl,
    permissionTimeoutMs: env.repositories.PERMISSION_TIMEOUT_MS,
    logger,
    sessions,
    accessLog: accessLogPolicyFromEnv(env.accessLog),
    eventRetentionSeconds: env.events.ISSUE_EVENT_RETENTION_SECONDS,
    eventPruneIntervalSeconds: env.events.ISSUE_EVENT_PRUNE_INTERVAL_SECONDS,
    quota: env.quota,
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
    logger.fatal({ err }, 'issues subgraph failed to start');
  }
  process.exit(1);
});
