import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { InMemoryPubSub } from '@gitforge/pubsub';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import {
  REPOSITORY_CHANGES_CHANNEL,
  type RepositoryChange,
} from '../src/webhooks/repositoryChanges';
import { ContractProxy } from './contractProxy';
import { codeOf, startRepository, type GqlResult, type TestRepository } from './startRepository';

const DEMO_PASSWORD = 'demo-password-for-org-world';
const ADMIN_TOKEN = 'admin-token-for-org-world-0123456789';

/** The bus of both replicas; every publish is recorded the moment it is made. */
class RecordingPubSub extends InMemoryPubSub {
  readonly published: RepositoryChange[] = [];

  override async publish(channel: string, message: unknown): Promise<void> {
    if (channel === REPOSITORY_CHANGES_CHANNEL) this.published.push(message as RepositoryChange);
    return super.publish(channel, message);
  }
}

export const ROLES = [
  'anonymous',
  'outsider',
  'reader',
  'writer',
  'admin',
  'teamWriter',
  'teamReader',
  'owner',
  'siteAdmin',
] as const;
export type Role = (typeof ROLES)[number];

/** Who plays each role (as in githost's test/orgFixture.ts). */
export const LOGIN: Record<Exclude<Role, 'anonymous'>, string> = {
  outsider: 'bob',
  reader: 'carol',
  writer: 'dave',
  admin: 'erin',
  teamWriter: 'frank',
  teamReader: 'grace',
  owner: 'alice',
  siteAdmin: 'demo',
};

/**
 * The permission matrix's world, built through this subgraph's own mutations against githost:
 * organization `acme` (alice owns it) with `acme/app` (private) and `acme/site` (public); team
 * `devs` (WRITE, has acme/app: frank) and `viewers` (READ, every repository: grace);
 * collaborators of acme/app carol (READ), dave (WRITE), erin (ADMIN); bob signed in with
 * nothing; demo the site admin. Replica `a` has GITEA_ADMIN_TOKEN (demo's token), replica `b`
 * none; both share one bus. Every Gitea exchange passes the contract proxy.
 */
export interface OrgWorld {
  githost: Githost;
  proxy: ContractProxy;
  a: TestRepository;
  b: TestRepository;
  published: RepositoryChange[];
  token(role: Role): string | undefined;
  /** A GraphQL call as `role` on replica `a` (or `b`). */
  as<T = any>(
    role: Role,
    query: string,
    variables?: Record<string, unknown>,
    replica?: 'a' | 'b',
  ): Promise<GqlResult<T>>;
  /** Like `as`, failing the test on any error. */
  ok<T = any>(role: Role, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Creates a Gitea user and signs them in (a fresh session; '' with `signIn` false). */
  user(login: string, signIn?: boolean): Promise<string>;
  close(): Promise<void>;
}

async function createUser(base: string, login: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/admin/users`, {
    method: 'POST',
    headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      username: login,
      email: `${login}@example.com`,
      password: `${login}-password`,
    }),
  });
  if (res.status !== 201) throw new Error(`creating ${login}: ${res.status}`);
}

async function siteAdminToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/users/demo/tokens`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`demo:${DEMO_PASSWORD}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'gitforge-admin', scopes: ['all'] }),
  });
  if (res.status !== 201) throw new Error(`demo token: ${res.status}`);
  return ((await res.json()) as { sha1: string }).sha1;
}

export async function buildOrgWorld(): Promise<OrgWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'repository-orgs-'));
  const githost = await createGithost({
    dataDir,
    adminToken: ADMIN_TOKEN,
    demoPassword: DEMO_PASSWORD,
    logger: createLogger('githost-org-world', 'silent'),
  });
  const proxy = await new ContractProxy(githost.url).start();
  const pubsub = new RecordingPubSub();
  const a = await startRepository(proxy.url, {
    pubsub,
    giteaAdminToken: await siteAdminToken(githost.url),
  });
  const b = await startRepository(proxy.url, { pubsub });
  const tokens = new Map<string, string>();
  for (const login of Object.values(LOGIN)) {
    if (login !== 'demo') await createUser(githost.url, login);
    tokens.set(login, await a.login(login, login === 'demo' ? DEMO_PASSWORD : `${login}-password`));
  }
  const token = (role: Role) => (role === 'anonymous' ? undefined : tokens.get(LOGIN[role]));
  const as: OrgWorld['as'] = (role, query, variables, replica = 'a') =>
    (replica === 'a' ? a : b).gql(query, variables, { token: token(role) });
  const ok: OrgWorld['ok'] = async (role, query, variables) => {
    const res = await as(role, query, variables);
    if (res.errors) throw new Error(`${role}: ${JSON.stringify(res.errors)}`);
    return res.data as never;
  };
  const world: OrgWorld = {
    githost,
    proxy,
    a,
    b,
    published: pubsub.published,
    token,
    as,
    ok,
    async user(login, signIn = true) {
      await createUser(githost.url, login);
      return signIn ? a.login(login, `${login}-password`) : '';
    },
    async close() {
      await a.close();
      await b.close();
      await pubsub.close();
      await proxy.close();
      await githost.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await ok(
    'owner',
    `mutation { createOrganization(input: { login: "acme", fullName: "Acme" }) { login } }`,
  );
  for (const [name, isPrivate] of [
    ['app', true],
    ['site', false],
  ] as const) {
    await ok(
      'owner',
      `mutation($n: String!, $p: Boolean!) { createRepository(input: { name: $n, owner: "acme", private: $p }) { fullName } }`,
      { n: name, p: isPrivate },
    );
  }
  const team = `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`;
  await ok('owner', team, { i: { organization: 'acme', name: 'devs', permission: 'WRITE' } });
  await ok('owner', team, {
    i: { organization: 'acme', name: 'viewers', permission: 'READ', includesAllRepositories: true },
  });
  const member = `mutation($i: TeamMemberInput!) { addTeamMember(input: $i) { name } }`;
  await ok('owner', member, { i: { organization: 'acme', team: 'devs', login: 'frank' } });
  await ok('owner', member, { i: { organization: 'acme', team: 'viewers', login: 'grace' } });
  await ok(
    'owner',
    `mutation { addTeamRepository(input: { organization: "acme", team: "devs", repository: "app" }) { name } }`,
  );
  for (const [login, permission] of [
    ['carol', 'READ'],
    ['dave', 'WRITE'],
    ['erin', 'ADMIN'],
  ]) {
    await ok('owner', ADD_COLLABORATOR, { i: { repository: 'acme/app', login, permission } });
  }
  return world;
}

export const ADD_COLLABORATOR = `mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { fullName viewerPermission } }`;
export const REMOVE_COLLABORATOR = `mutation($i: RemoveCollaboratorInput!) { removeCollaborator(input: $i) { fullName viewerPermission } }`;
/** Exactly what the issues subgraph asks (contract). */
export const LEVEL = `query($o: String!, $n: String!) { repository(owner: $o, name: $n) { giteaId private owner { login } viewerPermission viewerCanAdminister } }`;

/** The viewer's level on `owner/name`, NOT_FOUND as 'hidden'. */
export async function levelOf(
  world: OrgWorld,
  role: Role,
  fullName: string,
  replica: 'a' | 'b' = 'a',
): Promise<string> {
  const [o, n] = fullName.split('/');
  const res = await world.as(role, LEVEL, { o, n }, replica);
  if (codeOf(res) === 'NOT_FOUND') return 'hidden';
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.repository.viewerPermission as string;
}

export { codeOf };
