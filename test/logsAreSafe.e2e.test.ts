import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySessionToken } from '@gitforge/auth';
import {
  freePorts,
  newDataDir,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
  runGit,
} from './support/platform';

/**
 * The whole system as `npm start` runs it, at LOG_LEVEL=debug: a request id sent by the client
 * comes back and is on the log lines of the gateway and the subgraph it reached, with the user
 * and the operation; git through the proxy logs the user and the git service down to the git
 * host; and no password, token or secret used along the way appears anywhere in the output.
 */

jest.setTimeout(5 * 60_000);

const nonce = randomBytes(6).toString('hex');
const PASSWORD = `Demo-pass-${nonce}`;
const WRONG_PASSWORD = `Wr0ng-pass-${nonce}`;
const REQUEST_ID = `logs-e2e-${nonce}`;

interface LogLine {
  /** The supervisor's prefix (`[gateway] `): the child that wrote it; `supervisor` otherwise. */
  source: string;
  json: Record<string, unknown>;
}

let supervisor: RunningSupervisor;
let dataDir: string;
let ports: Record<string, string>;
let url: string;
let output = '';
const work = mkdtempSync(join(tmpdir(), 'gitforge-logs-e2e-'));
const secrets: Record<string, string> = {};

const git = (args: string[], cwd = work) => runGit(work, args, cwd);

/** A GraphQL POST with our own request id; resolves with the body and the returned id. */
async function post(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<{ body: { data?: any; errors?: { extensions?: { code?: string } }[] }; id: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return { body: (await res.json()) as never, id: res.headers.get('x-request-id') ?? '' };
}

/** Every JSON line of the output, with the service that wrote it. */
function jsonLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    const match = /^(?:\[([\w-]+)\] )?(\{.*\})$/.exec(raw);
    if (!match) continue;
    try {
      lines.push({ source: match[1] ?? 'supervisor', json: JSON.parse(match[2]!) });
    } catch {
      // not a log line (e.g. a child printing JSON-looking text): checked below as text only
    }
  }
  return lines;
}

