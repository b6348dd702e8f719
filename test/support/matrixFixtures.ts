import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql } from './platform';
import type { OwnerKind, RepoKind, RoleId } from './matrixTable';

/**
 * The world of the permission matrix, set up through the git host's Gitea API (the same calls
 * work against a real Gitea): users, an organization with a READ, a WRITE and an ADMIN team, repositories
 * with their collaborators and team grants. GitForge's GraphQL is only used for what the matrix
 * tests (and for signing in): the fixtures must not depend on the features under test.
 */

export interface Account {
  login: string;
  password: string;
  /** GitForge session token (from the gateway's `login` mutation). */
  token: string;
}

export interface RepoRef {
  owner: string;
  name: string;
  fullName: string;
}

/** The people of the matrix; `siteAdmin` is the seeded `demo` (Gitea is_admin). */
export type Person = Exclude<RoleId, 'anonymous'> | 'newcomer' | 'cutOff';
const PEOPLE: Exclude<Person, 'siteAdmin'>[] = [
  'outsider',
  'readCollaborator',
  'writeCollaborator',
  'adminCollaborator',
  'readTeamMember',
  'writeTeamMember',
  'adminTeamMember',
  'organizationOwner',
  'repositoryOwner',
  'newcomer',
  'cutOff',
];

export class GiteaFixtures {
  private readonly adminToken: string;

  constructor(
    private readonly githost: string,
    dataDir: string,
  ) {
    this.adminToken = readFileSync(join(dataDir, 'secrets', 'githost-admin-token'), 'utf8').trim();
  }

