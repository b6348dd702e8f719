import { z } from 'zod';
import { accessLogEnvModel, graphqlIntrospectionVariable } from '@gitforge/server';
import { parseSiteAdmins } from '@gitforge/auth';
import {
  bool,
  nodeEnv,
  parseEnv,
  port,
  upstreamUrl,
  positiveInt,
  redisKeyPrefix,
} from '@gitforge/env';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The resilience subgraph's environment, one zod model per concern (see `.env.example`). */
export const resilienceEnvModels = {
  /**
   * `request completed` lines at info for errors and slow requests only, the rest at debug
   * (the gateway's line, same request id, records every request); `ACCESS_LOG=all` for all.
   */
  accessLog: accessLogEnvModel('errors-and-slow'),
  server: z.object({
    RESILIENCE_PORT: port('RESILIENCE_PORT'),
    /** Unset: introspection on, except under NODE_ENV=production. */
    GRAPHQL_INTROSPECTION: graphqlIntrospectionVariable(),
    HOST: z.string().default('127.0.0.1'),
    MAX_BODY_BYTES: positiveInt(2 * 1024 * 1024),
  }),
  auth: z.object({
    GITFORGE_DATA_DIR: z.string().default('.gitforge'),
    GITFORGE_JWT_SECRET: z.string().min(16).optional(),
    /** Site administrators besides Gitea's is_admin: comma-separated logins. */
    GITFORGE_ADMINS: z
      .string()
      .optional()
      .transform(parseSiteAdmins)
      .pipe(z.array(z.string().regex(LOGIN, 'must be comma-separated user logins'))),
    NODE_ENV: nodeEnv(),
  }),
  database: z.object({
    /** Only the SQL strategy uses it; unset, that strategy is unavailable. */
    DATABASE_URL: upstreamUrl({
      requiredInProduction: false,
      schema: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(5),
    RESILIENCE_SQL_TABLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
      .default('resilience_kv'),
  }),
  pubsub: z.object({
    REDIS_URL: upstreamUrl({ requiredInProduction: false }),
    /** Before every Redis key and channel, so deployments sharing one Redis do not mix. */
    REDIS_KEY_PREFIX: redisKeyPrefix(),
  }),
  resilience: z.object({
    RESILIENCE_RECOVER_ON_START: bool(false),
    RESILIENCE_REPLICA_ORPHAN_MS: z.coerce.number().int().min(1000).default(120_000),
  }),
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(resilienceEnvModels, source);
}

export type ResilienceEnv = ReturnType<typeof loadEnv>;
