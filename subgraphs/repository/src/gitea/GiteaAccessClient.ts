import { z } from 'zod';
import {
  collaboratorPermissionSchema,
  organizationSchema,
  orgPermissionsSchema,
  teamSchema,
  type GiteaCollaboratorPermission,
  type GiteaOrganization,
  type GiteaOrgPermissions,
  type GiteaTeam,
} from './accessWire';
import { repoPath, seg, type GiteaPage, type PageRequest } from './giteaRequests';
import type { GiteaAuth, GiteaRequest, GiteaTransport } from './GiteaTransport';
import { repositorySchema, userSchema, type GiteaRepository, type GiteaUser } from './wire';

/** The levels GitForge gives: Gitea's team `permission` and collaborator `permission`. */
export type GiteaLevel = 'read' | 'write' | 'admin';

/** Every repository unit of Gitea 1.21: a team created here gets its level on all of them. */
export const GITEA_REPO_UNITS = [
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

/**
 * The organization, team and collaborator operations of Gitea 1.21 `/api/v1`, as one caller
 * (`auth`), beside GiteaClient (same transport, deadline, breaker and error mapping). Every
 * method is one operation of the committed swagger spec, named by its operationId.
 */
export class GiteaAccessClient {
  constructor(
    private readonly transport: GiteaTransport,
    private readonly auth?: GiteaAuth,
  ) {}

  as(auth: GiteaAuth | undefined): GiteaAccessClient {
    return new GiteaAccessClient(this.transport, auth);
  }

  private async none(req: Omit<GiteaRequest, 'auth' | 'ok'>): Promise<void> {
    await this.transport.empty({ ...req, auth: this.auth, ok: [204] });
  }

  /** orgCreate: the caller becomes the organization's owner (its Owners team). */
  async createOrganization(input: {
    login: string;
    fullName?: string;
    description?: string;
    visibility?: 'public' | 'limited' | 'private';
  }): Promise<GiteaOrganization> {
    const res = await this.transport.json(
      {
        operation: 'orgCreate',
        method: 'POST',
        path: '/orgs',
        auth: this.auth,
        ok: [201],
        body: {
          username: input.login,
          ...(input.fullName ? { full_name: input.fullName } : {}),
          ...(input.description ? { description: input.description } : {}),
          ...(input.visibility ? { visibility: input.visibility } : {}),
        },
      },
      organizationSchema,
    );
    return res.body;
  }

  /** orgGet: NOT_FOUND for an organization the caller may not see. */
  async getOrganization(org: string): Promise<GiteaOrganization> {
    const res = await this.transport.json(
      { operation: 'orgGet', method: 'GET', path: `/orgs/${seg(org)}`, auth: this.auth },
      organizationSchema,
    );
    return res.body;
  }

  /** orgListMembers: every member for members, public members (none by default) for others. */
  async listOrgMembers(org: string, page: PageRequest): Promise<GiteaPage<GiteaUser>> {
    return this.transport.page(
      {
        operation: 'orgListMembers',
        method: 'GET',
        path: `/orgs/${seg(org)}/members`,
        auth: this.auth,
      },
      page,
      z.array(userSchema),
    );
  }

  /** orgListRepos: the organization's repositories the caller may read. */
  async listOrgRepositories(org: string, page: PageRequest): Promise<GiteaPage<GiteaRepository>> {
    return this.transport.page(
      {
        operation: 'orgListRepos',
        method: 'GET',
        path: `/orgs/${seg(org)}/repos`,
        auth: this.auth,
      },
      page,
      z.array(repositorySchema),
    );
  }

  /** createOrgRepo: owners, members of a team that may create repositories, site admins. */
  async createOrgRepository(
    org: string,
    input: { name: string; description: string; private: boolean; autoInit?: boolean },
  ): Promise<GiteaRepository> {
    const res = await this.transport.json(
      {
        operation: 'createOrgRepo',
        method: 'POST',
        path: `/orgs/${seg(org)}/repos`,
        auth: this.auth,
        ok: [201],
        body: {
          name: input.name,
          description: input.description,
          private: input.private,
          auto_init: input.autoInit ?? false,
        },
      },
      repositorySchema,
    );
    return res.body;
  }

  /** orgListTeams: members of the organization only (FORBIDDEN for others). */
  async listOrgTeams(org: string, page: PageRequest): Promise<GiteaPage<GiteaTeam>> {
    return this.transport.page(
      {
        operation: 'orgListTeams',
        method: 'GET',
        path: `/orgs/${seg(org)}/teams`,
        auth: this.auth,
      },
      page,
      z.array(teamSchema),
    );
  }

  /**
   * orgCreateTeam (owners): the level on every unit, so it works the same on Gitea (which
   * refuses a team without units) and githost; `allRepositories` is includes_all_repositories.
   */
  async createTeam(
    org: string,
    input: {
      name: string;
      permission: GiteaLevel;
      description?: string;
      allRepositories?: boolean;
      canCreateRepositories?: boolean;
    },
  ): Promise<GiteaTeam> {
    const res = await this.transport.json(
      {
        operation: 'orgCreateTeam',
        method: 'POST',
        path: `/orgs/${seg(org)}/teams`,
        auth: this.auth,
        ok: [201],
        body: {
          name: input.name,
          permission: input.permission,
          units: [...GITEA_REPO_UNITS],
          includes_all_repositories: input.allRepositories ?? false,
          can_create_org_repo: input.canCreateRepositories ?? false,
          ...(input.description ? { description: input.description } : {}),
        },
      },
      teamSchema,
    );
    return res.body;
  }

  /** orgAddTeamMember (owners); adding a member twice is no error. */
  async addTeamMember(teamId: number, username: string): Promise<void> {
    await this.none({
      operation: 'orgAddTeamMember',
      method: 'PUT',
      path: `/teams/${teamId}/members/${seg(username)}`,
    });
  }

  /** orgRemoveTeamMember (owners); the last owner cannot leave the Owners team. */
  async removeTeamMember(teamId: number, username: string): Promise<void> {
    await this.none({
      operation: 'orgRemoveTeamMember',
      method: 'DELETE',
      path: `/teams/${teamId}/members/${seg(username)}`,
    });
  }

  /** orgAddTeamRepository: a team member (or owner) who administers the repository. */
  async addTeamRepository(teamId: number, org: string, repo: string): Promise<void> {
    await this.none({
      operation: 'orgAddTeamRepository',
      method: 'PUT',
      path: `/teams/${teamId}/repos/${seg(org)}/${seg(repo)}`,
    });
  }

  /** orgRemoveTeamRepository */
  async removeTeamRepository(teamId: number, org: string, repo: string): Promise<void> {
    await this.none({
      operation: 'orgRemoveTeamRepository',
      method: 'DELETE',
      path: `/teams/${teamId}/repos/${seg(org)}/${seg(repo)}`,
    });
  }

  /** repoListCollaborators: any reader of the repository. */
  async listCollaborators(
    owner: string,
    repo: string,
    page: PageRequest,
  ): Promise<GiteaPage<GiteaUser>> {
    return this.transport.page(
      {
        operation: 'repoListCollaborators',
        method: 'GET',
        path: `${repoPath(owner, repo)}/collaborators`,
        auth: this.auth,
      },
      page,
      z.array(userSchema),
    );
  }

  /** repoAddCollaborator (repository admins): adds, or changes the level of, a collaborator. */
  async addCollaborator(
    owner: string,
    repo: string,
    username: string,
    permission: GiteaLevel,
  ): Promise<void> {
    await this.none({
      operation: 'repoAddCollaborator',
      method: 'PUT',
      path: `${repoPath(owner, repo)}/collaborators/${seg(username)}`,
      body: { permission },
    });
  }

  /** repoDeleteCollaborator (repository admins); removing a non-collaborator is no error. */
  async removeCollaborator(owner: string, repo: string, username: string): Promise<void> {
    await this.none({
      operation: 'repoDeleteCollaborator',
      method: 'DELETE',
      path: `${repoPath(owner, repo)}/collaborators/${seg(username)}`,
    });
  }

  /**
   * repoGetRepoPermissions: `username`'s effective mode (`none` … `owner`), asked by a
   * repository admin or a site admin (githost also answers users about themselves; Gitea
   * 1.21's check compares the sign-in source's login name, so a non-admin may get FORBIDDEN
   * there: read the viewer's own level from the repository's `permissions` instead).
   */
  async getCollaboratorPermission(
    owner: string,
    repo: string,
    username: string,
  ): Promise<GiteaCollaboratorPermission> {
    const res = await this.transport.json(
      {
        operation: 'repoGetRepoPermissions',
        method: 'GET',
        path: `${repoPath(owner, repo)}/collaborators/${seg(username)}/permission`,
        auth: this.auth,
      },
      collaboratorPermissionSchema,
    );
    return res.body;
  }

  /** orgGetUserPermissions: any signed-in caller who may see the organization. */
  async orgPermissions(username: string, org: string): Promise<GiteaOrgPermissions> {
    const res = await this.transport.json(
      {
        operation: 'orgGetUserPermissions',
        method: 'GET',
        path: `/users/${seg(username)}/orgs/${seg(org)}/permissions`,
        auth: this.auth,
      },
      orgPermissionsSchema,
    );
    return res.body;
  }

  /** orgGetTeam: owners, site admins and the team's members. */
  async getTeam(teamId: number): Promise<GiteaTeam> {
    const res = await this.transport.json(
      { operation: 'orgGetTeam', method: 'GET', path: `/teams/${teamId}`, auth: this.auth },
      teamSchema,
    );
    return res.body;
  }

  /** orgListTeamMembers */
  async listTeamMembers(teamId: number, page: PageRequest): Promise<GiteaPage<GiteaUser>> {
    return this.transport.page(
      {
        operation: 'orgListTeamMembers',
        method: 'GET',
        path: `/teams/${teamId}/members`,
        auth: this.auth,
      },
      page,
      z.array(userSchema),
    );
  }

  /** orgListTeamRepos */
  async listTeamRepositories(
    teamId: number,
    page: PageRequest,
  ): Promise<GiteaPage<GiteaRepository>> {
    return this.transport.page(
      {
        operation: 'orgListTeamRepos',
        method: 'GET',
        path: `/teams/${teamId}/repos`,
        auth: this.auth,
      },
      page,
      z.array(repositorySchema),
    );
  }

  /** repoGetAssignees: every user with write access or more, one unpaged list. */
  async listAssignees(owner: string, repo: string): Promise<GiteaUser[]> {
    const res = await this.transport.json(
      {
        operation: 'repoGetAssignees',
        method: 'GET',
        path: `${repoPath(owner, repo)}/assignees`,
        auth: this.auth,
      },
      z.array(userSchema),
    );
    return res.body;
  }
}
