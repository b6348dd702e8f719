import { z } from 'zod';
import { accessLogEnvModel, graphqlIntrospectionVariable } from '@gitforge/server';
import { loginThrottleEnvModel, parseSiteAdmins } from '@gitforge/auth';
import {
  EnvError,
  optionalUrl,
  parseEnv,
  port,
  positiveInt,
  upstreamUrl,
  redisKeyPrefix,
} from '@gitforge/env';
import { trustedProxiesVariable } from '@gitforge/server';

/** The repository subgraph's environment, one zod model per concern (see `.env.example`). */
export const repositoryEnvModels = {
  /**
   * `request completed` lines at info for errors and slow requests only, the rest at debug
   * (the gateway's line, same request id, records every request); `ACCESS_LOG=all` for all.
   */
  accessLog: accessLogEnvModel('errors-and-slow'),
  server: z.object({
    REPOSITORY_PORT: port('REPOSITORY_PORT'),
    /** Unset: introspection on, except under NODE_ENV=production. */
    GRAPHQL_INTROSPECTION: graphqlIntrospectionVariable(),
    HOST: z.string().default('127.0.0.1'),
    MAX_BODY_BYTES: positiveInt(256 * 1024),
    /** Whose X-Forwarded-For names the client: the gateway's address(es). Unset: nobody's. */
    TRUSTED_PROXIES: trustedProxiesVariable(),
  }),
  gitea: z.object({
    /** Gitea; unset (development only) means the embedded githost on GITHOST_PORT. */
    GITEA_URL: upstreamUrl(),
    GITHOST_PORT: port('GITHOST_PORT'),
    /** Deadline of one Gitea call; below REPOSITORY_REQUEST_TIMEOUT_MS (checked at startup). */
    GITEA_TIMEOUT_MS: positiveInt(2_500),
    /** A request's budget for all its Gitea calls; below the gateway's SUBGRAPH_TIMEOUT_MS (10 s). */
    REPOSITORY_REQUEST_TIMEOUT_MS: positiveInt(8_000),
    /** Gitea calls in flight at once from this process, and how many may wait for a slot. */
    GITEA_MAX_CONCURRENCY: positiveInt(16),
    GITEA_MAX_QUEUED: z.coerce.number().int().min(0).default(32),
    GITEA_ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    GITEA_CIRCUIT_FAILURES: positiveInt(5),
    GITEA_CIRCUIT_HALF_OPEN_MS: positiveInt(10_000),
  }),
  public: z.object({
    GIT_PROXY_PORT: port('GIT_PROXY_PORT'),
    GITFORGE_PUBLIC_GIT_URL: optionalUrl(),
    /** Where Gitea delivers repository webhooks (the gateway's `/api/webhooks`). */
    GITFORGE_WEBHOOK_URL: upstreamUrl({
      upstream: { calledBy: 'gitea' },
      requiredInProduction: false,
    }),
  }),
  auth: z.object({
    GITFORGE_DATA_DIR: z.string().default('.gitforge'),
    GITFORGE_JWT_SECRET: z.string().min(16).optional(),
    GITFORGE_WEBHOOK_SECRET: z.string().min(16).optional(),
    SESSION_TTL_SECONDS: positiveInt(12 * 60 * 60),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  }),
  /** Failed sign-ins per client address and per account (shared with the git proxy). */
  login: loginThrottleEnvModel,
  limits: z.object({
    BLOB_TEXT_LIMIT_BYTES: positiveInt(512 * 1024),
    TREE_MAX_ENTRIES: positiveInt(5_000),
    REPOSITORY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(10_000),
  }),
  /** Owner quotas (issue 16): limits from the issues subgraph, usage counted here. */
  quota: z.object({
    /** The issues subgraph; its internal endpoint has the limits. Unset: creation is refused. */
    ISSUES_SUBGRAPH_URL: upstreamUrl(),
    /** Deadline of one limits call to it. */
    QUOTA_TIMEOUT_MS: positiveInt(2_000),
    /** Site administrators besides Gitea's is_admin (see quotas), comma-separated logins. */
    GITFORGE_ADMINS: z
      .string()
      .optional()
      .transform(parseSiteAdmins)
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be logins'))),
  }),
  pubsub: z.object({
    /** Set: repository changes reach every replica and the issues subgraph (deletions, visibility). */
    REDIS_URL: upstreamUrl({ requiredInProduction: false }),
    /** Before every Redis key and channel, so deployments sharing one Redis do not mix. */
    REDIS_KEY_PREFIX: redisKeyPrefix(),
  }),
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = parseEnv(repositoryEnvModels, source);
  const { GITEA_TIMEOUT_MS, REPOSITORY_REQUEST_TIMEOUT_MS } = env.gitea;
  // Layered deadlines: each inner call gives up before its caller does.
  if (GITEA_TIMEOUT_MS >= REPOSITORY_REQUEST_TIMEOUT_MS) {
    throw new EnvError([
      `GITEA_TIMEOUT_MS (${GITEA_TIMEOUT_MS}) must be below REPOSITORY_REQUEST_TIMEOUT_MS (${REPOSITORY_REQUEST_TIMEOUT_MS})`,
    ]);
  }
  return env;
}

export type RepositoryEnv = ReturnType<typeof loadEnv>;
