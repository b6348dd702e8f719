import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePorts,
  gql,
  newDataDir,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
} from './support/platform';

/**
 * `npm start` as a user meets it: the seeded `demo` is a Gitea site administrator, so its
 * session may inject faults through the gateway; a user the operator created may not, unless
 * GITFORGE_ADMINS names them; anonymous callers must sign in.
 */

jest.setTimeout(5 * 60_000);

const PASSWORD = 'demo-password-for-site-admin-e2e';
const STATUS = '{ resilience { pid viewerCanAdminister } }';
const FAULT = 'mutation { injectFailure(fault: PROCESS_CRASH) { detail } }';
const RESET = 'mutation { resetWorkload }';

let supervisor: RunningSupervisor;
let url: string;
const dataDir = newDataDir();

async function signIn(login: string, password: string): Promise<string> {
  const result = await gql<{ login: { token: string } }>(
    url,
    'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: login, p: password },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.login.token;
}

/** A user created through githost's Gitea admin API (not a site administrator). */
async function createUser(githost: string, login: string): Promise<string> {
  const adminToken = readFileSync(join(dataDir, 'secrets', 'githost-admin-token'), 'utf8').trim();
  const password = `${login}-password-e2e`;
  const res = await fetch(`${githost}/api/v1/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `token ${adminToken}` },
    body: JSON.stringify({ username: login, email: `${login}@example.com`, password }),
  });
  expect(res.status).toBe(201);
  return signIn(login, password);
}

const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code ?? 'OK';

let githost: string;
beforeAll(async () => {
  const ports = await freePorts();
  githost = `http://127.0.0.1:${ports.GITHOST_PORT}`;
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    GITFORGE_DEMO_PASSWORD: PASSWORD,
    GITFORGE_ADMINS: 'carol',
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
  url = supervisor.graphqlUrl;
});

afterAll(async () => {
  if (supervisor) await stopSupervisor(supervisor);
});

describe('fault injection under npm start', () => {
  it('refuses anonymous callers and users who are not site administrators', async () => {
    const before = await gql<{ resilience: { pid: number; viewerCanAdminister: boolean } }>(
      url,
      STATUS,
      {},
    );
    expect(before.data!.resilience.viewerCanAdminister).toBe(false);
    expect(codeOf(await gql(url, FAULT, {}))).toBe('UNAUTHENTICATED');

    const bob = await createUser(githost, 'bob');
    const seen = await gql<{ resilience: { viewerCanAdminister: boolean } }>(url, STATUS, {}, bob);
    expect(seen.data!.resilience.viewerCanAdminister).toBe(false);
    expect(codeOf(await gql(url, FAULT, {}, bob))).toBe('FORBIDDEN');
    expect(codeOf(await gql(url, RESET, {}, bob))).toBe('FORBIDDEN');
    // Nothing was killed.
    const after = await gql<{ resilience: { pid: number } }>(url, STATUS, {});
    expect(after.data!.resilience.pid).toBe(before.data!.resilience.pid);
  });

  it('lets demo (Gitea is_admin) and a GITFORGE_ADMINS member administer', async () => {
    for (const token of [await signIn('demo', PASSWORD), await createUser(githost, 'carol')]) {
      const seen = await gql<{ resilience: { viewerCanAdminister: boolean } }>(
        url,
        STATUS,
        {},
        token,
      );
      expect(seen.data!.resilience.viewerCanAdminister).toBe(true);
      expect(codeOf(await gql(url, RESET, {}, token))).toBe('OK');
      expect(
        codeOf(
          await gql(url, 'mutation { injectFailure(fault: MEMORY_WIPE) { detail } }', {}, token),
        ),
      ).toBe('OK');
      expect(codeOf(await gql(url, 'mutation { recover { rtoMs } }', {}, token))).toBe('OK');
    }
  });
});
