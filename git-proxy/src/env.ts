import { z } from 'zod';
import { loginThrottleEnvModel } from '@gitforge/auth';
import { nodeEnv, parseEnv, port, positiveInt, upstreamUrl, redisKeyPrefix } from '@gitforge/env';
import { trustedProxiesVariable } from '@gitforge/server';

/** The git proxy's environment, one zod model per concern (see `.env.example`). */
export const gitProxyEnvModels = {
  server: z.object({
    HOST: z.string().min(1).default('127.0.0.1'),
    GIT_PROXY_PORT: port('GIT_PROXY_PORT'),
    /** Whose X-Forwarded-For names the client (a load balancer's addresses). Unset: nobody's. */
    TRUSTED_PROXIES: trustedProxiesVariable(),
  }),
  upstream: z.object({
    /** Gitea (or githost) origin; unset means the embedded githost on GITHOST_PORT. */
    GITEA_URL: upstreamUrl(),
    GITHOST_PORT: port('GITHOST_PORT'),
    GIT_PROXY_CONNECT_TIMEOUT_MS: positiveInt(5000),
    /** Until the git host starts answering (upload-pack may count objects for a while). */
    GIT_PROXY_HEADERS_TIMEOUT_MS: positiveInt(120_000),
    /** Longest silence between two chunks of a body, either direction. */
    GIT_PROXY_IDLE_TIMEOUT_MS: positiveInt(300_000),
    /** Deadline of one permission / credential call to the Gitea API. */
    GIT_PROXY_API_TIMEOUT_MS: positiveInt(10_000),
  }),
  gate: z.object({
    /** How long a successful username + password / token check is reused. */
    GIT_PROXY_AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
    /** Largest git-upload-pack request body (the fetch negotiation, not the pack). */
    GIT_PROXY_MAX_UPLOAD_PACK_REQUEST_BYTES: positiveInt(64 * 1024 * 1024),
    /** Largest push (git-receive-pack body, chunked or not); GitHub's limit is 2 GiB. */
    GIT_PROXY_MAX_PUSH_BYTES: positiveInt(2 * 1024 * 1024 * 1024),
  }),
  /** Owner size quotas (issue 16): a push over its owner's is refused before it is forwarded. */
  quota: z.object({
    /** The repository subgraph, which answers owners' quotas. Unset: every push is refused. */
    REPOSITORY_SUBGRAPH_URL: upstreamUrl(),
    /** Deadline of one quota call to it. */
    GIT_PROXY_QUOTA_TIMEOUT_MS: positiveInt(5_000),
    /** Most bytes of one chunked push held in memory while its size against the quota is unknown. */
    GIT_PROXY_QUOTA_BUFFER_BYTES: positiveInt(32 * 1024 * 1024),
  }),
  /** Password guesses per client address and per account, as the repository subgraph's login. */
  login: loginThrottleEnvModel,
  shared: z.object({
    /** Set: sign-in limits and ended sessions are shared with every replica and the repository subgraph. */
    REDIS_URL: upstreamUrl({ requiredInProduction: false }),
    /** Before every Redis key and channel, so deployments sharing one Redis do not mix. */
    REDIS_KEY_PREFIX: redisKeyPrefix(),
  }),
  auth: z.object({
    GITFORGE_JWT_SECRET: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16).optional(),
    ),
    GITFORGE_DATA_DIR: z.string().min(1).default('./.gitforge'),
    NODE_ENV: nodeEnv(),
  }),
};

export type GitProxyEnv = ReturnType<typeof parseGitProxyEnv>;

/** Parses once; throws EnvError listing every problem. */
export function parseGitProxyEnv(source: NodeJS.ProcessEnv) {
  return parseEnv(gitProxyEnvModels, source);
}

/** GITEA_URL, or the embedded githost when it is unset. */
export function upstreamUrlFromEnv(env: GitProxyEnv): string {
  return env.upstream.GITEA_URL ?? `http://127.0.0.1:${env.upstream.GITHOST_PORT}`;
}
