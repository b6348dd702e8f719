import { signFeedToken } from '@gitforge/auth';
import { graphql } from '../support/helpers';
import { collect, connectWs } from '../support/wsClient';
import { FeedStack, JWT_SECRET, uniqueRepo, untilJoined, type Service } from './support/feedStack';
import { errorCodeOf, subscribeEvents, until, type EventSubscriber } from './support/eventClient';

/*
 * Issue 15 "Done when": a private repository's events reach only allowed viewers, also right
 * after access is removed. Access is removed the platform's way: the repository subgraph (here
 * its stand-in) answers "private" and publishes the repository change on the bus, as it does
 * for Gitea's webhook; the issues processes drop their cached answers and tell the gateway.
 */

jest.setTimeout(120_000);

const stack = new FeedStack();
let gateway: Service;
let issues: Service;
const clients: EventSubscriber[] = [];

async function subscribeAs(repo: string, login?: string, after?: string): Promise<EventSubscriber> {
  const client = subscribeEvents(gateway.origin, repo, {
    token: login === undefined ? undefined : await stack.token(login),
    after,
  });
  clients.push(client);
  return client;
}

async function refusal(client: EventSubscriber): Promise<string | undefined> {
  await until(() => client.ended(), 'the subscription to be refused', 10_000);
  return client.errorCode();
}

beforeAll(async () => {
  await stack.startRepository();
  issues = await stack.startIssues('issues');
  gateway = await stack.startGateway('gateway');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
});

describe("a private repository's events", () => {
  const repo = uniqueRepo('alice');
  let owner: EventSubscriber;

  beforeAll(async () => {
    stack.rows.set(repo, { description: 'Owner eyes only', private: true });
    owner = await subscribeAs(repo, 'alice');
    await untilJoined(stack, gateway.origin, repo, [owner]);
  });

  it('reach the owner, with the fields of the other subgraph', async () => {
    await stack.createIssue(gateway.origin, repo, 'Secret 1');
    await until(() => owner.titles().includes('Secret 1'), 'the owner to get the event');
    const event = owner.events().find((e) => e.title === 'Secret 1')!;
    expect(event.description).toBe('Owner eyes only');
    expect(typeof event.cursor).toBe('string');
    expect(event.cursor.length).toBeGreaterThan(0);
  });

  it.each([
    ['an outsider', 'bob'],
    ['anonymous', undefined],
  ])(
    'are refused to %s at subscribe (NOT_FOUND), while the owner’s feed is open',
    async (_who, login) => {
      const client = await subscribeAs(repo, login);
      expect(await refusal(client)).toBe('NOT_FOUND');
      expect(client.events()).toEqual([]);
      // Also with a cursor of the owner's stream (the replay path).
      const withCursor = await subscribeAs(repo, login, owner.lastCursor());
      expect(await refusal(withCursor)).toBe('NOT_FOUND');
      expect(withCursor.events()).toEqual([]);
    },
  );

  it('are refused to a client presenting the gateway’s feed token (it is no session)', async () => {
    const connection = connectWs(gateway.origin, signFeedToken(JWT_SECRET));
    const sub = collect(
      connection.client,
      'subscription($r: String!) { issueEvents(repository: $r) { id } }',
      {
        r: repo,
      },
    );
    await sub.ended;
    // Refused as a bad credential (the connection closed with 4403) or as no session (NOT_FOUND).
    expect(['closed:4403', 'NOT_FOUND']).toContain(errorCodeOf(sub.results));
    expect(sub.results.filter((r) => r.data)).toEqual([]);
    await connection.client.dispose();
    const mutation = await graphql(
      gateway.origin,
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
      { i: { repository: repo, title: 'By the feed token' } },
      { authorization: `Bearer ${signFeedToken(JWT_SECRET)}` },
    );
    expect(mutation.body.errors?.[0]?.extensions?.code).toMatch(/^(UNAUTHENTICATED|NOT_FOUND)$/);
  });
});

describe('the internal contract fields', () => {
  it.each([
    ['repositoryAccessChanges', 'subscription { repositoryAccessChanges { repository } }'],
    [
      'IssueEvent.repositoryPublic',
      'subscription($r: String!) { issueEvents(repository: $r) { id repositoryPublic } }',
    ],
  ])('%s cannot be subscribed to through the gateway', async (_field, query) => {
    for (const login of ['alice', 'bob', undefined]) {
      const connection = connectWs(gateway.origin, login && (await stack.token(login)));
      const sub = collect(connection.client, query, { r: uniqueRepo('alice') });
      await sub.ended;
      expect(errorCodeOf(sub.results)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(sub.results.filter((r) => r.data)).toEqual([]);
      await connection.client.dispose();
    }
  });

  it('issueEventsAccess cannot be queried through the gateway', async () => {
    for (const login of ['alice', 'bob', undefined]) {
      const res = await graphql(
        gateway.origin,
        'query($r: String!) { issueEventsAccess(repository: $r) { readable public } }',
        { r: uniqueRepo('alice') },
        login ? { authorization: `Bearer ${await stack.token(login)}` } : {},
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body.data ?? undefined).toBeUndefined();
    }
  });
});

describe('a public repository made private', () => {
  it('ends the subscriptions of viewers who lost access within seconds, with no event after it', async () => {
    const repo = uniqueRepo('alice');
    stack.rows.set(repo, { description: 'Open for now', private: false });
    const owner = await subscribeAs(repo, 'alice');
    const bob = await subscribeAs(repo, 'bob');
    const anonymous = await subscribeAs(repo, undefined);
    await untilJoined(stack, gateway.origin, repo, [owner, bob, anonymous]);
    await stack.createIssue(gateway.origin, repo, 'Public 1');
    await until(
      () => [owner, bob, anonymous].every((c) => c.titles().includes('Public 1')),
      'everyone to get the public event',
    );

    const revokedAt = Date.now();
    await stack.setVisibility(repo, true, 'Closed now');
    // The issues subgraph has applied it once it refuses bob (its cached answer is gone).
    await until(
      async () => {
        const res = await graphql(
          issues.origin,
          'query($r: String!) { issues(repository: $r) { totalCount } }',
          { r: repo },
          { authorization: `Bearer ${await stack.token('bob')}` },
        );
        return res.body.errors?.[0]?.extensions?.code === 'NOT_FOUND';
      },
      'the issues subgraph to apply the change',
      10_000,
    );
    // An event committed now is private: the owner gets it, nobody else.
    await stack.createIssue(gateway.origin, repo, 'Private 1');

    await until(
      () => bob.ended() && anonymous.ended(),
      'the viewers who lost access to get an error',
      5_000,
    );
    const endedWithin = Date.now() - revokedAt;
    for (const viewer of [bob, anonymous]) {
      // An error (a result with errors, or an error message), then the end.
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(viewer.errorCode());
    }
    await until(() => owner.titles().includes('Private 1'), 'the owner to get the private event');
    await stack.createIssue(gateway.origin, repo, 'Private 2');
    await until(() => owner.titles().includes('Private 2'), 'the owner to get the next one');
    for (const viewer of [bob, anonymous]) {
      expect(viewer.titles().filter((t) => t.startsWith('Private'))).toEqual([]);
    }
    expect(owner.ended()).toBe(false);
    expect(owner.events().at(-1)?.description).toBe('Closed now');
    // And they cannot come back.
    expect(await refusal(await subscribeAs(repo, 'bob'))).toBe('NOT_FOUND');
    expect(await refusal(await subscribeAs(repo, undefined, owner.lastCursor()))).toBe('NOT_FOUND');
    expect(endedWithin).toBeLessThan(5_000);
  });
});
