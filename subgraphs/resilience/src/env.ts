import { z } from 'zod';
import { parseSiteAdmins } from '@gitforge/auth';
import { bool, nodeEnv, optionalUrl, parseEnv, port } from '@gitforge/env';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(
    {
      server: z.object({
        RESILIENCE_PORT: port(4003),
        HOST: z.string().default('127.0.0.1'),
        MAX_BODY_BYTES: z.coerce
          .number()
          .int()
          .positive()
          .default(2 * 1024 * 1024),
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
        DATABASE_URL: z.preprocess(
          (v) => (v === '' ? undefined : v),
          z
            .string()
            .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
            .optional(),
        ),
        DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(5),
        RESILIENCE_SQL_TABLE: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
          .default('resilience_kv'),
      }),
      pubsub: z.object({ REDIS_URL: optionalUrl() }),
      resilience: z.object({
        RESILIENCE_RECOVER_ON_START: bool(false),
        RESILIENCE_REPLICA_ORPHAN_MS: z.coerce.number().int().min(1000).default(120_000),
      }),
    },
    source,
  );
}

export type ResilienceEnv = ReturnType<typeof loadEnv>;
