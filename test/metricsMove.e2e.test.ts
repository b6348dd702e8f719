import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIssue,
  freePorts,
  gql,
  newDataDir,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
  runGit,
} from './support/platform';
import { has, scrape, sum, type Sample } from './support/prometheus';

/**
 * Operators watch `/metrics`: the whole system under the supervisor, a scrape of every service,
 * real traffic (GraphQL across the three subgraphs, a failing operation, a git clone through
 * the proxy, a fault and a recovery in the resilience layer), a second scrape, and every series
 * an operator's dashboard and alerts rely on must have moved by what the traffic did.
 */

jest.setTimeout(5 * 60_000);

const PASSWORD = 'demo-password-for-metrics-e2e';
const SERVICES = {
  gateway: 'GATEWAY_PORT',
  issues: 'ISSUES_PORT',
  repository: 'REPOSITORY_PORT',
  resilience: 'RESILIENCE_PORT',
  'git-proxy': 'GIT_PROXY_PORT',
  githost: 'GITHOST_PORT',
} as const;
type Service = keyof typeof SERVICES;

let supervisor: RunningSupervisor;
let ports: Record<string, string>;
let url: string;
let token: string;
const work = mkdtempSync(join(tmpdir(), 'gitforge-metrics-e2e-'));

beforeAll(async () => {
  ports = await freePorts();
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: newDataDir(),
    DATABASE_URL: process.env.DATABASE_URL,
    GITFORGE_DEMO_PASSWORD: PASSWORD,
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
  url = supervisor.graphqlUrl;
  const login = await gql<{ login: { token: string } }>(
    url,
    `mutation ($p: String!) { login(username: "demo", password: $p) { token } }`,
    { p: PASSWORD },
  );
  expect(login.errors).toBeUndefined();
  token = login.data!.login.token;
});

afterAll(async () => {
  if (supervisor) await stopSupervisor(supervisor);
  rmSync(work, { recursive: true, force: true });
});

