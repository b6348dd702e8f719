import { z } from 'zod';
import {
  bool,
  EnvError,
  nodeEnv,
  parseEnv,
  port,
  positiveInt,
  upstreamUrl,
  redisKeyPrefix,
} from '@gitforge/env';
import { graphqlIntrospectionVariable, trustedProxiesVariable } from '@gitforge/server';
import { parseSubgraphList, type SubgraphEndpoint } from './subgraphs/parseSubgraphList';
import type { SupergraphOrigin } from './supergraph/SupergraphSource';

/** The gateway's environment, one zod model per concern (see `.env.example`). */
export const gatewayEnvModels = {
  server: z.object({
    HOST: z.string().min(1).default('127.0.0.1'),
    GATEWAY_PORT: port('GATEWAY_PORT'),
    MAX_BODY_BYTES: positiveInt(1024 * 1024),
    /** Proxies whose X-Forwarded-For names the client (per-client limits); none by default. */
    TRUSTED_PROXIES: trustedProxiesVariable(),
    /** Unset: introspection on, except under NODE_ENV=production. */
    GRAPHQL_INTROSPECTION: graphqlIntrospectionVariable(),
  }),
  subgraphs: z.object({
    ISSUES_PORT: port('ISSUES_PORT'),
    /** `name=url,...`; unset means the issues subgraph on ISSUES_PORT. */
    SUBGRAPH_URLS: upstreamUrl({
      schema: z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (!value?.trim()) return undefined;
          try {
            return parseSubgraphList(value);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: (err as Error).message });
            return z.NEVER;
          }
        }),
    }),
    /**
     * A composed supergraph file (`rover supergraph compose`) to serve instead of composing
     * SUBGRAPH_URLS; reloaded when it changes. Not together with SUBGRAPH_URLS.
     */
    GATEWAY_SUPERGRAPH: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().optional(),
    ),
    /** Changes to GATEWAY_SUPERGRAPH closer together than this are loaded once. */
    GATEWAY_SUPERGRAPH_DEBOUNCE_MS: positiveInt(250),
    SUBGRAPH_POLL_INTERVAL_MS: positiveInt(5000),
    SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
    SUBGRAPH_CONNECT_TIMEOUT_MS: positiveInt(2000),
  }),
  auth: z.object({
    GITFORGE_JWT_SECRET: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16).optional(),
    ),
    GITFORGE_DATA_DIR: z.string().min(1).default('./.gitforge'),
    NODE_ENV: nodeEnv(),
  }),
  sessions: z.object({
    /** Set: sessions ended with logout / logoutEverywhere (in any service) are refused here. */
    REDIS_URL: upstreamUrl({ requiredInProduction: false }),
    /** Before every Redis key and channel, so deployments sharing one Redis do not mix. */
    REDIS_KEY_PREFIX: redisKeyPrefix(),
  }),
  execution: z.object({
    /** Queries and mutations over HTTP skip Apollo Server's per-request pipeline (same answers). */
    GATEWAY_FAST_PATH: bool(true),
    /** An Apollo persisted-query manifest: in production, only its operations are served. */
    GATEWAY_PERSISTED_OPERATIONS: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(1).optional(),
    ),
    /** true: serve operations outside GATEWAY_PERSISTED_OPERATIONS too (the list is not enforced). */
    GATEWAY_ALLOW_ARBITRARY_OPERATIONS: bool(false),
    /** Identical subgraph calls of anonymous queries from one client, in flight at once, share one. */
    GATEWAY_DEDUPE_ANONYMOUS_FETCHES: bool(true),
  }),
  limits: z.object({
    MAX_DEPTH: positiveInt(12),
    MAX_COST: positiveInt(5000),
    /** Cost points one client (user, else address) may spend per window (Redis-shared). */
    COST_BUDGET_POINTS: positiveInt(50_000),
    COST_BUDGET_WINDOW_MS: positiveInt(60_000),
  }),
  monitoring: z.object({
    /** Prometheus whose firing alerts the status page (`GET /api/status`) shows; unset: none. */
    PROMETHEUS_URL: upstreamUrl({ requiredInProduction: false }),
  }),
  subscriptions: z.object({
    /** WebSocket keep-alive ping towards clients. */
    SUBSCRIPTION_KEEPALIVE_MS: positiveInt(12_000),
    /** Reconnect attempts to a subgraph before its subscriptions end with an error. */
    SUBSCRIPTION_RETRY_ATTEMPTS: positiveInt(8),
    /** Open WebSocket connections per client address; more get HTTP 429. */
    MAX_CONNECTIONS_PER_CLIENT: positiveInt(20),
    /** Operations open at once on one connection; more get RATE_LIMITED. */
    MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt(100),
    /** Recent events kept per shared feed, replayed to clients resuming with `after`. */
    SUBSCRIPTION_FEED_RING_SIZE: positiveInt(512),
    /** Events queued for one client before its socket is closed with 4429 (too slow). */
    SUBSCRIPTION_CLIENT_BUFFER: positiveInt(1000),
  }),
};

/**
 * Where the supergraph comes from: GATEWAY_SUPERGRAPH's file, else the subgraphs of
 * SUBGRAPH_URLS (default: the issues subgraph on ISSUES_PORT).
 */
export function supergraphOriginFromEnv(env: GatewayEnv): SupergraphOrigin {
  const file = env.subgraphs.GATEWAY_SUPERGRAPH;
  if (file) {
    return { supergraph: { file, debounceMs: env.subgraphs.GATEWAY_SUPERGRAPH_DEBOUNCE_MS } };
  }
  return { subgraphs: subgraphsFromEnv(env) };
}

/** The configured subgraphs, defaulting to the issues subgraph on `ISSUES_PORT`. */
export function subgraphsFromEnv(env: GatewayEnv): SubgraphEndpoint[] {
  return (
    env.subgraphs.SUBGRAPH_URLS ?? [
      { name: 'issues', url: `http://127.0.0.1:${env.subgraphs.ISSUES_PORT}/graphql` },
    ]
  );
}

export type GatewayEnv = ReturnType<typeof parseGatewayEnv>;

/** Parses once; throws EnvError listing every problem. */
export function parseGatewayEnv(source: NodeJS.ProcessEnv) {
  const env = parseEnv(gatewayEnvModels, source);
  const { SUBGRAPH_TIMEOUT_MS, SUBGRAPH_CONNECT_TIMEOUT_MS } = env.subgraphs;
  if (env.subgraphs.GATEWAY_SUPERGRAPH && env.subgraphs.SUBGRAPH_URLS) {
    throw new EnvError([
      'GATEWAY_SUPERGRAPH and SUBGRAPH_URLS are both set: serve a supergraph file or compose subgraphs, not both',
    ]);
  }
  // Layered deadlines: connecting is part of the call and must end first. Subgraphs are told
  // the call's deadline (x-gitforge-timeout-ms) and end their own upstream calls before it.
  if (SUBGRAPH_CONNECT_TIMEOUT_MS >= SUBGRAPH_TIMEOUT_MS) {
    throw new EnvError([
      `SUBGRAPH_CONNECT_TIMEOUT_MS (${SUBGRAPH_CONNECT_TIMEOUT_MS}) must be below SUBGRAPH_TIMEOUT_MS (${SUBGRAPH_TIMEOUT_MS})`,
    ]);
  }
  return env;
}
