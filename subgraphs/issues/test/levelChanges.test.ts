import { signFeedToken } from '@gitforge/auth';
import type { Counter } from 'prom-client';
import { collect, EventClients, until } from './support/eventClients';
import {
  codeOf,
  LEVELS_JWT_SECRET,
  newRepository,
  startLevelsStack,
  type LevelsStack,
} from './support/levelsStack';

/*
 * Issue 16: a change of membership or level takes effect at once. Levels learnt in memory decide
 * without asking while the bus is live; the repository's change message (published for every
 * collaborator, team or membership change) drops them, and the stored ones, before the next
 * request; live subscriptions follow (events withheld, the gateway's feed told).
 */

const clients = new EventClients();
let stack: LevelsStack;
beforeAll(async () => {
  stack = await startLevelsStack();
});
afterAll(async () => {
  await clients.disposeAll();
  await stack?.close();
});

const LIST = `query($r: String!) { issues(repository: $r) { nodes { number viewerCanClose } } }`;

/** What `login` gets listing the repository's issues, and whether the subgraph was asked. */
async function list(repository: string, login: string | null) {
  const before = stack.fake.calls();
  const res = await stack.gql(LIST, { r: repository }, login);
  return {
    code: codeOf(res),
    canClose: res.data?.issues?.nodes[0]?.viewerCanClose as boolean | undefined,
    asked: stack.fake.calls() > before,
  };
}

async function issueIn(repository: string, login = 'alice') {
  const res = await stack.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`,
    { i: { repository, title: `by ${login}` } },
    login,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createIssue as { id: string; number: number };
}

async function storedLogins(repository: string) {
  const rows = await stack.server.orm.em
    .fork()
    .execute<{ login: string }[]>(
      'select login from repository_permission_facts where repository = ? order by login',
      [repository.toLowerCase()],
    );
  return rows.map((row) => row.login);
}

it('a removed collaborator loses access at the very next request after the change message', async () => {
  const repository = newRepository(stack, true, { reader: 'READ', writer: 'WRITE' });
  const issue = await issueIn(repository);
  for (const login of ['reader', 'writer']) {
    await until(async () => !(await list(repository, login)).asked, `${login} from memory`);
  }
  expect(await list(repository, 'writer')).toEqual({
    code: undefined,
    canClose: true,
    asked: false,
  });
  expect(await storedLogins(repository)).toEqual(['alice', 'reader', 'writer']);

  // Removed in Gitea; until its message arrives, memory still answers (bounded by its max age).
  const levels = stack.fake.repositories.get(repository)!.levels!;
  delete levels.reader;
  levels.writer = 'READ';
  expect(await list(repository, 'reader')).toMatchObject({ code: undefined, asked: false });
  await stack.changed(repository);
  expect(await list(repository, 'reader')).toEqual({
    code: 'NOT_FOUND',
    canClose: undefined,
    asked: true,
  });
  expect(await list(repository, 'writer')).toEqual({
    code: undefined,
    canClose: false,
    asked: true,
  });
  const close = await stack.gql(
    `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
    { i: { id: issue.id } },
    'writer',
  );
  expect(codeOf(close)).toBe('FORBIDDEN');
  // The stored levels went with the message (the owner's too, who has not asked since): none
  // of them may answer for anyone while Gitea is down; each is stored again at the next check.
  await until(async () => !(await storedLogins(repository)).includes('alice'), 'levels dropped');
  expect(await storedLogins(repository)).not.toContain('reader');
});

it('subscriptions follow the levels: a READ collaborator gets events until removed', async () => {
  const repository = newRepository(stack, true, {});
  const SUBSCRIBE = `subscription($r: String!) { issueEvents(repository: $r) { action issue { title } } }`;
  const ACCESS = `query($r: String!) { issueEventsAccess(repository: $r) { readable public } }`;
  await issueIn(repository, 'alice');
  // Not a collaborator: refused.
  const refused = collect(clients.connect(stack.issues, { login: 'carol' }), SUBSCRIBE, {
    r: repository,
  });
  await refused.done;
  expect(
    refused.results[0]?.error?.[0]?.extensions?.code ??
      refused.results[0]?.errors?.[0]?.extensions?.code,
  ).toBe('NOT_FOUND');

  // Added as READ: the change message makes it count from the next request.
  stack.fake.repositories.get(repository)!.levels = { carol: 'READ' };
  await stack.changed(repository);
  expect((await stack.gql(ACCESS, { r: repository }, 'carol')).data.issueEventsAccess).toEqual({
    readable: true,
    public: false,
  });
  const feed = collect(
    clients.connect(stack.issues, { raw: `Bearer ${signFeedToken(LEVELS_JWT_SECRET)}` }),
    'subscription { repositoryAccessChanges { repository } }',
  );
  const carol = collect(clients.connect(stack.issues, { login: 'carol' }), SUBSCRIBE, {
    r: repository,
  });
  const owner = collect(clients.connect(stack.issues, { login: 'alice' }), SUBSCRIBE, {
    r: repository,
  });
  await until(() => stack.server.eventSubscriptions() >= 2, 'both subscriptions');
  await until(() => stack.server.accessChanges.size >= 1, 'the feed');
  await issueIn(repository, 'carol');
  await until(() => carol.events().length === 1 && owner.events().length === 1, 'the first event');

  // Removed: the feed hears of the repository, access says no, the next event is withheld.
  const withheld = stack.server.metrics.registry.getSingleMetric(
    'issues_events_withheld_total',
  ) as Counter;
  const withheldBefore = (await withheld.get()).values.reduce((n, v) => n + v.value, 0);
  delete stack.fake.repositories.get(repository)!.levels!.carol;
  await stack.changed(repository);
  await until(
    () => feed.results.some((r) => r.data?.repositoryAccessChanges?.repository === repository),
    'the feed to hear of it',
  );
  expect((await stack.gql(ACCESS, { r: repository }, 'carol')).data.issueEventsAccess).toEqual({
    readable: false,
    public: false,
  });
  await issueIn(repository, 'alice');
  await until(() => owner.events().length === 2, "the owner's second event");
  await until(
    async () => (await withheld.get()).values.reduce((n, v) => n + v.value, 0) > withheldBefore,
    "carol's event withheld",
  );
  expect(carol.events()).toEqual([{ action: 'CREATED', issue: { title: 'by carol' } }]);
  for (const c of [feed, carol, owner]) c.stop();
});
