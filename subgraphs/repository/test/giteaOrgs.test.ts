import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import { GiteaAccessClient } from '../src/gitea/GiteaAccessClient';
import type { GiteaClient, GiteaTransport } from '../src/gitea';
import { ContractProxy } from './contractProxy';
import { giteaClientFor } from './helpers';

/*
 * The organization, team and collaborator methods of the Gitea client against the embedded git
 * host (githost, in process), every exchange checked on the wire against Gitea 1.21's spec.
 */

const ADMIN_TOKEN = 'admin-token-for-gitea-orgs-test-0123456789';
const SCOPES = ['write:repository', 'write:user', 'write:organization'];

describe('Gitea client: organizations, teams, collaborators (against githost)', () => {
  let dataDir: string;
  let githost: Githost;
  let proxy: ContractProxy;
  let client: GiteaClient;
  let transport: GiteaTransport;
  let access: GiteaAccessClient;
  const as: Record<string, GiteaAccessClient> = {};
  const repoOf: Record<string, GiteaClient> = {};

  async function user(login: string): Promise<void> {
    const res = await fetch(`${githost.url}/api/v1/admin/users`, {
      method: 'POST',
      headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: login,
        email: `${login}@example.com`,
        password: `${login}-password`,
      }),
    });
    if (res.status !== 201) throw new Error(`creating ${login}: ${res.status}`);
    const token = await client.createAccessToken(login, `${login}-password`, {
      name: 'orgs-test',
      scopes: SCOPES,
    });
    as[login] = access.as({ kind: 'token', token: token.sha1 });
    repoOf[login] = client.as({ kind: 'token', token: token.sha1 });
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gitea-orgs-'));
    githost = await createGithost({
      dataDir,
      adminToken: ADMIN_TOKEN,
      demoPassword: 'demo-password-for-orgs',
      logger: createLogger('githost-orgs', 'silent'),
    });
    proxy = await new ContractProxy(githost.url).start();
    ({ client, transport } = giteaClientFor(proxy.url));
    access = new GiteaAccessClient(transport);
    for (const login of ['alice', 'bob', 'carol']) await user(login);
  }, 60_000);

  afterAll(async () => {
    await transport.close();
    await proxy.close();
    await githost.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates and reads an organization; its creator owns it', async () => {
    const org = await as.alice!.createOrganization({
      login: 'acme',
      fullName: 'Acme Inc.',
      description: 'Tools',
    });
    expect(org).toMatchObject({ name: 'acme', full_name: 'Acme Inc.', visibility: 'public' });
    await expect(as.bob!.createOrganization({ login: 'acme' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(access.getOrganization('acme')).resolves.toMatchObject({ description: 'Tools' });
    await as.alice!.createOrganization({ login: 'secretive', visibility: 'private' });
    await expect(as.bob!.getOrganization('secretive')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const teams = await as.alice!.listOrgTeams('acme', { page: 1, limit: 10 });
    expect(teams.items.map((t) => [t.name, t.permission])).toEqual([['Owners', 'owner']]);
    await expect(as.bob!.listOrgTeams('acme', { page: 1, limit: 10 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const members = await as.alice!.listOrgMembers('acme', { page: 1, limit: 10 });
    expect(members.items.map((u) => u.login)).toEqual(['alice']);
  });

  it('creates repositories in the organization, for those who may', async () => {
    const repo = await as.alice!.createOrgRepository('acme', {
      name: 'app',
      description: 'The app',
      private: true,
      autoInit: true,
    });
    expect(repo).toMatchObject({ full_name: 'acme/app', private: true, owner: { login: 'acme' } });
    await expect(
      as.bob!.createOrgRepository('acme', { name: 'x', description: '', private: false }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      as.alice!.createOrgRepository('acme', { name: 'app', description: '', private: true }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const listed = await as.alice!.listOrgRepositories('acme', { page: 1, limit: 10 });
    expect(listed.items.map((r) => r.name)).toEqual(['app']);
    expect((await access.listOrgRepositories('acme', { page: 1, limit: 10 })).items).toEqual([]);
  });

  it('gives a team’s members its level on the team’s repositories', async () => {
    const team = await as.alice!.createTeam('acme', { name: 'devs', permission: 'write' });
    expect(team).toMatchObject({ name: 'devs', permission: 'write', units: expect.any(Array) });
    expect(team.units).toContain('repo.code');
    await expect(
      as.alice!.createTeam('acme', { name: 'devs', permission: 'read' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(repoOf.bob!.repository('acme', 'app')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await as.alice!.addTeamMember(team.id, 'bob');
    await as.alice!.addTeamRepository(team.id, 'acme', 'app');
    const seen = await repoOf.bob!.repository('acme', 'app');
    expect(seen.permissions).toEqual({ admin: false, push: true, pull: true });
    expect((await as.alice!.getCollaboratorPermission('acme', 'app', 'bob')).permission).toBe(
      'write',
    );
    await expect(as.bob!.addTeamMember(team.id, 'carol')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await as.alice!.removeTeamRepository(team.id, 'acme', 'app');
    await expect(repoOf.bob!.repository('acme', 'app')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await as.alice!.addTeamRepository(team.id, 'acme', 'app');
    await as.alice!.removeTeamMember(team.id, 'bob');
    await expect(repoOf.bob!.repository('acme', 'app')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('adds, changes and removes collaborators; reports their level', async () => {
    await as.alice!.addCollaborator('acme', 'app', 'carol', 'read');
    const listed = await as.carol!.listCollaborators('acme', 'app', { page: 1, limit: 10 });
    expect(listed.items.map((u) => u.login)).toEqual(['carol']);
    expect(listed.total).toBe(1);
    const read = await as.alice!.getCollaboratorPermission('acme', 'app', 'carol');
    expect(read).toMatchObject({ permission: 'read', role_name: 'read', user: { login: 'carol' } });
    await expect(as.carol!.addCollaborator('acme', 'app', 'bob', 'read')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await as.alice!.addCollaborator('acme', 'app', 'carol', 'admin');
    expect((await as.alice!.getCollaboratorPermission('acme', 'app', 'carol')).permission).toBe(
      'admin',
    );
    // An admin collaborator manages collaborators.
    await as.carol!.addCollaborator('acme', 'app', 'bob', 'write');
    expect((await as.carol!.getCollaboratorPermission('acme', 'app', 'bob')).permission).toBe(
      'write',
    );
    expect((await as.alice!.getCollaboratorPermission('acme', 'app', 'alice')).permission).toBe(
      'owner',
    );
    await as.carol!.removeCollaborator('acme', 'app', 'bob');
    await expect(repoOf.bob!.repository('acme', 'app')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(as.bob!.getCollaboratorPermission('acme', 'app', 'carol')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      access.listCollaborators('acme', 'app', { page: 1, limit: 10 }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('reads teams, their members and repositories, assignees and a user’s standing', async () => {
    const devs = (await as.alice!.listOrgTeams('acme', { page: 1, limit: 10 })).items.find(
      (t) => t.name === 'devs',
    )!;
    await as.alice!.addTeamMember(devs.id, 'bob');
    await expect(as.alice!.getTeam(devs.id)).resolves.toMatchObject({
      name: 'devs',
      permission: 'write',
      includes_all_repositories: false,
    });
    const members = await as.alice!.listTeamMembers(devs.id, { page: 1, limit: 10 });
    expect(members.items.map((u) => u.login)).toEqual(['bob']);
    const repos = await as.alice!.listTeamRepositories(devs.id, { page: 1, limit: 10 });
    expect(repos.items.map((r) => r.full_name)).toEqual(['acme/app']);
    const assignees = await as.bob!.listAssignees('acme', 'app');
    expect(assignees.map((u) => u.login)).toEqual(['alice', 'bob', 'carol']);
    await expect(access.listAssignees('acme', 'app')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await as.carol!.orgPermissions('bob', 'acme')).toEqual({
      can_read: true,
      can_write: true,
      is_admin: false,
      is_owner: false,
      can_create_repository: false,
    });
    expect((await as.bob!.orgPermissions('alice', 'acme')).is_owner).toBe(true);
    await expect(as.bob!.orgPermissions('alice', 'secretive')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await as.alice!.removeTeamMember(devs.id, 'bob');
  });

  it('made only spec operations with valid parameters and accepted only valid responses', () => {
    expect(proxy.errors).toEqual([]);
    expect(proxy.operations()).toEqual(
      [
        'createOrgRepo',
        'orgAddTeamMember',
        'orgAddTeamRepository',
        'orgCreate',
        'orgCreateTeam',
        'orgGet',
        'orgGetTeam',
        'orgGetUserPermissions',
        'orgListTeamMembers',
        'orgListTeamRepos',
        'orgListMembers',
        'orgListRepos',
        'orgListTeams',
        'orgRemoveTeamMember',
        'orgRemoveTeamRepository',
        'repoAddCollaborator',
        'repoDeleteCollaborator',
        'repoGet',
        'repoGetAssignees',
        'repoGetRepoPermissions',
        'repoListCollaborators',
        'userCreateToken',
      ].sort(),
    );
  });
});
