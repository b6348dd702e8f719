import { z } from 'zod';
import { accessLogEnvModel, graphqlIntrospectionVariable } from '@gitforge/server';
import { bool, parseEnv, port, positiveInt, upstreamUrl, redisKeyPrefix } from '@gitforge/env';
import { quotaEnvModel } from './quota/quotaEnv';

/** The issues subgraph's environment, one zod model per concern (see `.env.example`). */
export const issuesEnvModels = {
  /**
   * `request completed` lines at info for errors and slow requests only, the rest at debug
   * (the gateway's line, same request id, records every request); `ACCESS_LOG=all` for all.
   */
  accessLog: accessLogEnvModel('errors-and-slow'),
  server: z.object({
    ISSUES_PORT: port('ISSUES_PORT'),
    /** Unset: introspection on, except under NODE_ENV=production. */
    GRAPHQL_INTROSPECTION: graphqlIntrospectionVariable(),
    HOST: z.string().default('127.0.0.1'),
    MAX_BODY_BYTES: positiveInt(256 * 1024),
  }),
  database: z.object({
    DATABASE_URL: upstreamUrl({
      schema: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    RUN_MIGRATIONS: bool(true),
  }),
  repositories: z.object({
    /** Set: private repositories are enforced by asking the repository subgraph. */
    REPOSITORY_SUBGRAPH_URL: upstreamUrl(),
    /**
     * Deadline of one permission call to the repository subgraph (sent to it as
     * x-gitforge-timeout-ms); past it the stored repository facts answer.
     */
    PERMISSION_TIMEOUT_MS: positiveInt(1000),
  }),
  events: z.object({
    /** How long issue events stay in the outbox: `after` cursors older get CURSOR_EXPIRED. */
    ISSUE_EVENT_RETENTION_SECONDS: positiveInt(7 * 24 * 3600),
    /** How often each replica deletes the events past retention. */
    ISSUE_EVENT_PRUNE_INTERVAL_SECONDS: positiveInt(60),
  }),
  pubsub: z.object({
    /** Set: issue events go through Redis so every replica's subscribers get them. */
    REDIS_URL: upstreamUrl({ requiredInProduction: false }),
    /** Before every Redis key and channel, so deployments sharing one Redis do not mix. */
    REDIS_KEY_PREFIX: redisKeyPrefix(),
  }),
  /** Owner quota defaults and site administrators (quota/quotaEnv.ts). */
  quota: quotaEnvModel,
  auth: z.object({
    GITFORGE_DATA_DIR: z.string().default('.gitforge'),
    GITFORGE_JWT_SECRET: z.string().min(16).optional(),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  }),
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(issuesEnvModels, source);
}

export type IssuesEnv = ReturnType<typeof loadEnv>;
