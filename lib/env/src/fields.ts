import { z } from 'zod';

/** Every service's default port, in one place (the supervisor, the services and infra agree). */
export const defaultPorts = {
  GATEWAY_PORT: 4000,
  ISSUES_PORT: 4001,
  REPOSITORY_PORT: 4002,
  RESILIENCE_PORT: 4003,
  GIT_PROXY_PORT: 4080,
  GITHOST_PORT: 3000,
  DEVDB_PORT: 54329,
} as const;

export type PortVariable = keyof typeof defaultPorts;

export const port = (variable: PortVariable) =>
  z.coerce.number().int().min(0).max(65535).default(defaultPorts[variable]);

export const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

export const url = () => z.string().url();

/** An URL that may be unset; an empty string counts as unset. */
export const optionalUrl = () =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());

/**
 * What an upstream URL variable is for, read by `parseEnv` (required in production) and by the
 * infra tests (every overlay sets it and a NetworkPolicy permits the call it stands for).
 * `calls`: the service connects to the URL. `called-by`: the URL is handed to another system
 * (named) that calls it, as Gitea calls the webhook URL.
 */
export interface UpstreamMeta {
  upstream: 'calls' | { calledBy: string };
  requiredInProduction: boolean;
}

/** A registry of the upstream URL fields of every service's env model. */
export const upstreamRegistry = z.registry<UpstreamMeta>();

/**
 * An URL this service calls (or hands to a caller), optional in development where an embedded
 * default stands in, and — unless `requiredInProduction: false` — an error when unset under
 * `NODE_ENV=production`: a missing upstream fails closed instead of falling back.
 */
export function upstreamUrl<T extends z.ZodType = z.ZodOptional<z.ZodString>>(
  options: Partial<UpstreamMeta> & { schema?: T } = {},
) {
  const schema = (options.schema ?? z.string().url().optional()) as T;
  const field = z.preprocess((v) => (v === '' ? undefined : v), schema);
  upstreamRegistry.add(field, {
    upstream: options.upstream ?? 'calls',
    requiredInProduction: options.requiredInProduction ?? true,
  });
  return field;
}

/**
 * `REDIS_KEY_PREFIX`: put before every Redis key and channel a service uses (pub/sub, sign-in
 * limits, ended sessions, cost budgets), so deployments sharing one Redis do not mix.
 */
export const redisKeyPrefix = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - only (1 to 64)')
      .default('gitforge:'),
  );

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const nodeEnv = () => z.enum(['development', 'production', 'test']).default('development');
