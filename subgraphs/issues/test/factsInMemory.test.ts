import { setTimeout as sleep } from 'node:timers/promises';
import { signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import { BusLiveness } from '../src/permissions/BusLiveness';
import { CuttableBus } from './support/CuttableBus';
import {
  startFakeRepositorySubgraph,
  type FakeRepositorySubgraph,
} from './support/fakeRepositorySubgraph';

/*
 * Issue 14 part 3: permission decisions from the repository facts held in memory (learnt from
 * the repository subgraph's answers), dropped at once by a change message, and not used while
 * the bus may be losing messages. The repository subgraph here is a fake that counts its calls,
 * so "decided from memory" is "answered without a call".
 */

const JWT_SECRET = 'facts-in-memory-test-secret-0123456789';
const unique = Date.now().toString(36);
const bus = new CuttableBus();
let fake: FakeRepositorySubgraph;
let server: IssuesServer;
const tokens = new Map<string, string>();

const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { number } }`;
const READ = `query($r: String!) {
  issues(repository: $r) { totalCount nodes { title viewerCanUpdate } }
}`;

async function gql(query: string, variables: Record<string, unknown>, login: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (login) {
    if (!tokens.has(login)) tokens.set(login, await signSessionToken(JWT_SECRET, login));
    headers.authorization = `Bearer ${tokens.get(login)}`;
  }
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

/** What `login` sees of the repository's issues, and whether the subgraph was asked for it. */
async function read(repository: string, login: string | null) {
  const before = fake.calls();
  const res = await gql(READ, { r: repository }, login);
  return {
    titles: res.data?.issues?.nodes.map((n: { title: string }) => n.title),
    canUpdate: res.data?.issues?.nodes[0]?.viewerCanUpdate,
    code: res.errors?.[0]?.extensions?.code,
    asked: fake.calls() > before,
  };
}

/** Waits for `check` to hold, polling; the deadline only bounds a failing test. */
async function until(check: () => Promise<boolean> | boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A repository in the fake, with one issue filed by its owner (the first check, learnt). */
async function repositoryWithIssue(name: string, isPrivate: boolean, collaborators?: string[]) {
  const repository = `alice/${name}-${unique}`;
  fake.repositories.set(repository, {
    owner: 'alice',
    private: isPrivate,
    giteaId: 1,
    collaborators,
  });
  const created = await gql(CREATE, { i: { repository, title: `In ${name}` } }, 'alice');
  expect(created.errors).toBeUndefined();
  // Learnt once the bus is live (heartbeats back): then the owner's reads ask nothing.
  await until(async () => !(await read(repository, 'alice')).asked, 'a decision from memory');
  return repository;
}

const change = (repository: string, isPrivate: boolean) =>
  bus.publish('repositories.changes', {
    action: 'updated',
    repository,
    owner: 'alice',
    private: isPrivate,
    at: new Date().toISOString(),
  });

beforeAll(async () => {
  fake = await startFakeRepositorySubgraph(JWT_SECRET);
  server = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 5,
    jwtSecret: JWT_SECRET,
    logger: createLogger('issues-test', 'silent'),
    repositorySubgraphUrl: fake.url,
    // A bus shared with the publisher of repository changes (here: this test).
    pubsub: bus,
  });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await bus.close();
});

it('public repository: owner, outsider and anonymous decided from memory, each rightly', async () => {
  const repository = await repositoryWithIssue('public', false);
  expect(await read(repository, 'alice')).toEqual({
    titles: ['In public'],
    canUpdate: true,
    code: undefined,
    asked: false,
  });
  // Anonymous needs no level (READ at most); bob's (viewerCanUpdate: is he a writer?) is asked
  // once, then decided from memory too.
  expect(await read(repository, null)).toEqual({
    titles: ['In public'],
    canUpdate: false,
    code: undefined,
    asked: false,
  });
  expect(await read(repository, 'bob')).toMatchObject({ canUpdate: false, asked: true });
  expect(await read(repository, 'bob')).toEqual({
    titles: ['In public'],
    canUpdate: false,
    code: undefined,
    asked: false,
  });
  // What the first check learnt is also kept in the database (the fallback when Gitea is down).
  const [stored] = await server.orm.em
    .fork()
    .execute<{ owner: string; private: boolean }[]>(
      'select owner, private from repository_facts where repository = ?',
      [repository.toLowerCase()],
    );
  expect(stored).toEqual({ owner: 'alice', private: false });
  // The heartbeat's listener is no issueEvents subscription.
  expect(server.eventSubscriptions()).toBe(0);
});

it('private repository: the owner from memory, anonymous refused from memory, others ask once', async () => {
  const repository = await repositoryWithIssue('private', true, ['carol']);
  expect(await read(repository, 'alice')).toMatchObject({ titles: ['In private'], asked: false });
  expect(await read(repository, null)).toMatchObject({ code: 'NOT_FOUND', asked: false });
  // Anyone else may be a collaborator, which only Gitea knows: asked, then their level (none
  // here) is held until a change message for the repository drops it.
  expect(await read(repository, 'bob')).toMatchObject({ code: 'NOT_FOUND', asked: true });
  expect(await read(repository, 'bob')).toMatchObject({ code: 'NOT_FOUND', asked: false });
  expect(await read(repository, 'carol')).toMatchObject({
    titles: ['In private'],
    canUpdate: false,
    asked: true,
  });
  expect(await read(repository, 'carol')).toMatchObject({ titles: ['In private'], asked: false });
});

it('a change message flips the decision at once', async () => {
  const repository = await repositoryWithIssue('flipped', false);
  expect(await read(repository, null)).toMatchObject({ titles: ['In flipped'], asked: false });
  // Made private in Gitea: until its change message arrives, memory still answers "public".
  fake.repositories.get(repository)!.private = true;
  expect(await read(repository, null)).toMatchObject({ titles: ['In flipped'], asked: false });
  await change(repository, true);
  expect(await read(repository, null)).toMatchObject({ code: 'NOT_FOUND' });
  expect(await read(repository, 'bob')).toMatchObject({ code: 'NOT_FOUND', asked: true });
  expect(await read(repository, 'alice')).toMatchObject({ titles: ['In flipped'] });
  // And back: public again for everyone, from the next request on.
  fake.repositories.get(repository)!.private = false;
  await change(repository, false);
  expect(await read(repository, 'bob')).toMatchObject({ titles: ['In flipped'], asked: true });
  expect(await read(repository, null)).toMatchObject({ titles: ['In flipped'], asked: false });
});

it('a deletion message: the repository is gone for everyone at once', async () => {
  const repository = await repositoryWithIssue('deleted', false);
  await read(repository, 'bob');
  expect(await read(repository, 'bob')).toMatchObject({ titles: ['In deleted'], asked: false });
  fake.repositories.delete(repository);
  await bus.publish('repositories.changes', {
    action: 'deleted',
    repository,
    at: new Date().toISOString(),
  });
  for (const login of ['alice', 'bob', null]) {
    expect(await read(repository, login)).toMatchObject({ code: 'NOT_FOUND', asked: true });
  }
});

it('while the bus loses messages nothing is decided from memory, and what was learnt is forgotten', async () => {
  const repository = await repositoryWithIssue('cut', false);
  bus.cut = true;
  // Within a few heartbeats every read asks again.
  await until(async () => (await read(repository, null)).asked, 'reads to ask again');
  // Made private while the bus is cut: its message is lost, the answer is Gitea's.
  fake.repositories.get(repository)!.private = true;
  await change(repository, true);
  expect(await read(repository, null)).toMatchObject({ code: 'NOT_FOUND', asked: true });
  bus.cut = false;
  // Back: the owner's facts are learnt again (private now); anonymous never sees "public".
  await until(async () => !(await read(repository, 'alice')).asked, 'memory again');
  expect(await read(repository, null)).toMatchObject({ code: 'NOT_FOUND', asked: false });
});

it('BusLiveness: a lost heartbeat forgets at once; live again from the next one', async () => {
  // A bus of its own: a message dropped here is one of its heartbeats, never the server's.
  const own = new CuttableBus();
  const lost: number[] = [];
  const liveness = new BusLiveness(own, { intervalMs: 20, onLost: () => lost.push(Date.now()) });
  liveness.start();
  try {
    await until(() => liveness.live(), 'live');
    expect(lost).toEqual([]);
    own.dropNext(1);
    await until(() => lost.length > 0, 'the gap to be noticed');
    await until(() => liveness.live(), 'live again');
    // Cut for good: not live once five heartbeats sent have not come back.
    own.cut = true;
    await until(() => !liveness.live(), 'not live while cut');
  } finally {
    await liveness.stop();
    await own.close();
  }
});
