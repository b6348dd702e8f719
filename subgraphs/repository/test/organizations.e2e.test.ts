import { LOGIN, ROLES, buildOrgWorld, codeOf, levelOf, type OrgWorld, type Role } from './orgWorld';

/*
 * Organizations, teams and levels through the repository subgraph against githost (issue 16):
 * every field and mutation as each role of the permission matrix, changes announced at once.
 */

let w: OrgWorld;

beforeAll(async () => {
  w = await buildOrgWorld();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const ORG = `query($l: String!) { organization(login: $l) {
  login fullName description avatarUrl viewerIsOwner viewerCanCreateRepository
  members { totalCount nodes { login } }
  teams { nodes { name permission includesAllRepositories } }
  repositories { nodes { fullName viewerPermission } }
} }`;

describe('levels from Gitea', () => {
  const APP: Record<Role, string> = {
    anonymous: 'hidden',
    outsider: 'hidden',
    reader: 'READ',
    writer: 'WRITE',
    admin: 'ADMIN',
    teamWriter: 'WRITE',
    teamReader: 'READ',
    owner: 'ADMIN',
    siteAdmin: 'ADMIN',
  };

  it.each(ROLES)('%s: viewerPermission on a private and a public repository', async (role) => {
    expect(await levelOf(w, role, 'acme/app')).toBe(APP[role]);
    const site = role === 'owner' || role === 'siteAdmin' ? 'ADMIN' : 'READ';
    expect(await levelOf(w, role, 'acme/site')).toBe(site);
    // What the issues subgraph reads, on the replica without an admin token too.
    const res = await w.as(
      role,
      `{ repository(owner: "acme", name: "site") {
      giteaId private owner { login } viewerPermission viewerCanAdminister } }`,
      {},
      'b',
    );
    expect(res.data.repository).toEqual({
      giteaId: expect.any(Number),
      private: false,
      owner: { login: 'acme' },
      viewerPermission: site,
      viewerCanAdminister: site === 'ADMIN',
    });
  });

  it('lists the private repository to those who may read it', async () => {
    const list = `{ repositories(owner: "acme") { nodes { fullName } } }`;
    for (const role of ROLES) {
      const names = (await w.ok(role, list)).repositories.nodes.map((r: any) => r.fullName);
      expect({ role, names }).toEqual({
        role,
        names: APP[role] === 'hidden' ? ['acme/site'] : ['acme/app', 'acme/site'],
      });
    }
  });
});

describe('organization(login)', () => {
  const members = ['alice', 'frank', 'grace'];
  const teams = [
    { name: 'devs', permission: 'WRITE', includesAllRepositories: false },
    { name: 'Owners', permission: 'ADMIN', includesAllRepositories: true },
    { name: 'viewers', permission: 'READ', includesAllRepositories: true },
  ];

  it.each(ROLES)('%s sees what Gitea shows them', async (role) => {
    const org = (await w.ok(role, ORG, { l: 'acme' })).organization;
    const insider = ['owner', 'teamWriter', 'teamReader', 'siteAdmin'].includes(role);
    const owner = role === 'owner' || role === 'siteAdmin';
    expect(org).toMatchObject({ login: 'acme', fullName: 'Acme', description: null });
    expect(org.avatarUrl).toMatch(/^http/);
    expect({ role, owner: org.viewerIsOwner, create: org.viewerCanCreateRepository }).toEqual({
      role,
      owner,
      create: owner,
    });
    expect(org.members.nodes.map((u: any) => u.login)).toEqual(insider ? members : []);
    expect(org.teams.nodes).toEqual(insider ? teams : []);
    const seesApp = !['anonymous', 'outsider'].includes(role);
    expect(org.repositories.nodes.map((r: any) => r.fullName)).toEqual(
      seesApp ? ['acme/app', 'acme/site'] : ['acme/site'],
    );
  });

  it.each(ROLES)(
    '%s: Team fields for members of the team, owners and site admins',
    async (role) => {
      const q = `{ organization(login: "acme") { teams { nodes { id name description
      organization { login } members { nodes { login } } repositories { nodes { fullName } } } } } }`;
      const seen = (await w.ok(role, q)).organization.teams.nodes;
      const all = role === 'owner' || role === 'siteAdmin';
      const mine = role === 'teamWriter' ? 'devs' : role === 'teamReader' ? 'viewers' : undefined;
      const full: Record<string, [string[], string[]]> = {
        devs: [['frank'], ['acme/app']],
        Owners: [['alice'], ['acme/app', 'acme/site']],
        viewers: [['grace'], ['acme/app', 'acme/site']],
      };
      const expected = all || mine ? Object.keys(full) : [];
      expect(seen.map((t: any) => t.name)).toEqual(expected);
      for (const team of seen) {
        const shown = all || team.name === mine ? full[team.name]! : [[], []];
        expect({
          role,
          team: team.name,
          org: team.organization.login,
          id: typeof team.id,
          members: team.members.nodes.map((u: any) => u.login),
          repositories: team.repositories.nodes.map((r: any) => r.fullName),
        }).toEqual({
          role,
          team: team.name,
          org: 'acme',
          id: 'string',
          members: shown[0],
          repositories: shown[1],
        });
      }
    },
  );

  it('is null with NOT_FOUND when missing, BAD_USER_INPUT for a bad login', async () => {
    const missing = await w.as('owner', ORG, { l: 'nothing' });
    expect(missing.data).toEqual({ organization: null });
    expect(codeOf(missing)).toBe('NOT_FOUND');
    // A user is not an organization.
    expect(codeOf(await w.as('owner', ORG, { l: 'bob' }))).toBe('NOT_FOUND');
    expect(codeOf(await w.as('owner', ORG, { l: '-bad-' }))).toBe('BAD_USER_INPUT');
  });
});

describe('createOrganization', () => {
  const CREATE = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { login fullName description viewerIsOwner } }`;

  it('makes the creator its owner; refuses anonymous callers, bad input and taken names', async () => {
    const created = await w.ok('outsider', CREATE, {
      i: { login: 'bobs', fullName: 'Bob & Co', description: 'Mine' },
    });
    expect(created.createOrganization).toEqual({
      login: 'bobs',
      fullName: 'Bob & Co',
      description: 'Mine',
      viewerIsOwner: true,
    });
    expect(codeOf(await w.as('anonymous', CREATE, { i: { login: 'anon' } }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(await w.as('reader', CREATE, { i: { login: 'acme' } }))).toBe('CONFLICT');
    expect(codeOf(await w.as('reader', CREATE, { i: { login: 'bob' } }))).toBe('CONFLICT');
    for (const bad of [{ login: 'no spaces' }, { login: 'x', fullName: 'x'.repeat(101) }]) {
      expect(codeOf(await w.as('reader', CREATE, { i: bad }))).toBe('BAD_USER_INPUT');
    }
  });
});

describe('teams', () => {
  const CREATE = `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id name permission includesAllRepositories organization { login } } }`;
  const ADD = `mutation($i: TeamMemberInput!) { addTeamMember(input: $i) { name members { nodes { login } } } }`;
  const REMOVE = `mutation($i: TeamMemberInput!) { removeTeamMember(input: $i) { name } }`;
  const ADD_REPO = `mutation($i: TeamRepositoryInput!) { addTeamRepository(input: $i) { name repositories { nodes { fullName } } } }`;
  const REMOVE_REPO = `mutation($i: TeamRepositoryInput!) { removeTeamRepository(input: $i) { name } }`;

  it('createTeam: organization owners and site admins only', async () => {
    const input = (name: string, permission = 'WRITE') => ({
      i: { organization: 'acme', name, permission },
    });
    const made = await w.ok('owner', CREATE, input('ops', 'ADMIN'));
    expect(made.createTeam).toMatchObject({
      name: 'ops',
      permission: 'ADMIN',
      includesAllRepositories: false,
      organization: { login: 'acme' },
    });
    expect((await w.ok('siteAdmin', CREATE, input('audit', 'READ'))).createTeam.name).toBe('audit');
    const refused: [Role, string][] = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['outsider', 'FORBIDDEN'],
      ['reader', 'FORBIDDEN'],
      ['writer', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['teamWriter', 'FORBIDDEN'],
      ['teamReader', 'FORBIDDEN'],
    ];
    for (const [role, code] of refused) {
      expect({ role, code: codeOf(await w.as(role, CREATE, input(`t-${role}`))) }).toEqual({
        role,
        code,
      });
    }
    expect(codeOf(await w.as('owner', CREATE, input('ops')))).toBe('CONFLICT');
    expect(codeOf(await w.as('owner', CREATE, input('none', 'NONE')))).toBe('BAD_USER_INPUT');
    expect(codeOf(await w.as('owner', CREATE, input('bad name')))).toBe('BAD_USER_INPUT');
    const elsewhere = { i: { organization: 'nothing', name: 'x', permission: 'READ' } };
    expect(codeOf(await w.as('owner', CREATE, elsewhere))).toBe('NOT_FOUND');
  });

  it('a member added to a team gets its level at once, loses it at once, and each change is announced', async () => {
    const input = { i: { organization: 'acme', team: 'devs', login: 'bob' } };
    expect(await levelOf(w, 'outsider', 'acme/app')).toBe('hidden');
    const before = w.published.length;
    const added = await w.ok('owner', ADD, input);
    expect(added.addTeamMember.members.nodes.map((u: any) => u.login)).toEqual(['bob', 'frank']);
    expect(w.published.slice(before)).toEqual([
      expect.objectContaining({ action: 'updated', repository: 'acme/app', private: true }),
    ]);
    expect(await levelOf(w, 'outsider', 'acme/app')).toBe('WRITE');
    expect(await levelOf(w, 'outsider', 'acme/app', 'b')).toBe('WRITE');
    const mid = w.published.length;
    await w.ok('owner', REMOVE, input);
    expect(w.published.slice(mid).map((c) => c.repository)).toEqual(['acme/app']);
    expect(await levelOf(w, 'outsider', 'acme/app')).toBe('hidden');
    expect(await levelOf(w, 'outsider', 'acme/app', 'b')).toBe('hidden');
    // A team with every repository announces every repository.
    const all = w.published.length;
    await w.ok('owner', ADD, { i: { organization: 'acme', team: 'viewers', login: 'bob' } });
    expect(
      w.published
        .slice(all)
        .map((c) => c.repository)
        .sort(),
    ).toEqual(['acme/app', 'acme/site']);
    expect(await levelOf(w, 'outsider', 'acme/app')).toBe('READ');
    await w.ok('owner', REMOVE, { i: { organization: 'acme', team: 'viewers', login: 'bob' } });
    expect(await levelOf(w, 'outsider', 'acme/app')).toBe('hidden');
  });

  it('addTeamMember / removeTeamMember: owners only; missing team or user', async () => {
    const input = { i: { organization: 'acme', team: 'devs', login: 'carol' } };
    const refused: [Role, string][] = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['outsider', 'FORBIDDEN'],
      ['reader', 'FORBIDDEN'],
      ['writer', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['teamWriter', 'FORBIDDEN'],
      ['teamReader', 'FORBIDDEN'],
    ];
    for (const mutation of [ADD, REMOVE]) {
      for (const [role, code] of refused) {
        expect({ role, code: codeOf(await w.as(role, mutation, input)) }).toEqual({ role, code });
      }
    }
    const team = { i: { organization: 'acme', team: 'nope', login: 'carol' } };
    expect(codeOf(await w.as('owner', ADD, team))).toBe('NOT_FOUND');
    const user = { i: { organization: 'acme', team: 'devs', login: 'nobody' } };
    expect(codeOf(await w.as('owner', ADD, user))).toBe('NOT_FOUND');
    const bad = { i: { organization: 'acme', team: 'devs', login: 'a b' } };
    expect(codeOf(await w.as('owner', ADD, bad))).toBe('BAD_USER_INPUT');
    // The site admin may, like an owner.
    await w.ok('siteAdmin', ADD, input);
    expect(await levelOf(w, 'reader', 'acme/app')).toBe('WRITE');
    await w.ok('siteAdmin', REMOVE, input);
    expect(await levelOf(w, 'reader', 'acme/app')).toBe('READ');
  });

  it('addTeamRepository / removeTeamRepository: ADMINs of the repository; levels follow at once', async () => {
    const input = { i: { organization: 'acme', team: 'devs', repository: 'acme/site' } };
    expect(await levelOf(w, 'teamWriter', 'acme/site')).toBe('READ');
    // Not members of the organization: they may not see its teams.
    const refused: [Role, string][] = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['outsider', 'FORBIDDEN'],
      ['reader', 'FORBIDDEN'],
      ['writer', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['teamWriter', 'FORBIDDEN'],
      ['teamReader', 'FORBIDDEN'],
    ];
    for (const [role, code] of refused) {
      expect({ role, code: codeOf(await w.as(role, ADD_REPO, input)) }).toEqual({ role, code });
      expect({ role, code: codeOf(await w.as(role, REMOVE_REPO, input)) }).toEqual({ role, code });
    }
    // The site admin may, like an owner.
    await w.ok('siteAdmin', ADD_REPO, input);
    expect(await levelOf(w, 'teamWriter', 'acme/site')).toBe('WRITE');
    await w.ok('siteAdmin', REMOVE_REPO, input);
    expect(await levelOf(w, 'teamWriter', 'acme/site')).toBe('READ');
    const before = w.published.length;
    const added = await w.ok('owner', ADD_REPO, input);
    expect(added.addTeamRepository.repositories.nodes.map((r: any) => r.fullName)).toEqual([
      'acme/app',
      'acme/site',
    ]);
    expect(w.published.slice(before).map((c) => c.repository)).toEqual(['acme/site']);
    expect(await levelOf(w, 'teamWriter', 'acme/site')).toBe('WRITE');
    await w.ok('owner', REMOVE_REPO, { i: { ...input.i, repository: 'site' } });
    expect(await levelOf(w, 'teamWriter', 'acme/site')).toBe('READ');
    const other = { i: { ...input.i, repository: 'bobs/site' } };
    expect(codeOf(await w.as('owner', ADD_REPO, other))).toBe('BAD_USER_INPUT');
    const missing = { i: { ...input.i, repository: 'nothing' } };
    expect(codeOf(await w.as('owner', ADD_REPO, missing))).toBe('NOT_FOUND');
  });

  it('Team fields: members and repositories for members of the team', async () => {
    const q = `{ organization(login: "acme") { teams { nodes { name
      members { nodes { login } } repositories { nodes { fullName } } } } } }`;
    const teams = (await w.ok('owner', q)).organization.teams.nodes;
    const devs = teams.find((t: any) => t.name === 'devs');
    expect(devs.members.nodes.map((u: any) => u.login)).toEqual(['frank']);
    expect(devs.repositories.nodes.map((r: any) => r.fullName)).toEqual(['acme/app']);
    // grace sees the teams (a member) but not the members of a team she is not in.
    const seen = (await w.ok('teamReader', q)).organization.teams.nodes;
    expect(seen.find((t: any) => t.name === 'devs').members.nodes).toEqual([]);
    expect(
      seen.find((t: any) => t.name === 'viewers').members.nodes.map((u: any) => u.login),
    ).toEqual([LOGIN.teamReader]);
  });
});
