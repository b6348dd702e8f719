import { z } from 'zod';
import { optionalUrl, parseEnv, port, positiveInt } from '@gitforge/env';

/** An empty variable counts as unset, like `optionalUrl`. */
const unsetWhenEmpty = (v: unknown) => (v === '' ? undefined : v);

const models = {
  paths: z.object({
    GITFORGE_DATA_DIR: z.preprocess(unsetWhenEmpty, z.string().default('.gitforge')),
  }),
  network: z.object({
    HOST: z.preprocess(unsetWhenEmpty, z.string().default('127.0.0.1')),
  }),
  ports: z.object({
    GATEWAY_PORT: port('GATEWAY_PORT'),
    ISSUES_PORT: port('ISSUES_PORT'),
    REPOSITORY_PORT: port('REPOSITORY_PORT'),
    RESILIENCE_PORT: port('RESILIENCE_PORT'),
    GIT_PROXY_PORT: port('GIT_PROXY_PORT'),
    GITHOST_PORT: port('GITHOST_PORT'),
    DEVDB_PORT: port('DEVDB_PORT'),
  }),
  upstreams: z.object({
    DATABASE_URL: optionalUrl(),
    GITEA_URL: optionalUrl(),
  }),
  auth: z.object({
    GITFORGE_JWT_SECRET: z.preprocess(unsetWhenEmpty, z.string().optional()),
    GITFORGE_WEBHOOK_SECRET: z.preprocess(unsetWhenEmpty, z.string().optional()),
  }),
  supervisor: z.object({
    /** How long a child gets between SIGTERM and SIGKILL when GitForge stops. */
    GITFORGE_SHUTDOWN_GRACE_MS: positiveInt(10_000),
  }),
};

export type SupervisorEnv = ReturnType<typeof parseSupervisorEnv>;
export type PortVar = keyof SupervisorEnv['ports'];

/** Throws EnvError listing every problem at once. */
export function parseSupervisorEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(models, source);
}
