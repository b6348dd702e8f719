import type { Viewer } from '@gitforge/auth';
import { DomainError, invalidField } from '@gitforge/errors';
import {
  isGiteaError,
  type GiteaAccessClient,
  type GiteaOrganization,
  type GiteaOrgPermissions,
  type GiteaTeam,
} from '../gitea';
import type { AccessChanges } from './AccessChanges';
import { canAdminister, canRead, sameLogin } from './access';
import { allPages, connectionPage } from './paging';
import { grantableLevel, levelOfMode, type RepositoryLevel } from './permission';
import type { OrganizationRecord, Page, RepositoryRecord, TeamRecord, UserRecord } from './records';
import type { RepositoryService } from './RepositoryService';
import { toRepository, toUser } from './toRecords';
import { validateLogin, validateRepoName, validateTeamName, validateText } from './validation';

type PageArgs = { first?: number | null; after?: string | null };

export interface OrganizationServiceOptions {
  viewer: Viewer | null;
  /** The viewer's organization operations (anonymous without a Gitea token). */
  access: GiteaAccessClient;
  /** Whether `access` carries the viewer's token. */
  authenticated: boolean;
  repositories: RepositoryService;
  changes: AccessChanges;
}

const orgNotFound = (login: string) =>
  new DomainError('NOT_FOUND', `Organization ${login} not found`);

const toOrganization = (org: GiteaOrganization): OrganizationRecord => ({
  login: org.name,
  fullName: org.full_name || null,
  description: org.description || null,
  avatarUrl: org.avatar_url || null,
});

const toTeam = (team: GiteaTeam, organization: string): TeamRecord => ({
  id: team.id,
  name: team.name,
  description: team.description || null,
  permission: levelOfMode(team.permission),
  includesAllRepositories: team.includes_all_repositories,
  organization,
});

const NO_STANDING: GiteaOrgPermissions = {
  can_read: false,
  can_write: false,
  is_admin: false,
  is_owner: false,
  can_create_repository: false,
};

/** An empty page: what a viewer Gitea shows nothing of a list gets (fail closed). */
const emptyPage = <T>(): Page<T> => ({
  edges: [],
  hasNextPage: false,
  hasPreviousPage: false,
  totalCount: 0,
});

/**
 * Organizations and their teams, as Gitea shows them to the viewer. Every team change that
 * may change access (members, repositories) announces each repository concerned before it
 * returns (AccessChanges).
 */
export class OrganizationService {
  private readonly loaded = new Map<string, Promise<OrganizationRecord | null>>();
  private readonly standings = new Map<string, Promise<GiteaOrgPermissions>>();

  constructor(private readonly options: OrganizationServiceOptions) {}

  private get access(): GiteaAccessClient {
    return this.options.access;
  }

  private requireSignedIn(): Viewer {
    this.options.repositories.requireSignedIn();
    return this.options.viewer!;
  }

