import { signFeedToken, type Viewer } from '@gitforge/auth';
import { InMemoryPubSub } from '@gitforge/pubsub';
import { REPOSITORY_CHANGES_CHANNEL } from '../src/permissions/repositoryChanges';
import type { OwnerRuleAccess } from '../src/services/repositoryAccess';
import { collect, EventClients, until } from './support/eventClients';
import { createIssueAs, JWT_SECRET, startIssues, uniqueRepo, type TestIssues } from './startIssues';

/** Private repositories here are readable by their owner and by carol (a collaborator). */
const privateRepos = new Set<string>();
const access: OwnerRuleAccess = {
  async canRead(viewer: Viewer | null, repository: string) {
    if (!privateRepos.has(repository)) return true;
    return viewer?.login === repository.split('/')[0] || viewer?.login === 'carol';
  },
  async isOwner(viewer: Viewer | null, repository: string) {
    return viewer?.login === repository.split('/')[0];
  },
};

const bus = new InMemoryPubSub();
let issues: TestIssues;
const clients = new EventClients();
const feed = { raw: `Bearer ${signFeedToken(JWT_SECRET)}` };
beforeAll(async () => {
  issues = await startIssues({ access, pubsub: bus });
});
afterAll(async () => {
  await clients.disposeAll();
  await issues?.close();
  await bus.close();
});

type Who = 'anonymous' | 'outsider' | 'reader' | 'feed';
const WHO: Record<Who, { login?: string; raw?: string } | undefined> = {
  anonymous: undefined,
  outsider: { login: 'mallory' },
  reader: { login: 'carol' },
  feed,
};
const gqlAs = (who: Who, query: string, variables?: Record<string, unknown>) =>
  issues.gql(query, variables, WHO[who]?.raw ? { raw: WHO[who].raw } : (WHO[who]?.login ?? null));
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) =>
  res.errors?.[0]?.extensions?.code;

const EVENTS = `subscription($repository: String!) {
  issueEvents(repository: $repository) { cursor repositoryPublic issue { title } }
}`;

it('issueEvents of a private repository: the reader and the feed token get them, others NOT_FOUND', async () => {
  const repo = uniqueRepo('alice');
  privateRepos.add(repo);
  const subs = Object.fromEntries(
    (Object.keys(WHO) as Who[]).map((who) => [
      who,
      collect(clients.connect(issues, WHO[who]), EVENTS, { repository: repo }),
    ]),
  );
  for (const who of ['anonymous', 'outsider'] as const) {
    await subs[who]!.done;
    expect(subs[who]!.results).toEqual([
      {
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
        ],
      },
    ]);
  }
  await until(() => issues.server.eventSubscriptions() === 2, 'the two allowed subscriptions');
  await createIssueAs(issues, repo, 'Secret');
  for (const who of ['reader', 'feed'] as const) {
    await until(() => subs[who]!.events().length === 1, `${who}'s event`);
    expect(subs[who]!.events()[0]).toMatchObject({
      repositoryPublic: false,
      issue: { title: 'Secret' },
    });
  }

  // The feed keeps getting every event when nobody may read the repository but its owner.
  privateRepos.delete(repo);
  await createIssueAs(issues, repo, 'Public now');
  await until(() => subs.feed!.events().length === 2, 'the public event');
  expect(subs.feed!.events()[1]).toMatchObject({ repositoryPublic: true });
  for (const sub of Object.values(subs)) sub.stop();
});

it('repositoryAccessChanges: FORBIDDEN but for the feed token, which hears every dropped repository', async () => {
  const query = 'subscription { repositoryAccessChanges { repository } }';
  for (const who of ['anonymous', 'outsider', 'reader'] as const) {
    const sub = collect(clients.connect(issues, WHO[who]), query);
    await sub.done;
    expect({ who, code: sub.results[0]?.errors?.[0]?.extensions?.code }).toEqual({
      who,
      code: 'FORBIDDEN',
    });
  }
  const changes = collect(clients.connect(issues, feed), query);
  await until(() => issues.server.accessChanges.size === 1, 'the feed subscription');
  const repo = uniqueRepo('alice');
  await bus.publish(REPOSITORY_CHANGES_CHANNEL, {
    action: 'updated',
    repository: repo,
    owner: 'alice',
    private: true,
    at: new Date().toISOString(),
  });
  await until(() => changes.results.length === 1, 'the access change');
  expect(changes.results[0]).toEqual({ data: { repositoryAccessChanges: { repository: repo } } });
  changes.stop();
  await until(() => issues.server.accessChanges.size === 0, 'the unsubscription');
});

it('issueEventsAccess answers about the caller; FORBIDDEN for the feed token', async () => {
  const repo = uniqueRepo('alice');
  privateRepos.add(repo);
  const publicRepo = uniqueRepo('alice');
  const query = 'query($r: String!) { issueEventsAccess(repository: $r) { readable public } }';
  const answers: Record<string, unknown> = {};
  for (const who of Object.keys(WHO) as Who[]) {
    const res = await gqlAs(who, query, { r: repo });
    answers[who] = res.data?.issueEventsAccess ?? codeOf(res);
  }
  expect(answers).toEqual({
    anonymous: { readable: false, public: false },
    outsider: { readable: false, public: false },
    reader: { readable: true, public: false },
    feed: 'FORBIDDEN',
  });
  const open = await gqlAs('anonymous', query, { r: publicRepo });
  expect(open.data.issueEventsAccess).toEqual({ readable: true, public: true });
  expect(codeOf(await gqlAs('outsider', query, { r: 'not a repository' }))).toBe('BAD_USER_INPUT');
});

it('refuses the feed token for mutations and other queries: it is not a user', async () => {
  const repo = uniqueRepo('alice');
  const created = await gqlAs(
    'feed',
    'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
    { i: { repository: repo, title: 'As the gateway' } },
  );
  expect(codeOf(created)).toBe('FORBIDDEN');
  expect(created.data?.createIssue ?? null).toBeNull();
  expect(codeOf(await gqlAs('feed', '{ issues(first: 1) { totalCount } }'))).toBe('FORBIDDEN');
  expect(codeOf(await gqlAs('feed', '{ labels(repository: "alice/x") { name } }'))).toBe(
    'FORBIDDEN',
  );
  // Nothing was written.
  const anonymous = await gqlAs(
    'anonymous',
    '{ issues(repository: "' + repo + '") { totalCount } }',
  );
  expect(anonymous.data.issues.totalCount).toBe(0);
  // The SDL stays readable (the gateway composes from it).
  const sdl = await gqlAs('feed', '{ _service { sdl } }');
  expect(sdl.data._service.sdl).toContain('repositoryAccessChanges');
});