beforeAll(async () => {
  dataDir = newDataDir();
  ports = await freePorts();
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    GITFORGE_DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'debug',
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
  url = supervisor.graphqlUrl;

  // A failed login first (its password must not be logged either), then the real one.
  const LOGIN = `mutation SignIn($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
  const failed = await post(LOGIN, { u: 'demo', p: WRONG_PASSWORD }, {});
  expect(failed.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const login = await post(LOGIN, { u: 'demo', p: PASSWORD }, {});
  expect(login.body.errors).toBeUndefined();
  const token: string = login.body.data.login.token;
  const auth = { authorization: `Bearer ${token}` };

  const jwtSecret = readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim();
  const giteaToken = (await verifySessionToken(jwtSecret, token)).upstreamToken;
  expect(giteaToken).toBeTruthy();
  Object.assign(secrets, {
    'demo password': PASSWORD,
    'wrong password': WRONG_PASSWORD,
    'session JWT': token,
    'JWT signature': token.split('.')[2]!,
    'Gitea access token': giteaToken!,
    'JWT secret': jwtSecret,
    'webhook secret': readFileSync(join(dataDir, 'secrets', 'webhook-secret'), 'utf8').trim(),
    'githost admin token': readFileSync(
      join(dataDir, 'secrets', 'githost-admin-token'),
      'utf8',
    ).trim(),
    'Basic demo:password': Buffer.from(`demo:${PASSWORD}`).toString('base64'),
    'Basic demo:wrong password': Buffer.from(`demo:${WRONG_PASSWORD}`).toString('base64'),
  });

  // GraphQL with the client's request id: a query reaching the issues subgraph, and a mutation.
  const repository = await post(
    `mutation NewRepository($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName } }`,
    { i: { name: `logs-e2e-${nonce}`, private: true } },
    auth,
  );
  expect(repository.body.errors).toBeUndefined();
  const query = await post(
    `query RepositoryWithIssues { repository(owner: "demo", name: "hello") { fullName openIssueCount } }`,
    {},
    { ...auth, 'x-request-id': REQUEST_ID },
  );
  expect(query.body.errors).toBeUndefined();
  expect(query.id).toBe(REQUEST_ID);
  const created = await post(
    `mutation FileIssue($input: CreateIssueInput!) { createIssue(input: $input) { number } }`,
    { input: { repository: 'demo/hello', title: 'Logged safely' } },
    { ...auth, 'x-request-id': `${REQUEST_ID}-create` },
  );
  expect(created.body.errors).toBeUndefined();
  expect(created.id).toBe(`${REQUEST_ID}-create`);
  // Without an id of its own, the client still gets the one the gateway made up.
  const anonymous = await post(`{ __typename }`, {}, {});
  expect(anonymous.id).toMatch(/^[0-9a-f-]{36}$/);

  // git with the password in the URL, through the proxy, on a private repository (so that git
  // has to send it): clone the empty repository, commit, push, clone again.
  const remote = `http://demo:${PASSWORD}@127.0.0.1:${ports.GIT_PROXY_PORT}/git/demo/logs-e2e-${nonce}.git`;
  const clone = await git(['clone', remote, 'private']);
  expect(clone.code).toBe(0);
  const repo = join(work, 'private');
  writeFileSync(join(repo, 'README.md'), 'pushed with a password in the URL\n');
  expect((await git(['add', 'README.md'], repo)).code).toBe(0);
  expect((await git(['commit', '-m', 'First'], repo)).code).toBe(0);
  const push = await git(['push', 'origin', 'HEAD:main'], repo);
  expect(push.out).not.toMatch(/denied|fatal/i);
  expect(push.code).toBe(0);
  expect((await git(['clone', remote, 'again'])).code).toBe(0);
  // And a wrong password over git as well.
  const refused = await git([
    'ls-remote',
    `http://demo:${WRONG_PASSWORD}@127.0.0.1:${ports.GIT_PROXY_PORT}/git/demo/logs-e2e-${nonce}.git`,
  ]);
  expect(refused.code).not.toBe(0);

  // Stopping flushes every process's last lines into the output.
  expect(await stopSupervisor(supervisor)).toBe(0);
  output = supervisor.output();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

it('returns the request id and logs it at the gateway and the issues subgraph, with user and operation', () => {
  const lines = jsonLines(output).filter((l) => l.json.requestId === REQUEST_ID);
  const gateway = lines.filter((l) => l.source === 'gateway');
  const issues = lines.filter((l) => l.source === 'issues');
  expect(gateway.length).toBeGreaterThan(0);
  expect(issues.length).toBeGreaterThan(0);

  const gatewayAccess = gateway.find((l) => l.json.msg === 'request completed')?.json;
  expect(gatewayAccess).toMatchObject({
    level: 30,
    service: 'gateway',
    method: 'POST',
    route: '/graphql',
    status: 200,
    user: 'demo',
    operationName: 'RepositoryWithIssues',
  });
  expect(typeof gatewayAccess?.durationMs).toBe('number');

  // The gateway's subgraph fetch is named after the client's operation.
  const issuesAccess = issues.find((l) => l.json.msg === 'request completed')?.json;
  expect(issuesAccess).toMatchObject({ service: 'issues', route: '/graphql', user: 'demo' });
  expect(String(issuesAccess?.operationName)).toContain('RepositoryWithIssues');
  // The issues subgraph's own access check at the repository subgraph carries the same id.
  expect(
    lines.some(
      (l) =>
        l.source === 'repository' &&
        l.json.operationName === 'RepositoryAccess' &&
        l.json.user === 'demo',
    ),
  ).toBe(true);

  const create = jsonLines(output).filter(
    (l) => l.json.requestId === `${REQUEST_ID}-create` && l.json.msg === 'request completed',
  );
  expect(create.find((l) => l.source === 'gateway')?.json).toMatchObject({
    user: 'demo',
    operationName: 'FileIssue',
  });
  expect(create.find((l) => l.source === 'issues')?.json).toMatchObject({ user: 'demo' });
});

it('logs git through the proxy with the user and the git service, down to the git host', () => {
  const lines = jsonLines(output);
  const proxyAccess = lines.filter(
    (l) => l.source === 'git-proxy' && l.json.msg === 'request completed',
  );
  const push = proxyAccess.find(
    (l) =>
      l.json.operationName === 'git-receive-pack' &&
      l.json.method === 'POST' &&
      l.json.status === 200,
  )?.json;
  expect(push).toMatchObject({ user: 'demo', route: '/git' });
  expect(
    proxyAccess.some((l) => l.json.operationName === 'git-upload-pack' && l.json.user === 'demo'),
  ).toBe(true);
  // The same request id reached the git host, which authenticated the same user.
  const githost = lines.filter(
    (l) => l.source === 'githost' && l.json.requestId === push?.requestId,
  );
  expect(githost.length).toBeGreaterThan(0);
  expect(githost.some((l) => l.json.user === 'demo')).toBe(true);
  // The refused password is logged as a 401 without a user.
  expect(proxyAccess.some((l) => l.json.status === 401 && l.json.user === undefined)).toBe(true);
});

it('has level, service and time on every JSON line, and a request id on every request line', () => {
  const lines = jsonLines(output);
  expect(lines.length).toBeGreaterThan(50);
  const sources = new Set(lines.map((l) => l.source));
  for (const service of ['gateway', 'issues', 'repository', 'resilience', 'git-proxy', 'githost']) {
    expect(sources).toContain(service);
  }
  for (const { source, json } of lines) {
    expect({ source, json }).toMatchObject({
      json: { level: expect.any(Number), service: expect.any(String), time: expect.any(String) },
    });
    if (json.msg === 'request completed') {
      expect({ source, json }).toMatchObject({
        json: {
          requestId: expect.any(String),
          route: expect.any(String),
          status: expect.any(Number),
        },
      });
    }
  }
});

it('never writes a password, token or secret, anywhere in the output', () => {
  expect(Object.keys(secrets)).toHaveLength(10);
  for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(16);
  const leaks = Object.entries(secrets)
    .filter(([, value]) => output.includes(value))
    .map(([what]) => what);
  expect(leaks).toEqual([]);
});
