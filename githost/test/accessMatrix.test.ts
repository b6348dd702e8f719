import { validateRequest, validateResponse } from '@gitforge/gitea-contract';
import { startGithost, type Auth, type TestGithost } from './helpers';
import { buildOrgWorld, type OrgWorld } from './orgFixture';

/*
 * Every organization, team and collaborator route × every role, with the status Gitea 1.21
 * answers. Changes are chosen to be no-ops (adding what is there, removing what is not) or to
 * make something new per role, so the rows do not depend on one another.
 */

const ROLES = [
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
type Role = (typeof ROLES)[number];

interface Row {
  method: string;
  /** `{role}` is replaced by the role's name (for things created per role). */
  path: string;
  body?: unknown;
  /** One status per role, in the order of ROLES. */
  expect: number[];
}

// Shorthands: as Gitea's guards answer on `/orgs/{org}` and on `/teams/{id}`.
const everyone = (s: number) => ROLES.map(() => s);
const signedIn = (s: number) => [401, ...ROLES.slice(1).map(() => s)];
//                 anon  out  read write adm  tW   tR   own  site
const teamRead = [401, 404, 404, 404, 404, 200, 403, 200, 200];
const teamChange = (ok: number) => [401, 404, 404, 404, 404, 404, 403, ok, ok];
const orgOwner = (ok: number) => [401, 403, 403, 403, 403, 403, 403, ok, ok];
const repoAdmin = (ok: number) => [401, 404, 403, 403, ok, 403, 403, ok, ok];

const ROWS: Row[] = [
  { method: 'GET', path: '/orgs', expect: everyone(200) },
  { method: 'GET', path: '/orgs/acme', expect: everyone(200) },
  { method: 'GET', path: '/user/orgs', expect: signedIn(200) },
  { method: 'GET', path: '/users/alice/orgs', expect: signedIn(200) },
  { method: 'GET', path: '/orgs/acme/members', expect: signedIn(200) },
  {
    method: 'GET',
    path: '/orgs/acme/members/alice',
    expect: [401, 303, 303, 303, 303, 204, 204, 204, 204],
  },
  { method: 'DELETE', path: '/orgs/acme/members/carol', expect: orgOwner(204) },
  { method: 'GET', path: '/orgs/acme/repos', expect: everyone(200) },
  {
    method: 'POST',
    path: '/orgs/acme/repos',
    body: { name: 'r-{role}' },
    expect: orgOwner(201),
  },
  { method: 'DELETE', path: '/orgs/acme', expect: orgOwner(422) },
  {
    method: 'GET',
    path: '/orgs/acme/teams',
    expect: [401, 403, 403, 403, 403, 200, 200, 200, 200],
  },
  {
    method: 'POST',
    path: '/orgs/acme/teams',
    body: { name: 't-{role}', permission: 'read', units: ['repo.code'] },
    expect: orgOwner(201),
  },
  { method: 'GET', path: '/teams/{devs}', expect: teamRead },
  { method: 'PATCH', path: '/teams/{devs}', body: { name: 'devs' }, expect: teamChange(200) },
  {
    method: 'DELETE',
    path: '/teams/{owners}',
    expect: [401, 404, 404, 404, 404, 403, 403, 422, 422],
  },
  { method: 'GET', path: '/teams/{devs}/members', expect: teamRead },
  { method: 'GET', path: '/teams/{devs}/members/frank', expect: teamRead },
  { method: 'PUT', path: '/teams/{devs}/members/frank', expect: teamChange(204) },
  { method: 'DELETE', path: '/teams/{devs}/members/carol', expect: teamChange(204) },
  { method: 'GET', path: '/teams/{devs}/repos', expect: teamRead },
  { method: 'GET', path: '/teams/{devs}/repos/acme/app', expect: teamRead },
  // A team member (frank) may change the team's repositories he administers: he writes only.
  {
    method: 'PUT',
    path: '/teams/{devs}/repos/acme/app',
    expect: [401, 404, 404, 404, 404, 403, 403, 204, 204],
  },
  {
    method: 'DELETE',
    path: '/teams/{devs}/repos/acme/site',
    expect: [401, 404, 404, 404, 404, 403, 403, 204, 204],
  },
  { method: 'GET', path: '/repos/acme/app', expect: [404, 404, ...ROLES.slice(2).map(() => 200)] },
  {
    method: 'GET',
    path: '/repos/acme/app/collaborators',
    expect: [401, 404, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'GET',
    path: '/repos/acme/app/collaborators/dave',
    expect: [401, 404, 204, 204, 204, 204, 204, 204, 204],
  },
  {
    method: 'PUT',
    path: '/repos/acme/app/collaborators/dave',
    body: { permission: 'write' },
    expect: repoAdmin(204),
  },
  { method: 'DELETE', path: '/repos/acme/app/collaborators/bob', expect: repoAdmin(204) },
  {
    method: 'GET',
    path: '/repos/acme/app/collaborators/carol/permission',
    expect: [401, 404, 200, 403, 200, 403, 403, 200, 200],
  },
];

describe('access matrix: organization, team and collaborator routes × roles', () => {
  let gh: TestGithost;
  let w: OrgWorld;

  beforeAll(async () => {
    gh = await startGithost();
    w = await buildOrgWorld(gh);
  });
  afterAll(async () => gh.dispose());

  function authOf(role: Role): Auth {
    return role === 'anonymous' ? undefined : w[role].auth;
  }

  function headers(auth: Auth): Record<string, string> {
    if (!auth) return {};
    if ('token' in auth) return { authorization: `token ${auth.token}` };
    return { authorization: `Basic ${Buffer.from(auth.basic.join(':')).toString('base64')}` };
  }

  it.each(ROWS.map((row) => [`${row.method} ${row.path}`, row] as const))(
    '%s',
    async (_name, row) => {
      const seen: Record<string, number> = {};
      const problems: string[] = [];
      for (const role of ROLES) {
        const path = row.path
          .replace('{devs}', String(w.devs))
          .replace('{owners}', String(w.owners))
          .replace('{role}', role);
        const body =
          row.body === undefined
            ? undefined
            : JSON.parse(JSON.stringify(row.body).replace('{role}', role.toLowerCase()));
        const res = await fetch(`${gh.url}/api/v1${path}`, {
          method: row.method,
          headers: {
            ...headers(authOf(role)),
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
          redirect: 'manual',
        });
        const text = await res.text();
        seen[role] = res.status;
        const request = validateRequest({ method: row.method, path, body });
        const json =
          text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
        const response = validateResponse(row.method, path, res.status, json);
        // Gitea answers some statuses its spec does not list (its guards' 403, its 422s).
        const undeclared = response.errors.every((e) =>
          e.startsWith(`status ${res.status} is not`),
        );
        if (request.errors.length) problems.push(`${role} request: ${request.errors.join('; ')}`);
        if (res.status < 400 && response.errors.length) {
          problems.push(`${role} response: ${response.errors.join('; ')}`);
        }
        if (res.status >= 400 && (!undeclared || typeof json?.message !== 'string')) {
          problems.push(`${role} error body: ${text}`);
        }
      }
      expect(seen).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, row.expect[i]])));
      expect(problems).toEqual([]);
    },
  );
});
