import { z } from 'zod';
import { optionalUrl, parseEnv, port } from '@gitforge/env';

const optionalString = (schema: z.ZodString) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(
    {
      server: z.object({
        GITHOST_PORT: port('GITHOST_PORT'),
        HOST: z.string().default('127.0.0.1'),
        /** Public base URL used in links (html_url, clone_url); defaults to the bound address. */
        GITHOST_ROOT_URL: optionalUrl(),
      }),
      data: z.object({
        GITFORGE_DATA_DIR: z.string().default('.gitforge'),
      }),
      auth: z.object({
        GITFORGE_DEMO_PASSWORD: optionalString(z.string().min(8, 'at least 8 characters')),
        /** Shared with the services that create users through Gitea's admin API. */
        GITEA_ADMIN_TOKEN: optionalString(z.string().min(16, 'at least 16 characters')),
      }),
      git: z.object({
        GITHOST_GIT_HTTP_BACKEND: optionalString(z.string()),
      }),
    },
    source,
  );
}

export type GithostEnv = ReturnType<typeof loadEnv>;