async function scrapeAll(): Promise<Record<Service, Sample[]>> {
  const entries = await Promise.all(
    (Object.keys(SERVICES) as Service[]).map(
      async (service) =>
        [service, await scrape(`http://127.0.0.1:${ports[SERVICES[service]]}`)] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Service, Sample[]>;
}

const NESTED = `query Nested { repository(owner: "demo", name: "hello") {
  fullName cloneUrl openIssueCount issues(first: 5) { totalCount }
} resilience { state strategy } }`;

it('moves every service’s metrics when traffic flows', async () => {
  const before = await scrapeAll();

  // Traffic: a query across the three subgraphs, a mutation, an operation that fails
  // validation, a clone through the git proxy, and a fault the resilience layer recovers from.
  const nested = await gql<{ repository: { cloneUrl: string } }>(url, NESTED, {}, token);
  expect(nested.errors).toBeUndefined();
  await createIssue(url, token, 'demo/hello', 'metrics move');
  const invalid = await gql(url, 'query Broken { noSuchField }', {}, token);
  expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  const failing = await gql(
    url,
    'mutation Failing { createIssue(input: { repository: "demo/no-such-repository", title: "x" }) { id } }',
    {},
    token,
  );
  expect(failing.errors).toHaveLength(1);
  expect(
    (await runGit(work, ['clone', '--quiet', nested.data!.repository.cloneUrl, 'clone'])).code,
  ).toBe(0);
  const resilience = async (query: string, variables: Record<string, unknown> = {}) => {
    const result = await gql<Record<string, unknown>>(url, query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  await resilience('mutation { switchStrategy(kind: BASELINE) { to } }');
  await resilience('mutation($e: [KvInput!]!) { storeBatch(entries: $e) { count } }', {
    e: Array.from({ length: 20 }, (_, i) => ({ key: `metrics-${i}`, value: `v${i}` })),
  });
  await resilience('mutation { injectFailure(fault: MEMORY_WIPE) { detail } }');
  const recovered = await resilience('mutation { recover { acknowledgedWritesLost } }');
  expect(recovered.recover).toEqual({ acknowledgedWritesLost: 20 });
  await resilience('mutation { switchStrategy(kind: SQL) { to } }');
  await resilience('mutation { store(key: "metrics-sql", value: "v") { key } }');

  const after = await scrapeAll();
  const moved = (service: Service, name: string, labels: Record<string, string> = {}) =>
    sum(after[service], name, labels) - sum(before[service], name, labels);

  const notProbe = (s: Sample) => !/^\/(health|metrics)/.test(s.labels.route ?? '');
  for (const service of Object.keys(SERVICES) as Service[]) {
    const served = (name: string) =>
      sum(after[service], name, {}, notProbe) - sum(before[service], name, {}, notProbe);
    // Every service served real requests (not only probes and scrapes), each labelled with its
    // own name and a bounded route template.
    expect([service, served('http_requests_total') > 0]).toEqual([service, true]);
    expect([service, served('http_request_duration_seconds_count') > 0]).toEqual([service, true]);
    expect(has(after[service], 'http_requests_in_flight', { service })).toBe(true);
    expect(has(after[service], 'process_cpu_user_seconds_total', { service })).toBe(true);
    for (const s of after[service].filter((x) => x.name === 'http_requests_total')) {
      expect(s.labels.route).toMatch(/^(\/[a-z0-9/{}*:._-]*|unmatched)$/i);
      expect(s.labels.route).not.toMatch(/demo|hello|metrics-\d/);
    }
  }

  // Gateway: operations by type and outcome, and the calls to each subgraph.
  expect(
    moved('gateway', 'graphql_operations_total', {
      operation_type: 'query',
      operation_name: 'Nested',
      outcome: 'success',
    }),
  ).toBe(1);
  expect(
    moved('gateway', 'graphql_operations_total', {
      operation_type: 'mutation',
      outcome: 'success',
    }),
  ).toBeGreaterThanOrEqual(5);
  expect(
    moved('gateway', 'graphql_operations_total', { operation_name: 'Failing', outcome: 'error' }),
  ).toBe(1);
  expect(
    moved('gateway', 'graphql_operations_total', { operation_name: 'none', outcome: 'rejected' }),
  ).toBe(1);
  for (const subgraph of ['issues', 'repository', 'resilience']) {
    expect([
      subgraph,
      moved('gateway', 'subgraph_request_duration_seconds_count', { subgraph }) > 0,
    ]).toEqual([subgraph, true]);
  }

  // Issues: the pool is sampled at scrape time.
  expect(has(after.issues, 'database_connections', { state: 'used' })).toBe(true);
  expect(sum(after.issues, 'database_connections')).toBeGreaterThan(0);

  // Resilience: the SQL strategy's pool.
  expect(sum(after.resilience, 'database_connections')).toBeGreaterThan(0);

  // Repository: calls to the git host, and the breaker around them, closed.
  expect(moved('repository', 'gitea_request_duration_seconds_count')).toBeGreaterThan(0);
  expect(sum(after.repository, 'circuit_breaker_state', { breaker: 'gitea' })).toBe(0);

  // Git proxy and git host: the clone's bytes and operations, on both sides of the proxy.
  expect(moved('git-proxy', 'git_proxy_bytes_total', { direction: 'to_client' })).toBeGreaterThan(
    1000,
  );
  expect(moved('git-proxy', 'git_proxy_bytes_total', { direction: 'to_upstream' })).toBeGreaterThan(
    0,
  );
  expect(
    moved('git-proxy', 'git_proxy_operations_total', { service: 'git-upload-pack', outcome: 'ok' }),
  ).toBeGreaterThanOrEqual(2);
  expect(moved('git-proxy', 'git_proxy_request_duration_seconds_count')).toBeGreaterThanOrEqual(2);
  expect(moved('githost', 'githost_git_requests_total')).toBeGreaterThanOrEqual(2);
  expect(moved('githost', 'githost_git_bytes_sent_total')).toBeGreaterThan(1000);

  // Resilience: the recovery's duration and the writes BASELINE lost, by strategy.
  expect(moved('resilience', 'resilience_writes_total', { strategy: 'BASELINE' })).toBe(20);
  expect(moved('resilience', 'resilience_recovery_seconds_count', { strategy: 'BASELINE' })).toBe(
    1,
  );
  expect(
    moved('resilience', 'resilience_acknowledged_writes_lost_total', { strategy: 'BASELINE' }),
  ).toBe(20);
  expect(
    moved('resilience', 'resilience_faults_injected_total', {
      strategy: 'BASELINE',
      fault: 'MEMORY_WIPE',
    }),
  ).toBe(1);
});
