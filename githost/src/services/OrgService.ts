import type { GithostStore } from '../store/GithostStore';
import type { AccessMode, RepoRecord, TeamRecord, UserRecord, Visibility } from '../store/records';
import { invalid, notFound } from './GithostError';
import { isValidUsername, mayBeName } from './names';
import { atLeast, type Permissions } from './Permissions';

/** Gitea 1.21's repository units, in the order of their type ids. */
export const ALL_UNITS = [
  'repo.code',
  'repo.issues',
  'repo.pulls',
  'repo.releases',
  'repo.wiki',
  'repo.ext_wiki',
  'repo.ext_issues',
  'repo.projects',
  'repo.packages',
  'repo.actions',
] as const;
const KNOWN_UNITS = new Set<string>(ALL_UNITS);
// External trackers and wikis can only be read; they do not count for a team's mode.
const READ_ONLY_UNITS = new Set(['repo.ext_wiki', 'repo.ext_issues']);
export const OWNER_TEAM = 'Owners';

export interface NewOrg {
  name: string;
  fullName?: string;
  email?: string;
  description?: string;
  website?: string;
  location?: string;
  visibility?: Visibility;
  repoAdminChangeTeamAccess?: boolean;
}

export interface TeamInput {
  name?: string;
  description?: string;
  permission?: 'read' | 'write' | 'admin';
  units?: string[];
  unitsMap?: Record<string, string>;
  includesAllRepositories?: boolean;
  canCreateOrgRepo?: boolean;
}

const parseMode = (value: string | undefined): AccessMode =>
  value === 'read' || value === 'write' || value === 'admin' ? value : 'none';

function unitsOf(mode: AccessMode, input: TeamInput): Record<string, AccessMode> | undefined {
  if (atLeast(mode, 'admin')) return Object.fromEntries(ALL_UNITS.map((u) => [u, mode]));
  const map = input.unitsMap ?? {};
  if (Object.keys(map).length > 0) {
    return Object.fromEntries(
      Object.entries(map)
        .filter(([unit]) => KNOWN_UNITS.has(unit))
        .map(([unit, m]) => [
          unit,
          READ_ONLY_UNITS.has(unit) && m !== 'none' ? 'read' : parseMode(m),
        ]),
    );
  }
  if (input.units && input.units.length > 0) {
    return Object.fromEntries(input.units.filter((u) => KNOWN_UNITS.has(u)).map((u) => [u, mode]));
  }
  return undefined;
}

/** Gitea's MinUnitAccessMode: the lowest mode above none, external units left out. */
function minUnitMode(map: Record<string, string>): AccessMode {
  let min: AccessMode = 'none';
  for (const [unit, raw] of Object.entries(map)) {
    const mode = parseMode(raw);
    if (READ_ONLY_UNITS.has(unit) || mode === 'none') continue;
    if (min === 'none' || !atLeast(mode, min)) min = mode;
  }
  return min;
}

const teamMode = (input: TeamInput): AccessMode => {
  const mode = parseMode(input.permission);
  const map = input.unitsMap ?? {};
  return !atLeast(mode, 'admin') && Object.keys(map).length > 0 ? minUnitMode(map) : mode;
};

/** Organizations and their teams, with Gitea 1.21's rules and messages. */
export class OrgService {
  constructor(
    private readonly store: GithostStore,
    private readonly perms: Permissions,
  ) {}

  /** The organization named `name`, or 404 (a user of that name is no organization). */
  find(name: string): UserRecord {
    const org = mayBeName(name) ? this.store.userByLogin(name) : undefined;
    if (!org?.org) throw notFound(`org does not exist [id: 0, name: ${name}]`);
    return org;
  }

  all(): UserRecord[] {
    return this.store.allUsers().filter((u) => u.org !== undefined);
  }

  async create(creator: UserRecord, input: NewOrg): Promise<UserRecord> {
    if (!isValidUsername(input.name)) throw invalid(`name is invalid [${input.name}]`);
    if (this.store.userByLogin(input.name)) {
      throw invalid(`user already exists [name: ${input.name}]`);
    }
    const org = await this.store.addUser({
      login: input.name,
      email: input.email ?? '',
      fullName: input.fullName ?? '',
      passwordHash: '',
      createdAt: new Date().toISOString(),
      isAdmin: false,
      org: {
        description: input.description ?? '',
        website: input.website ?? '',
        location: input.location ?? '',
        visibility: input.visibility ?? 'public',
        repoAdminChangeTeamAccess: input.repoAdminChangeTeamAccess ?? false,
      },
    });
    // Gitea's CreateOrganization: the creator is the first member of the Owners team.
    await this.store.addTeam({
      orgId: org.id,
      name: OWNER_TEAM,
      description: '',
      mode: 'owner',
      units: Object.fromEntries(ALL_UNITS.map((u) => [u, 'owner' as const])),
      includesAllRepositories: true,
      canCreateOrgRepo: true,
      memberIds: [creator.id],
      repoIds: [],
    });
    return org;
  }

  /** Gitea refuses to delete an organization that still owns repositories. */
  async delete(org: UserRecord): Promise<void> {
    if (this.store.allRepos().some((r) => r.ownerId === org.id)) {
      throw invalid(`user still has ownership of repositories [uid: ${org.id}]`);
    }
    await this.store.removeUser(org.id);
  }

