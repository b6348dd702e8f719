import { z } from 'zod';

/*
 * The parts of Gitea 1.21's payloads this subgraph reads (contracts/gitea-api-v1.21.1.swagger.json).
 * Gitea marks no property required, so everything has a default; unknown properties are dropped.
 */

const str = () =>
  z
    .string()
    .nullish()
    .transform((v) => v ?? '');

export const userSchema = z.object({
  id: z.number().int(),
  login: z.string().min(1),
  full_name: str(),
  avatar_url: str(),
  /** True only when Gitea tells it: to the user themself and to administrators. */
  is_admin: z.boolean().default(false),
});
export type GiteaUser = z.infer<typeof userSchema>;

export const repositorySchema = z.object({
  id: z.number().int(),
  name: z.string().min(1),
  full_name: str(),
  owner: userSchema,
  description: str(),
  private: z.boolean().default(false),
  empty: z.boolean().default(false),
  default_branch: str(),
  updated_at: z.string().nullish(),
  permissions: z
    .object({
      admin: z.boolean().default(false),
      push: z.boolean().default(false),
      pull: z.boolean().default(false),
    })
    .nullish(),
});
export type GiteaRepository = z.infer<typeof repositorySchema>;

export const searchResultsSchema = z.object({
  ok: z.boolean().default(true),
  data: z.array(repositorySchema).default([]),
});

const commitUserSchema = z.object({ name: str(), email: str(), date: str() });

export const commitSchema = z.object({
  sha: z.string().min(1),
  created: z.string().nullish(),
  commit: z.object({
    message: str(),
    author: commitUserSchema.nullish(),
    committer: commitUserSchema.nullish(),
    tree: z.object({ sha: z.string().min(1) }).nullish(),
  }),
  parents: z
    .array(z.object({ sha: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
});
export type GiteaCommit = z.infer<typeof commitSchema>;

export const branchSchema = z.object({
  name: z.string().min(1),
  protected: z.boolean().default(false),
  commit: z.object({ id: z.string(), message: str(), timestamp: z.string().nullish() }).nullish(),
});
export type GiteaBranch = z.infer<typeof branchSchema>;

export const contentsSchema = z.object({
  name: str(),
  path: str(),
  sha: str(),
  type: z.string(),
  size: z.number().int().default(0),
  encoding: z.string().nullish(),
  content: z.string().nullish(),
  target: z.string().nullish(),
});
export type GiteaContents = z.infer<typeof contentsSchema>;

export const treeSchema = z.object({
  sha: str(),
  truncated: z.boolean().default(false),
  page: z.number().int().default(1),
  total_count: z.number().int().default(0),
  tree: z
    .array(
      z.object({
        path: z.string(),
        mode: z.string(),
        type: z.string(),
        size: z.number().int().default(0),
        sha: z.string(),
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});
export type GiteaTree = z.infer<typeof treeSchema>;

export const accessTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sha1: z.string().min(1),
  scopes: z.array(z.string()).nullish(),
});
export type GiteaAccessToken = z.infer<typeof accessTokenSchema>;

export const hookSchema = z.object({
  id: z.number().int(),
  type: str(),
  active: z.boolean().default(false),
  events: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  config: z
    .record(z.string(), z.string())
    .nullish()
    .transform((v) => v ?? {}),
});
export type GiteaHook = z.infer<typeof hookSchema>;

export const versionSchema = z.object({ version: str() });

/** Gitea's error body (`APIError` / `APIValidationError`): `{message, url}`. */
export const errorBodySchema = z.object({ message: z.string() });