  /** One Gitea API call as `as` (basic auth with the password) or with the admin token. */
  async call(
    method: string,
    path: string,
    as: { login: string; password: string } | 'admin',
    body?: unknown,
  ): Promise<{ status: number; json: any }> {
    const authorization =
      as === 'admin'
        ? `token ${this.adminToken}`
        : `Basic ${Buffer.from(`${as.login}:${as.password}`).toString('base64')}`;
    const res = await fetch(`${this.githost}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  /** Like call(), failing unless the status is one of `ok`. */
  async must(
    method: string,
    path: string,
    as: { login: string; password: string } | 'admin',
    body?: unknown,
    ok = [200, 201, 204],
  ): Promise<any> {
    const res = await this.call(method, path, as, body);
    if (!ok.includes(res.status)) {
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
    }
    return res.json;
  }

  async createUser(login: string, password: string): Promise<void> {
    await this.must('POST', '/admin/users', 'admin', {
      username: login,
      email: `${login}@example.com`,
      password,
      must_change_password: false,
    });
  }

  async exists(repo: RepoRef, as: { login: string; password: string }): Promise<boolean> {
    const res = await this.call('GET', `/repos/${repo.owner}/${repo.name}`, as);
    if (res.status !== 200 && res.status !== 404) throw new Error(`GET repo: ${res.status}`);
    return res.status === 200;
  }

  async branchExists(
    repo: RepoRef,
    branch: string,
    as: { login: string; password: string },
  ): Promise<boolean> {
    const res = await this.call('GET', `/repos/${repo.fullName}/branches/${branch}`, as);
    if (res.status !== 200 && res.status !== 404) throw new Error(`GET branch: ${res.status}`);
    return res.status === 200;
  }

  async isCollaborator(
    repo: RepoRef,
    login: string,
    as: { login: string; password: string },
  ): Promise<boolean> {
    const res = await this.call('GET', `/repos/${repo.fullName}/collaborators/${login}`, as);
    return res.status === 204;
  }
}

export async function signIn(url: string, login: string, password: string): Promise<string> {
  const result = await gql<{ login: { token: string } }>(
    url,
    'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: login, p: password },
  );
  if (!result.data?.login) throw new Error(`sign-in of ${login}: ${JSON.stringify(result.errors)}`);
  return result.data.login.token;
}

export interface World {
  runId: string;
  people: Record<Person, Account>;
  organization: string;
  teams: { read: number; write: number; admin: number };
  /** The four shared repositories, by kind. */
  repos: Map<string, RepoRef>;
  repoOf(kind: RepoKind): RepoRef;
  /** Who owns (and administers without any grant) repositories of this owner kind. */
  ownerPerson(owner: OwnerKind): Account;
}

const kindKey = (kind: RepoKind) => `${kind.owner}-${kind.visibility}`;

/** Users, organization and teams (members added), and the four shared repositories. */
export async function buildWorld(
  gitea: GiteaFixtures,
  url: string,
  demo: { login: string; password: string },
): Promise<World> {
  const runId = Date.now().toString(36);
  const people = {} as Record<Person, Account>;
  await Promise.all(
    PEOPLE.map(async (person) => {
      const login = `${person.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${runId}`;
      const password = `${login}-password`;
      await gitea.createUser(login, password);
      people[person] = { login, password, token: '' };
    }),
  );
  // One at a time: a failure stops here, before the sign-in throttle counts a burst of them.
  for (const person of PEOPLE) {
    const { login, password } = people[person];
    people[person].token = await signIn(url, login, password);
  }
  people.siteAdmin = { ...demo, token: await signIn(url, demo.login, demo.password) };

  const olga = people.organizationOwner;
  const organization = `acme-${runId}`;
  await gitea.must('POST', '/orgs', olga, { username: organization, visibility: 'public' });
  const team = async (name: string, permission: 'read' | 'write' | 'admin', member: Account) => {
    const created = await gitea.must('POST', `/orgs/${organization}/teams`, olga, {
      name,
      permission,
      units: ['repo.code', 'repo.issues', 'repo.pulls', 'repo.releases', 'repo.wiki'],
      includes_all_repositories: false,
      can_create_org_repo: false,
    });
    await gitea.must('PUT', `/teams/${created.id}/members/${member.login}`, olga);
    return created.id as number;
  };
  const teams = {
    read: await team('readers', 'read', people.readTeamMember),
    write: await team('writers', 'write', people.writeTeamMember),
    admin: await team('admins', 'admin', people.adminTeamMember),
  };

  const world: World = {
    runId,
    people,
    organization,
    teams,
    repos: new Map(),
    repoOf: (kind) => world.repos.get(kindKey(kind))!,
    ownerPerson: (owner) => (owner === 'user' ? people.repositoryOwner : olga),
  };
  await Promise.all(
    (['public', 'private'] as const).flatMap((visibility) =>
      (['user', 'org'] as const).map(async (owner) => {
        const kind = { owner, visibility };
        const name = visibility === 'public' ? 'pub' : 'priv';
        world.repos.set(kindKey(kind), await createGrantedRepo(gitea, world, kind, name));
      }),
    ),
  );
  return world;
}

/**
 * A repository of `kind` (with a first commit) and the grants every matrix repository has:
 * READ, WRITE and ADMIN collaborators and, on the organization's, the READ, WRITE and ADMIN teams.
 */
export async function createGrantedRepo(
  gitea: GiteaFixtures,
  world: World,
  kind: RepoKind,
  name: string,
): Promise<RepoRef> {
  const { people } = world;
  const owner = world.ownerPerson(kind.owner);
  const path = kind.owner === 'user' ? '/user/repos' : `/orgs/${world.organization}/repos`;
  const created = await gitea.must('POST', path, owner, {
    name,
    private: kind.visibility === 'private',
    auto_init: true,
    default_branch: 'main',
  });
  const repo: RepoRef = {
    owner: created.owner.login,
    name: created.name,
    fullName: created.full_name,
  };
  const grants: [Account, string][] = [
    [people.readCollaborator, 'read'],
    [people.writeCollaborator, 'write'],
    [people.adminCollaborator, 'admin'],
  ];
  for (const [who, permission] of grants) {
    await gitea.must('PUT', `/repos/${repo.fullName}/collaborators/${who.login}`, owner, {
      permission,
    });
  }
  if (kind.owner === 'org') {
    for (const id of [world.teams.read, world.teams.write, world.teams.admin]) {
      await gitea.must('PUT', `/teams/${id}/repos/${repo.fullName}`, owner);
    }
  }
  return repo;
}
