import { resolve } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { freePort, graphql, JWT_SECRET } from './support/helpers';
import { startNodeProcess, waitUntilReady, type RunningProcess } from './support/childProcess';
import { repositoryModule, type RepositoryRow } from './support/repositoryModule';
import { uniqueRepo } from './support/startIssuesSubgraph';
import { TestSubgraph } from './support/testSubgraph';
import { collect, connectWs, until, type Collected, type WsConnection } from './support/wsClient';

/**
 * Fan-out across processes: two issues-subgraph processes and two gateway processes (the built
 * services, as deployed) share Redis. Mutations go through both gateways, so both replicas
 * publish; every subscriber, whichever gateway and replica it is on, gets each event once.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = resolve(__dirname, '../..');
const processes: RunningProcess[] = [];
const rows = new Map<string, RepositoryRow>();
const repos = new TestSubgraph(repositoryModule(rows), JWT_SECRET);
const gateways: string[] = [];
const issuesOrigins: string[] = [];
const connections: WsConnection[] = [];

jest.setTimeout(120_000);

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is set by the jest globalSetup');
  await repos.start();
  const shared = {
    GITFORGE_JWT_SECRET: JWT_SECRET,
    HOST: '127.0.0.1',
    REDIS_URL,
    NODE_ENV: 'test',
  };
  for (const replica of [1, 2]) {
    const port = await freePort();
    const proc = startNodeProcess(`issues-${replica}`, `${root}/subgraphs/issues/dist/main.js`, {
      ...shared,
      ISSUES_PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? '1' : '4',
      RUN_MIGRATIONS: 'false',
      REPOSITORY_SUBGRAPH_URL: repos.url,
    });
    processes.push(proc);
    issuesOrigins.push(`http://127.0.0.1:${port}`);
  }
  await Promise.all(
    issuesOrigins.map((origin, i) => waitUntilReady(`${origin}/health/ready`, processes[i]!)),
  );
  const gatewayProcesses: RunningProcess[] = [];
  for (const replica of [1, 2]) {
    const port = await freePort();
    const proc = startNodeProcess(`gateway-${replica}`, `${root}/gateway/dist/main.js`, {
      ...shared,
      GATEWAY_PORT: String(port),
      // Each gateway talks to its own issues replica; both share the repository subgraph.
      SUBGRAPH_URLS: `issues=${issuesOrigins[replica - 1]}/graphql,repository=${repos.url}`,
    });
    processes.push(proc);
    gatewayProcesses.push(proc);
    gateways.push(`http://127.0.0.1:${port}`);
  }
  await Promise.all(
    gateways.map((origin, i) => waitUntilReady(`${origin}/health/ready`, gatewayProcesses[i]!)),
  );
});

afterAll(async () => {
  await Promise.all(
    connections.map(async (c) => {
      await c.client.dispose();
    }),
  );
  await Promise.all(processes.map((p) => p.stop()));
  await repos.dispose();
});

async function subscriptionsOn(origin: string): Promise<number> {
  const res = await fetch(`${origin}/metrics`);
  const match = /^issues_event_subscriptions(?:\{[^}]*\})? (\d+)/m.exec(await res.text());
  return Number(match?.[1] ?? -1);
}

it('delivers each event exactly once, in order, to each subscriber across 2 subgraph and 2 gateway processes', async () => {
  const repo = uniqueRepo('alice');
  rows.set(repo, { description: 'Fan-out through Redis', private: false });
  const query = `subscription($r: String!) {
    issueEvents(repository: $r) { id action issue { title repository { description } } }
  }`;
  const subscribers: Collected[] = [];
  for (const gateway of gateways) {
    for (const login of ['bob', 'carol']) {
      const connection = connectWs(gateway, await signSessionToken(JWT_SECRET, login));
      connections.push(connection);
      subscribers.push(collect(connection.client, query, { r: repo }));
    }
  }
  // Each issues replica serves its gateway's one shared feed (both of its subscribers).
  for (const origin of issuesOrigins) {
    const deadline = Date.now() + 15_000;
    while ((await subscriptionsOn(origin)) !== 1) {
      if (Date.now() > deadline) throw new Error(`subscriptions not established on ${origin}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const token = await signSessionToken(JWT_SECRET, 'alice');
  const titles: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const title = `Event ${i}`;
    titles.push(title);
    // Alternate gateways, hence replicas: both processes publish.
    const res = await graphql(
      gateways[i % 2]!,
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
      { i: { repository: repo, title } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.body.errors).toBeUndefined();
  }

  // A last issue through each gateway marks the end: events reach a subscriber in publish order,
  // so a duplicate of an earlier one would be in before the markers (no fixed wait needed).
  for (const [i, gateway] of gateways.entries()) {
    const res = await graphql(
      gateway,
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
      { i: { repository: repo, title: `Marker ${i}` } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.body.errors).toBeUndefined();
  }
  const isMarker = (title: string | undefined) => title?.startsWith('Marker') === true;
  await until(
    () =>
      subscribers.every(
        (s) => s.results.filter((r) => isMarker(r.data?.issueEvents?.issue?.title)).length === 2,
      ),
    'every delivery',
    20_000,
  );
  for (const subscriber of subscribers) {
    const events = subscriber.results
      .map((r) => r.data.issueEvents)
      .filter((e) => !isMarker(e.issue.title));
    expect(events).toHaveLength(10);
    expect(new Set(events.map((e) => e.id)).size).toBe(10);
    // Each mutation returned after its event was published, so every subscriber sees them in order.
    expect(events.map((e) => e.issue.title)).toEqual(titles);
    for (const event of events) {
      expect(event.issue.repository).toEqual({ description: 'Fan-out through Redis' });
    }
  }
});
