import { resolve } from 'node:path';
import { createSessionVersions, jwtSecretFromEnv } from '@gitforge/auth';
import { EnvError } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { startTracing } from '@gitforge/tracing';
import { introspectionEnabled, onShutdownSignal, accessLogPolicyFromEnv } from '@gitforge/server';
import { createResilienceServer } from './createResilienceServer';
import { loadEnv } from './env';

// First: with an OTLP endpoint set, spans are exported from the first request on.
const tracing = startTracing('resilience');
const logger = createLogger('resilience');

async function main(): Promise<void> {
  const env = loadEnv();
  const dataDir = resolve(env.auth.GITFORGE_DATA_DIR);
  const jwtSecret = jwtSecretFromEnv(env.auth);
  const { DATABASE_URL, DATABASE_POOL_MAX, RESILIENCE_SQL_TABLE } = env.database;
  // Ended sessions: through Redis when set, else the data dir `npm start`'s processes share.
  const sessions = createSessionVersions({
    redisUrl: env.pubsub.REDIS_URL,
    redisKeyPrefix: env.pubsub.REDIS_KEY_PREFIX,
    dataDir,
    logger,
  });
  const server = await createResilienceServer({
    introspection: introspectionEnabled(env.server.GRAPHQL_INTROSPECTION, env.auth.NODE_ENV),
    port: env.server.RESILIENCE_PORT,
    host: env.server.HOST,
    accessLog: accessLogPolicyFromEnv(env.accessLog),
    maxBodyBytes: env.server.MAX_BODY_BYTES,
    dataDir,
    jwtSecret,
    siteAdmins: env.auth.GITFORGE_ADMINS,
    logger,
    sql: DATABASE_URL
      ? { databaseUrl: DATABASE_URL, poolMax: DATABASE_POOL_MAX, table: RESILIENCE_SQL_TABLE }
      : undefined,
    replicaOrphanMs: env.resilience.RESILIENCE_REPLICA_ORPHAN_MS,
    recoverOnStart: env.resilience.RESILIENCE_RECOVER_ON_START,
    redisUrl: env.pubsub.REDIS_URL,
    redisKeyPrefix: env.pubsub.REDIS_KEY_PREFIX,
    sessions,
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
    logger.fatal({ err }, 'resilience subgraph failed to start');
  }
  process.exit(1);
});