  team(id: string): TeamRecord {
    const team = /^\d{1,15}$/.test(id) ? this.store.teamById(Number(id)) : undefined;
    if (!team) throw notFound(`team does not exist [id: ${id}]`);
    return team;
  }

  orgOf(team: TeamRecord): UserRecord {
    const org = this.store.userById(team.orgId);
    if (!org) throw new Error(`team ${team.id} has no organization`);
    return org;
  }

  private checkName(org: UserRecord, name: string, except?: TeamRecord): void {
    if (!/^[\w.-]{1,255}$/.test(name)) throw invalid('[Name]: AlphaDashDot');
    const taken = this.perms
      .teamsOf(org)
      .some((t) => t !== except && t.name.toLowerCase() === name.toLowerCase());
    if (taken) throw invalid(`team already exists [org_id: ${org.id}, name: ${name}]`);
  }

  async createTeam(org: UserRecord, input: TeamInput & { name: string }): Promise<TeamRecord> {
    this.checkName(org, input.name);
    if ((input.description ?? '').length > 255) throw invalid('[Description]: MaxSize(255)');
    const mode = teamMode(input);
    const units = unitsOf(mode, input);
    // Gitea answers 500 here; a team without units would give access to nothing.
    if (!units) throw invalid('units permission should not be empty');
    return this.store.addTeam({
      orgId: org.id,
      name: input.name,
      description: input.description ?? '',
      mode,
      units,
      includesAllRepositories: input.includesAllRepositories ?? false,
      canCreateOrgRepo: input.canCreateOrgRepo ?? false,
      memberIds: [],
      repoIds: [],
    });
  }

  /** Gitea's EditTeam: the Owners team keeps its mode (and, here, its name). */
  async editTeam(team: TeamRecord, input: TeamInput): Promise<void> {
    const org = this.orgOf(team);
    const owners = team.mode === 'owner';
    if (input.name && input.name !== team.name) {
      if (owners) throw invalid('the Owners team cannot be renamed');
      this.checkName(org, input.name, team);
    }
    if ((input.description ?? '').length > 255) throw invalid('[Description]: MaxSize(255)');
    const before = team.mode;
    await this.store.updateTeam(team.id, (t) => {
      if (input.canCreateOrgRepo !== undefined)
        t.canCreateOrgRepo = owners || input.canCreateOrgRepo;
      if (input.name) t.name = input.name;
      if (input.description !== undefined) t.description = input.description;
      if (!owners && input.permission) {
        t.mode = teamMode(input);
        if (input.includesAllRepositories !== undefined) {
          t.includesAllRepositories = input.includesAllRepositories;
        }
      }
      if (owners) return;
      const units = unitsOf(t.mode, input);
      if (units) t.units = units;
      else if (t.mode !== before) {
        // A new mode without new units moves the team's units to it (Gitea would keep the old
        // units' modes, so a downgraded admin team kept writing).
        t.units = Object.fromEntries(Object.keys(t.units).map((u) => [u, t.mode]));
      }
    });
  }

  async deleteTeam(team: TeamRecord): Promise<void> {
    if (team.mode === 'owner') throw invalid('the Owners team cannot be deleted');
    await this.store.removeTeam(team.id);
  }

  async addMember(team: TeamRecord, user: UserRecord): Promise<boolean> {
    if (user.org) throw invalid(`an organization cannot be a team member [name: ${user.login}]`);
    if (team.memberIds.includes(user.id)) return false;
    await this.store.updateTeam(team.id, (t) => t.memberIds.push(user.id));
    return true;
  }

  private refuseLastOwner(team: TeamRecord, userId: number): void {
    if (team.mode === 'owner' && team.memberIds.length === 1 && team.memberIds[0] === userId) {
      throw invalid(`user is the last member of owner team [uid: ${userId}]`);
    }
  }

  /** Leaving the last team of an organization is leaving the organization. */
  async removeMember(team: TeamRecord, user: UserRecord): Promise<boolean> {
    if (!team.memberIds.includes(user.id)) return false;
    this.refuseLastOwner(team, user.id);
    await this.store.updateTeam(team.id, (t) => {
      t.memberIds = t.memberIds.filter((id) => id !== user.id);
    });
    return true;
  }

  /** Gitea's RemoveOrgUser: out of every team of the organization. */
  async removeFromOrg(org: UserRecord, user: UserRecord): Promise<TeamRecord[]> {
    const teams = this.perms.teamsOfMember(org, user.id);
    for (const team of teams) this.refuseLastOwner(team, user.id);
    for (const team of teams) await this.removeMember(team, user);
    return teams;
  }

  /** Gitea's TeamAddRepository: only the team's organization's repositories. */
  async addRepo(team: TeamRecord, repo: RepoRecord): Promise<boolean> {
    if (repo.ownerId !== team.orgId) throw notFound('repository not in the organization');
    if (team.repoIds.includes(repo.id)) return false;
    await this.store.updateTeam(team.id, (t) => t.repoIds.push(repo.id));
    return true;
  }

  async removeRepo(team: TeamRecord, repo: RepoRecord): Promise<boolean> {
    if (!team.repoIds.includes(repo.id)) return false;
    await this.store.updateTeam(team.id, (t) => {
      t.repoIds = t.repoIds.filter((id) => id !== repo.id);
    });
    return true;
  }
}
