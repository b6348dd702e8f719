import {
  ADMIN_TOKEN,
  DEMO_PASSWORD,
  api,
  createUser,
  type Auth,
  type TestGithost,
} from './helpers';

export const ORG_SCOPES = ['write:repository', 'write:user', 'write:organization'];

export interface Person {
  login: string;
  password: string;
  token: string;
  auth: Auth;
}

/**
 * The roles of the permission matrix, on organization `acme` (public) with repositories
 * `acme/app` (private, with a commit) and `acme/site` (public):
 * - owner: alice, who created acme (Owners team);
 * - teamWriter: frank, in team `devs` (write, code and issues) which has `acme/app`;
 * - teamReader: grace, in team `viewers` (read, code) which has every repository;
 * - reader / writer / admin: carol / dave / erin, collaborators of `acme/app` at that level;
 * - outsider: bob, signed in, nothing else; siteAdmin: demo; anonymous: no credentials.
 */
export interface OrgWorld {
  owner: Person;
  teamWriter: Person;
  teamReader: Person;
  reader: Person;
  writer: Person;
  admin: Person;
  outsider: Person;
  siteAdmin: { login: string; password: string; auth: Auth };
  devs: number;
  viewers: number;
  owners: number;
}

async function must(result: Promise<{ status: number; body: any }>, status: number, what: string) {
  const res = await result;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function person(base: string, login: string): Promise<Person> {
  const user = await createUser(base, login, `${login}-password`, ORG_SCOPES);
  return { ...user, auth: { token: user.token } };
}

export async function buildOrgWorld(gh: TestGithost): Promise<OrgWorld> {
  const base = gh.url;
  const [owner, teamWriter, teamReader, reader, writer, admin, outsider] = await Promise.all(
    ['alice', 'frank', 'grace', 'carol', 'dave', 'erin', 'bob'].map((l) => person(base, l)),
  );
  const as = owner!.auth;
  await must(api(base, 'POST', '/orgs', { auth: as, body: { username: 'acme' } }), 201, 'org');
  for (const [name, isPrivate] of [
    ['app', true],
    ['site', false],
  ] as const) {
    await must(
      api(base, 'POST', '/orgs/acme/repos', {
        auth: as,
        body: { name, private: isPrivate, auto_init: true },
      }),
      201,
      `repo ${name}`,
    );
  }
  const devs = await must(
    api(base, 'POST', '/orgs/acme/teams', {
      auth: as,
      body: { name: 'devs', permission: 'write', units: ['repo.code', 'repo.issues'] },
    }),
    201,
    'devs',
  );
  const viewers = await must(
    api(base, 'POST', '/orgs/acme/teams', {
      auth: as,
      body: {
        name: 'viewers',
        permission: 'read',
        units: ['repo.code'],
        includes_all_repositories: true,
      },
    }),
    201,
    'viewers',
  );
  await must(api(base, 'PUT', `/teams/${devs.id}/members/frank`, { auth: as }), 204, 'frank');
  await must(api(base, 'PUT', `/teams/${devs.id}/repos/acme/app`, { auth: as }), 204, 'devs app');
  await must(api(base, 'PUT', `/teams/${viewers.id}/members/grace`, { auth: as }), 204, 'grace');
  for (const [who, permission] of [
    ['carol', 'read'],
    ['dave', 'write'],
    ['erin', 'admin'],
  ]) {
    await must(
      api(base, 'PUT', `/repos/acme/app/collaborators/${who}`, { auth: as, body: { permission } }),
      204,
      `collaborator ${who}`,
    );
  }
  const teams = await must(api(base, 'GET', '/orgs/acme/teams', { auth: as }), 200, 'teams');
  const owners = (teams as { id: number; name: string }[]).find((t) => t.name === 'Owners')!.id;
  return {
    owner: owner!,
    teamWriter: teamWriter!,
    teamReader: teamReader!,
    reader: reader!,
    writer: writer!,
    admin: admin!,
    outsider: outsider!,
    siteAdmin: { login: 'demo', password: DEMO_PASSWORD, auth: { basic: ['demo', DEMO_PASSWORD] } },
    devs: devs.id,
    viewers: viewers.id,
    owners,
  };
}

export { ADMIN_TOKEN };
