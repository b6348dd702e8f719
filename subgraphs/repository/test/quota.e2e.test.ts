import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signServiceToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createGateway, type RunningGateway } from '../../../gateway/src/createGateway';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import { createIssuesServer, type IssuesServer } from '../../issues/src/createIssuesServer';
import { ownerByName } from '../../issues/test/ownerByName';
import { createGiteaUser } from '../../issues/test/support/serviceProcesses';
import { JWT_SECRET, startRepository, type TestRepository } from './startRepository';

/*
 * Owner quotas in the repository subgraph (issue 16), over the real embedded git host and the
 * real issues subgraph (limits in PostgreSQL): usage visible to the owner, an organization's
 * owners and site administrators only; createRepository over the count refused with
 * QUOTA_EXCEEDED and nothing created; limits that cannot be read refuse creation.
 */

const ADMIN_TOKEN = 'admin-token-for-repository-quota-e2e-01';
const DEMO_PASSWORD = 'demo-password-quota-e2e';
const unique = Date.now().toString(36).slice(-6);
const org = `acme-${unique}`;
/** Unique per run: the limits live in the shared test database. */
const alice = `alice-${unique}`;
const bob = `bob-${unique}`;
const carol = `carol-${unique}`;
const dave = `dave-${unique}`;
let dataDir: string;
let githost: Githost;
let issues: IssuesServer;
let repository: TestRepository;
let gateway: RunningGateway;
const tokens: Record<string, string> = {};

const basic = (login: string) =>
  `Basic ${Buffer.from(`${login}:${login}-password`).toString('base64')}`;

async function giteaPost(path: string, login: string, body: unknown): Promise<void> {
  const res = await fetch(`${githost.url}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: basic(login), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

const giteaStatus = async (path: string) =>
  (
    await fetch(`${githost.url}/api/v1${path}`, {
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    })
  ).status;

const QUOTA_OF = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on User { quota { owner repositoryCount sizeBytes } }
  }
}`;

async function quotaOf(login: string, as?: string) {
  const res = await repository.gql<{
    _entities: { quota: { owner: string; repositoryCount: number; sizeBytes: number } | null }[];
  }>(QUOTA_OF, { representations: [{ __typename: 'User', login }] }, { token: as && tokens[as] });
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0]!.quota;
}

const CREATE = `mutation ($input: CreateRepositoryInput!) {
  createRepository(input: $input) { fullName }
}`;

async function setQuota(owner: string, maxRepositories: number) {
  const admin = await fetch(`${issues.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.demo}` },
    body: JSON.stringify({
      query: `mutation ($input: SetOwnerQuotaInput!) { setOwnerQuota(input: $input) { maxRepositories } }`,
      variables: { input: { owner, maxRepositories } },
    }),
  });
  const body = (await admin.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'repository-quota-'));
  githost = await createGithost({
    dataDir,
    port: 0,
    adminToken: ADMIN_TOKEN,
    demoPassword: DEMO_PASSWORD,
    logger: createLogger('githost', 'silent'),
  });
  for (const login of [alice, bob, carol, dave])
    await createGiteaUser(githost.url, login, ADMIN_TOKEN);
  issues = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 4,
    jwtSecret: JWT_SECRET,
    logger: createLogger('issues', 'silent'),
    access: ownerByName,
    quota: { QUOTA_MAX_REPOSITORIES: 2 },
  });
  repository = await startRepository(githost.url, {
    quota: { issuesUrl: `${issues.url}/graphql`, siteAdmins: [carol] },
  });
  for (const [name, login] of Object.entries({ alice, bob, carol, dave })) {
    tokens[name] = await repository.login(login, `${login}-password`);
  }
  // demo: Gitea's is_admin, a site administrator everywhere (and Gitea shows it everything).
  tokens.demo = await repository.login('demo', DEMO_PASSWORD);
  await giteaPost('/user/repos', alice, { name: 'open', auto_init: true });
  await giteaPost('/user/repos', alice, { name: 'secret', private: true, auto_init: true });
  await giteaPost('/orgs', alice, { username: org });
  await giteaPost(`/orgs/${org}/repos`, alice, { name: 'inner', private: true });
  // dave: a member of the organization (a team with every repository, write), not an owner.
  const team = await fetch(`${githost.url}/api/v1/orgs/${org}/teams`, {
    method: 'POST',
    headers: { authorization: basic(alice), 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'writers',
      permission: 'write',
      units: ['repo.code', 'repo.issues'],
      includes_all_repositories: true,
    }),
  });
  const created = (await team.json()) as { id: number };
  expect([team.status, created]).toEqual([
    201,
    expect.objectContaining({ id: expect.any(Number) }),
  ]);
  const { id } = created;
  const member = await fetch(`${githost.url}/api/v1/teams/${id}/members/${dave}`, {
    method: 'PUT',
    headers: { authorization: basic(alice) },
  });
  expect(member.status).toBe(204);
});

