import { ALL_UNITS } from '../services/OrgService';
import { atLeast } from '../services/Permissions';
import type { TeamRecord, UserRecord } from '../store/records';
import type { Presenter } from './Presenter';

type Json = Record<string, unknown>;

/** Gitea's `convert.ToOrganization`. */
export function organizationJson(present: Presenter, org: UserRecord): Json {
  return {
    id: org.id,
    name: org.login,
    username: org.login,
    full_name: org.fullName,
    email: org.email,
    avatar_url: present.avatarUrl(org),
    description: org.org?.description ?? '',
    website: org.org?.website ?? '',
    location: org.org?.location ?? '',
    visibility: org.org?.visibility ?? 'public',
    repo_admin_change_team_access: org.org?.repoAdminChangeTeamAccess ?? false,
  };
}

/**
 * Gitea's `convert.ToTeam`: `units` and `units_map` list every unit for admin and owner
 * teams; `organization` only where Gitea loads it (get and create, not lists).
 */
export function teamJson(present: Presenter, team: TeamRecord, org: UserRecord | undefined): Json {
  const all = atLeast(team.mode, 'admin');
  const units = all ? [...ALL_UNITS] : ALL_UNITS.filter((u) => team.units[u] !== undefined);
  const out: Json = {
    id: team.id,
    name: team.name,
    description: team.description,
    includes_all_repositories: team.includesAllRepositories,
    can_create_org_repo: team.canCreateOrgRepo,
    permission: team.mode,
    units,
    units_map: Object.fromEntries(units.map((u) => [u, all ? team.mode : team.units[u]])),
  };
  if (org) out.organization = organizationJson(present, org);
  return out;
}
