import { signFeedToken, signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import { CuttableBus } from './support/CuttableBus';
import { collect, EventClients, until } from './support/eventClients';
import {
  startFakeRepositorySubgraph,
  type FakeRepositorySubgraph,
} from './support/fakeRepositorySubgraph';
import type { TestIssues } from './startIssues';

/*
 * repositoryAccessChanges with the real permission source (the repository subgraph, here a fake):
 * the feed hears of a repository whenever this process drops or replaces what it knew of it.
 */

const JWT_SECRET = 'access-changes-feed-secret-0123456789';
const unique = Date.now().toString(36);
const bus = new CuttableBus();
const clients = new EventClients();
let fake: FakeRepositorySubgraph;
let server: IssuesServer;
let issues: TestIssues;

beforeAll(async () => {
  fake = await startFakeRepositorySubgraph(JWT_SECRET);
  server = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 4,
    jwtSecret: JWT_SECRET,
    logger: createLogger('access-changes-test', 'silent'),
    repositorySubgraphUrl: fake.url,
    pubsub: bus,
  });
  // Only what EventClients needs of a test server.
  issues = {
    url: `${server.url}/graphql`,
    token: (login: string) => signSessionToken(JWT_SECRET, login),
  } as TestIssues;
});
afterAll(async () => {
  await clients.disposeAll();
  await server?.close();
  await bus.close();
  await fake?.close();
});

async function readAs(login: string, repository: string): Promise<{ asked: boolean }> {
  const before = fake.calls();
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signSessionToken(JWT_SECRET, login)}`,
    },
    body: JSON.stringify({
      query: 'query($r: String!) { issues(repository: $r) { totalCount } }',
      variables: { r: repository },
    }),
  });
  const body = (await res.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  return { asked: fake.calls() > before };
}

it('tells the feed of facts first learnt and of facts forgotten when the bus may have lost a change', async () => {
  const changes = collect(
    clients.connect(issues, { raw: `Bearer ${signFeedToken(JWT_SECRET)}` }),
    'subscription { repositoryAccessChanges { repository } }',
  );
  await until(() => server.accessChanges.size === 1, 'the feed subscription');
  const repository = `alice/feed-${unique}`;
  fake.repositories.set(repository, { owner: 'alice', private: true, giteaId: 7 });
  const heard = () =>
    changes.results.filter((r) => r.data?.repositoryAccessChanges?.repository === repository)
      .length;

  // The first check records the facts (none were stored): the feed hears of it.
  await readAs('alice', repository);
  await until(() => heard() === 1, 'the recorded facts');
  // Learnt in memory once the bus is live: the owner's reads are then decided without a call.
  await until(async () => !(await readAs('alice', repository)).asked, 'a decision from memory');

  // The bus loses messages: everything held in memory is forgotten, and the feed hears of it.
  bus.cut = true;
  await until(() => heard() === 2, 'the forgotten facts');
  bus.cut = false;
  expect(changes.results.every((r) => !r.errors)).toBe(true);
  changes.stop();
});
