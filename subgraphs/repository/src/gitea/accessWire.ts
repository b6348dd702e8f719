import { z } from 'zod';
import { userSchema } from './wire';

/*
 * The parts of Gitea 1.21's organization, team and collaborator payloads the subgraph reads
 * (contracts/gitea-api-v1.21.1.swagger.json: Organization, Team, RepoCollaboratorPermission).
 */

const str = () =>
  z
    .string()
    .nullish()
    .transform((v) => v ?? '');

export const organizationSchema = z.object({
  id: z.number().int(),
  /** Gitea sends the login as `name` (and, deprecated, as `username`). */
  name: z.string().min(1),
  full_name: str(),
  description: str(),
  avatar_url: str(),
  website: str(),
  location: str(),
  visibility: z
    .string()
    .nullish()
    .transform((v) => v || 'public'),
});
export type GiteaOrganization = z.infer<typeof organizationSchema>;

/** Gitea's access modes; a team's `permission` is one of them (`owner` for the Owners team). */
export const accessModeSchema = z.enum(['none', 'read', 'write', 'admin', 'owner']);
export type GiteaAccessMode = z.infer<typeof accessModeSchema>;

export const teamSchema = z.object({
  id: z.number().int(),
  name: z.string().min(1),
  description: str(),
  permission: accessModeSchema.catch('none'),
  includes_all_repositories: z.boolean().default(false),
  can_create_org_repo: z.boolean().default(false),
  units: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  organization: organizationSchema.nullish(),
});
export type GiteaTeam = z.infer<typeof teamSchema>;

export const collaboratorPermissionSchema = z.object({
  permission: accessModeSchema.catch('none'),
  role_name: str(),
  user: userSchema.nullish(),
});
export type GiteaCollaboratorPermission = z.infer<typeof collaboratorPermissionSchema>;

/** orgGetUserPermissions: a user's standing in an organization (from their teams). */
export const orgPermissionsSchema = z.object({
  can_read: z.boolean().default(false),
  can_write: z.boolean().default(false),
  is_admin: z.boolean().default(false),
  is_owner: z.boolean().default(false),
  can_create_repository: z.boolean().default(false),
});
export type GiteaOrgPermissions = z.infer<typeof orgPermissionsSchema>;