  /** Null when missing or hidden from the viewer. */
  find(login: string): Promise<OrganizationRecord | null> {
    const key = login.toLowerCase();
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.access.getOrganization(login).then(toOrganization, (err: unknown) => {
        if (isGiteaError(err, 'not_found')) return null;
        throw err;
      });
      this.loaded.set(key, pending);
    }
    return pending;
  }

  /** NOT_FOUND when missing or hidden from the viewer. */
  async get(login: string): Promise<OrganizationRecord> {
    validateLogin('login', login);
    const org = await this.find(login);
    if (!org) throw orgNotFound(login);
    return org;
  }

  async create(input: {
    login: string;
    fullName?: string | null;
    description?: string | null;
  }): Promise<OrganizationRecord> {
    this.requireSignedIn();
    const login = validateLogin('login', input.login);
    const fullName = validateText('fullName', input.fullName, 100);
    const description = validateText('description', input.description, 255);
    try {
      return toOrganization(await this.access.createOrganization({ login, fullName, description }));
    } catch (err) {
      if (isGiteaError(err, 'conflict')) {
        throw new DomainError('CONFLICT', `The name ${login} is already taken`);
      }
      throw err;
    }
  }

  /** The viewer's standing (Gitea's orgGetUserPermissions); nothing for anonymous viewers. */
  private standing(org: string): Promise<GiteaOrgPermissions> {
    const viewer = this.options.viewer;
    if (!viewer || !this.options.authenticated) return Promise.resolve(NO_STANDING);
    const key = org.toLowerCase();
    let pending = this.standings.get(key);
    if (!pending) {
      pending = this.access.orgPermissions(viewer.login, org);
      this.standings.set(key, pending);
    }
    return pending;
  }

  /** Owners team, or a site admin (Gitea lets them do what owners do). */
  async viewerIsOwner(org: OrganizationRecord): Promise<boolean> {
    if (this.options.viewer?.isAdmin === true && this.options.authenticated) return true;
    return (await this.standing(org.login)).is_owner;
  }

  async viewerCanCreateRepository(org: OrganizationRecord): Promise<boolean> {
    if (this.options.viewer?.isAdmin === true && this.options.authenticated) return true;
    return (await this.standing(org.login)).can_create_repository;
  }

  /** Members see every member; Gitea shows others public members only (none by default). */
  async members(org: OrganizationRecord, args: PageArgs): Promise<Page<UserRecord>> {
    if (!this.options.viewer) return emptyPage();
    return this.orEmpty(
      connectionPage(args, (p) => this.access.listOrgMembers(org.login, p), toUser),
    );
  }

  /** Members of the organization see its teams; others an empty list. */
  async teams(org: OrganizationRecord, args: PageArgs): Promise<Page<TeamRecord>> {
    if (!this.options.viewer) return emptyPage();
    return this.orEmpty(
      connectionPage(
        args,
        (p) => this.access.listOrgTeams(org.login, p),
        (t) => toTeam(t, org.login),
      ),
    );
  }

  /** The organization's repositories the viewer may read. */
  repositories(org: OrganizationRecord, args: PageArgs): Promise<Page<RepositoryRecord>> {
    return connectionPage(
      args,
      (p) => this.access.listOrgRepositories(org.login, p),
      toRepository,
      (r) => canRead(toRepository(r)),
    );
  }

  teamMembers(team: TeamRecord, args: PageArgs): Promise<Page<UserRecord>> {
    return this.orEmpty(
      connectionPage(args, (p) => this.access.listTeamMembers(team.id, p), toUser),
    );
  }

  teamRepositories(team: TeamRecord, args: PageArgs): Promise<Page<RepositoryRecord>> {
    return this.orEmpty(
      connectionPage(
        args,
        (p) => this.access.listTeamRepositories(team.id, p),
        toRepository,
        (r) => canRead(toRepository(r)),
      ),
    );
  }

  /** Gitea refusing the viewer a list (not a member, not signed in) gives an empty one. */
  private async orEmpty<T>(pending: Promise<Page<T>>): Promise<Page<T>> {
    try {
      return await pending;
    } catch (err) {
      if (isGiteaError(err, 'forbidden') || isGiteaError(err, 'unauthenticated')) {
        return emptyPage();
      }
      throw err;
    }
  }

  /** A team by name: NOT_FOUND for a hidden organization or a missing team, FORBIDDEN for non-members. */
  async team(orgLogin: string, name: string): Promise<TeamRecord> {
    const org = await this.get(orgLogin);
    validateTeamName('team', name);
    let teams: GiteaTeam[];
    try {
      teams = await allPages((p) => this.access.listOrgTeams(org.login, p), 1000);
    } catch (err) {
      if (isGiteaError(err, 'forbidden')) {
        throw new DomainError('FORBIDDEN', `Only members of ${org.login} see its teams`);
      }
      throw err;
    }
    const team = teams.find((t) => sameLogin(t.name, name));
    if (!team) throw new DomainError('NOT_FOUND', `Team ${org.login}/${name} not found`);
    return toTeam(team, org.login);
  }

  private async requireOwner(org: OrganizationRecord): Promise<void> {
    if (!(await this.viewerIsOwner(org))) {
      throw new DomainError('FORBIDDEN', `Only owners of ${org.login} manage its teams`);
    }
  }

  async createTeam(input: {
    organization: string;
    name: string;
    permission: RepositoryLevel;
    description?: string | null;
    includesAllRepositories?: boolean | null;
  }): Promise<TeamRecord> {
    this.requireSignedIn();
    const org = await this.get(input.organization);
    const name = validateTeamName('name', input.name);
    const permission = grantableLevel('permission', input.permission);
    const description = validateText('description', input.description, 255);
    await this.requireOwner(org);
    let team: GiteaTeam;
    try {
      team = await this.access.createTeam(org.login, {
        name,
        permission,
        description,
        allRepositories: input.includesAllRepositories ?? false,
      });
    } catch (err) {
      if (isGiteaError(err, 'conflict')) {
        throw new DomainError('CONFLICT', `Team ${org.login}/${name} already exists`);
      }
      throw err;
    }
    // A new team has no members yet: nobody's access changed.
    return toTeam(team, org.login);
  }

  /** Adds or removes a member (owners only); every repository the team reaches is announced. */
  async changeMember(
    input: { organization: string; team: string; login: string },
    add: boolean,
  ): Promise<TeamRecord> {
    this.requireSignedIn();
    const login = validateLogin('login', input.login);
    const team = await this.team(input.organization, input.team);
    const org = await this.get(team.organization);
    await this.requireOwner(org);
    // Listed before the change: once it is made, nothing may keep it from being announced.
    const reached = await this.reach(team);
    try {
      if (add) await this.access.addTeamMember(team.id, login);
      else await this.access.removeTeamMember(team.id, login);
    } catch (err) {
      if (isGiteaError(err, 'not_found')) {
        throw new DomainError('NOT_FOUND', `User ${login} not found`);
      }
      throw err;
    }
    await this.options.changes.changed(reached);
    return team;
  }

  /** Every repository the team gives access to (all of the organization's, or its own list). */
  private async reach(team: TeamRecord): Promise<RepositoryRecord[]> {
    const repos = team.includesAllRepositories
      ? await allPages((p) => this.access.listOrgRepositories(team.organization, p))
      : await allPages((p) => this.access.listTeamRepositories(team.id, p));
    return repos.map(toRepository);
  }

  /**
   * Gives or takes the team's access to one of the organization's repositories: a team member
   * or owner who administers the repository, as in Gitea.
   */
  async changeRepository(
    input: { organization: string; team: string; repository: string },
    add: boolean,
  ): Promise<TeamRecord> {
    this.requireSignedIn();
    const team = await this.team(input.organization, input.team);
    const name = this.repositoryName(team.organization, input.repository);
    const repo = await this.options.repositories.fresh(team.organization, name);
    if (!canAdminister(repo)) {
      throw new DomainError('FORBIDDEN', `Only an ADMIN of ${repo.fullName} changes who has it`);
    }
    try {
      if (add) await this.access.addTeamRepository(team.id, repo.owner, repo.name);
      else await this.access.removeTeamRepository(team.id, repo.owner, repo.name);
    } catch (err) {
      if (isGiteaError(err, 'not_found')) {
        throw new DomainError('FORBIDDEN', `Only owners and members of ${team.name} change it`);
      }
      throw err;
    }
    await this.options.changes.changed([repo]);
    this.options.repositories.forget(repo.fullName);
    return team;
  }

  /** "org/name" (of this organization) or "name". */
  private repositoryName(org: string, value: string): string {
    const parts = value.split('/');
    if (parts.length === 2 && sameLogin(parts[0]!, org)) {
      return validateRepoName('repository', parts[1]!);
    }
    if (parts.length === 1) return validateRepoName('repository', value);
    throw invalidField('repository', `must be "${org}/name" or "name"`);
  }
}