afterAll(async () => {
  await gateway?.close();
  await repository?.close();
  await issues?.close();
  await githost?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('User.quota visibility', () => {
  it('shows the owner its usage, private repositories and their size included', async () => {
    const quota = await quotaOf(alice, 'alice');
    expect(quota).toMatchObject({ owner: alice, repositoryCount: 2 });
    expect(quota!.sizeBytes).toBeGreaterThan(0);
    expect(quota!.sizeBytes % 1024).toBe(0);
    const viewer = await repository.gql(
      `{ viewer { quota { owner repositoryCount } } }`,
      {},
      {
        token: tokens.alice,
      },
    );
    expect(viewer.data.viewer.quota).toEqual({ owner: alice, repositoryCount: 2 });
  });

  it('shows it to site administrators (Gitea is_admin, GITFORGE_ADMINS)', async () => {
    expect(await quotaOf(alice, 'demo')).toMatchObject({ owner: alice, repositoryCount: 2 });
    // carol is named in GITFORGE_ADMINS; counted as her Gitea token sees (no admin token here).
    expect(await quotaOf(alice, 'carol')).toMatchObject({ owner: alice });
  });

  it('is null for anonymous callers and other users', async () => {
    expect(await quotaOf(alice)).toBeNull();
    expect(await quotaOf(alice, 'bob')).toBeNull();
  });

  it('answers Organization.quota to its owners only', async () => {
    const ORG = `query ($login: String!) { organization(login: $login) { quota { owner repositoryCount } } }`;
    const owner = await repository.gql(ORG, { login: org }, { token: tokens.alice });
    expect(owner.errors).toBeUndefined();
    expect(owner.data.organization.quota).toEqual({ owner: org, repositoryCount: 1 });
    const admin = await repository.gql(ORG, { login: org }, { token: tokens.demo });
    expect(admin.data.organization.quota).toEqual({ owner: org, repositoryCount: 1 });
    // A member (dave's team writes to every repository) is not an owner; nor is bob.
    for (const who of ['dave', 'bob', undefined]) {
      const other = await repository.gql(ORG, { login: org }, { token: who && tokens[who] });
      expect(other.data?.organization?.quota ?? null).toBeNull();
    }
  });

  it("shows an organization's usage to its owners only", async () => {
    expect(await quotaOf(org, 'alice')).toMatchObject({ owner: org, repositoryCount: 1 });
    expect(await quotaOf(org, 'bob')).toBeNull();
    expect(await quotaOf(org)).toBeNull();
  });
});

describe('the OwnerQuota entity (usage half, after setOwnerQuota)', () => {
  const ENTITIES = `query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on OwnerQuota { owner repositoryCount } }
  }`;
  const entity = (as: string) =>
    repository.gql(
      ENTITIES,
      { representations: [{ __typename: 'OwnerQuota', owner: alice }] },
      {
        token: tokens[as],
      },
    );

  it('gives the usage to those who may see it, FORBIDDEN to others', async () => {
    const admin = await entity('demo');
    expect(admin.errors).toBeUndefined();
    expect(admin.data._entities).toEqual([{ owner: alice, repositoryCount: 2 }]);
    const other = await entity('bob');
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('createRepository over the count', () => {
  it('fails with QUOTA_EXCEEDED and creates nothing, then passes once the quota is raised', async () => {
    const refused = await repository.gql(
      CREATE,
      { input: { name: 'third' } },
      {
        token: tokens.alice,
      },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      owner: alice,
      limit: 'maxRepositories',
      maxRepositories: 2,
      repositoryCount: 2,
    });
    expect(refused.errors?.[0]?.message).toMatch(/has 2 of its 2 repositories/);
    expect(await giteaStatus(`/repos/${alice}/third`)).toBe(404);

    await setQuota(alice, 3);
    const created = await repository.gql(
      CREATE,
      { input: { name: 'third' } },
      {
        token: tokens.alice,
      },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createRepository.fullName).toBe(`${alice}/third`);
    expect(await giteaStatus(`/repos/${alice}/third`)).toBe(200);
    expect(await quotaOf(alice, 'alice')).toMatchObject({ repositoryCount: 3 });
  });

  it('is not counted against anyone else: bob still creates his first', async () => {
    const created = await repository.gql(
      CREATE,
      { input: { name: 'first' } },
      {
        token: tokens.bob,
      },
    );
    expect(created.errors).toBeUndefined();
  });

  it('refuses with UPSTREAM_UNAVAILABLE (issues) when the limits cannot be read', async () => {
    const cutOff = await startRepository(githost.url, {
      quota: { issuesUrl: 'http://127.0.0.1:9/graphql', timeoutMs: 500 },
    });
    try {
      const token = await cutOff.login(bob, `${bob}-password`);
      const res = await cutOff.gql(CREATE, { input: { name: 'second' } }, { token });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        upstream: 'issues',
      });
      expect(await giteaStatus(`/repos/${bob}/second`)).toBe(404);
    } finally {
      await cutOff.close();
    }
  });
});

describe('/internal/quota/{owner}', () => {
  const quotaRoute = (owner: string, headers: Record<string, string> = {}) =>
    fetch(`${repository.server.url}/internal/quota/${owner}`, { headers });
  const service = () => `Bearer ${signServiceToken(JWT_SECRET, 'git-proxy', 'quota')}`;

  it('answers limits and usage to a quota service token, counting as the forwarded caller', async () => {
    const res = await quotaRoute(alice, {
      authorization: service(),
      'x-gitforge-gitea-authorization': basic(alice),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      owner: alice,
      maxRepositories: 3,
      maxSizeBytes: 1024 ** 3,
      repositoryCount: 3,
    });
  });

  it('refuses anything but a quota service token (401)', async () => {
    expect((await quotaRoute(alice)).status).toBe(401);
    expect((await quotaRoute(alice, { authorization: `Bearer ${tokens.demo}` })).status).toBe(401);
  });

  it('answers 503 rather than a partial count when it has nobody to count as', async () => {
    const res = await quotaRoute(alice, { authorization: service() });
    expect(res.status).toBe(503);
  });
});

describe('through the gateway (one OwnerQuota from two subgraphs)', () => {
  beforeAll(async () => {
    gateway = await createGateway({
      subgraphs: [
        { name: 'issues', url: `${issues.url}/graphql` },
        { name: 'repository', url: repository.url },
      ],
      jwtSecret: JWT_SECRET,
      logger: createLogger('gateway', 'silent'),
      pollIntervalMs: 60_000,
    });
    await gateway.supergraphLoaded;
  });

  const viaGateway = async (query: string, variables: Record<string, unknown>, as?: string) => {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  };

  it("joins the owner's limits (issues) to its usage (repository) in User.quota", async () => {
    const res = await viaGateway(
      `{ viewer { quota { owner maxRepositories maxSizeBytes repositoryCount sizeBytes } } }`,
      {},
      'alice',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.viewer.quota).toMatchObject({
      owner: alice,
      maxRepositories: 3,
      maxSizeBytes: 1024 ** 3,
      repositoryCount: 3,
    });
  });

  it('answers setOwnerQuota with the usage, for a site administrator only', async () => {
    const SET = `mutation ($input: SetOwnerQuotaInput!) {
      setOwnerQuota(input: $input) { owner maxRepositories repositoryCount }
    }`;
    const input = { owner: alice, maxRepositories: 4 };
    const done = await viaGateway(SET, { input }, 'demo');
    expect(done.errors).toBeUndefined();
    expect(done.data.setOwnerQuota).toEqual({
      owner: alice,
      maxRepositories: 4,
      repositoryCount: 3,
    });
    const refused = await viaGateway(SET, { input: { ...input, maxRepositories: 99 } }, 'alice');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await viaGateway(SET, { input }, undefined);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers createRepository over the count with QUOTA_EXCEEDED through the gateway', async () => {
    const fourth = await viaGateway(CREATE, { input: { name: 'fourth' } }, 'alice');
    expect(fourth.errors).toBeUndefined();
    const fifth = await viaGateway(CREATE, { input: { name: 'fifth' } }, 'alice');
    expect(fifth.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', owner: alice });
    expect(await giteaStatus(`/repos/${alice}/fifth`)).toBe(404);
  });
});
