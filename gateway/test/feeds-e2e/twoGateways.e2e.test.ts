import {
  FeedStack,
  uniqueRepo,
  untilJoined,
  upstreamSubscriptions,
  type Service,
} from './support/feedStack';
import {
  subscribeEvents,
  until,
  untilAllReceived,
  type EventSubscriber,
} from './support/eventClient';

/*
 * Issue 15 "Done when": two gateways with Redis. Two gateway processes, each in front of its own
 * issues process; both issues processes share the database and Redis. Mutations alternate
 * between the gateways (so both issues processes commit and publish); every client on either
 * gateway receives every event exactly once, in commit order, and each gateway holds one feed.
 */

jest.setTimeout(150_000);

const stack = new FeedStack();
const issues: Service[] = [];
const gateways: Service[] = [];
const clients: EventSubscriber[] = [];

beforeAll(async () => {
  await stack.startRepository();
  issues.push(await stack.startIssues('issues-1'), await stack.startIssues('issues-2'));
  for (const [i, replica] of issues.entries()) {
    gateways.push(await stack.startGateway(`gateway-${i + 1}`, { issues: replica }));
  }
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
});

it('clients on two gateways each get every event exactly once while mutations go to either', async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Two gateways', private: false });
  const before = await Promise.all(issues.map((i) => upstreamSubscriptions(i)));
  for (const gateway of gateways) {
    for (const login of ['alice', 'bob', undefined]) {
      clients.push(
        subscribeEvents(gateway.origin, repo, {
          token: login === undefined ? undefined : await stack.token(login),
        }),
      );
    }
  }
  // Probes through gateway 1 reach gateway 2's clients through Redis.
  const joined = await untilJoined(stack, gateways[0]!.origin, repo, clients);

  const titles = Array.from({ length: 12 }, (_, i) => `Event ${i}`);
  for (const [i, title] of titles.entries()) {
    await stack.createIssue(gateways[i % 2]!.origin, repo, title);
  }
  await untilAllReceived(clients, titles, 'every client to get the 12 events', 30_000);
  for (const client of clients) {
    const after = client.titles().slice(client.titles().indexOf(joined) + 1);
    // Each mutation returned after its commit: commit order is the order they were sent.
    expect(after).toEqual(titles);
    const events = client.events();
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(new Set(events.map((e) => e.cursor)).size).toBe(events.length);
    expect(client.ended()).toBe(false);
  }
  // The cursors are one stream: the same event has the same cursor on both gateways.
  const cursorsOn = (client: EventSubscriber) =>
    client
      .events()
      .filter((e) => titles.includes(e.title))
      .map((e) => e.cursor);
  expect(cursorsOn(clients[0]!)).toEqual(cursorsOn(clients[clients.length - 1]!));

  // One feed per gateway on its issues process (plus at most its access-changes subscription),
  // not one per client.
  for (const [i, replica] of issues.entries()) {
    const added = (await upstreamSubscriptions(replica)) - before[i]!;
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThanOrEqual(2);
  }
});

it('a client resumes on the other gateway with the cursor it got from the first', async () => {
  const repo = uniqueRepo('alice');
  const first = subscribeEvents(gateways[0]!.origin, repo, { token: await stack.token('bob') });
  clients.push(first);
  await untilJoined(stack, gateways[0]!.origin, repo, [first]);
  const cursor = first.lastCursor()!;
  await first.close();
  const missed = ['Missed 1', 'Missed 2'];
  for (const [i, title] of missed.entries()) {
    await stack.createIssue(gateways[i % 2]!.origin, repo, title);
  }
  const moved = subscribeEvents(gateways[1]!.origin, repo, {
    token: await stack.token('bob'),
    after: cursor,
  });
  clients.push(moved);
  await stack.createIssue(gateways[0]!.origin, repo, 'Live');
  await untilAllReceived([moved], ['Live'], 'the moved client to get the live event');
  expect(moved.titles()).toEqual([...missed, 'Live']);
});

it('a repository made private ends the outsiders on both gateways; the owner keeps receiving on both', async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Open on two gateways', private: false });
  const as = async (gateway: Service, login: string | undefined) => {
    const client = subscribeEvents(gateway.origin, repo, {
      token: login === undefined ? undefined : await stack.token(login),
    });
    clients.push(client);
    return client;
  };
  const owners = [await as(gateways[0]!, 'alice'), await as(gateways[1]!, 'alice')];
  const outsiders = [await as(gateways[0]!, 'bob'), await as(gateways[1]!, undefined)];
  await untilJoined(stack, gateways[1]!.origin, repo, [...owners, ...outsiders]);

  // The change reaches both issues processes through Redis; each tells its gateway.
  await stack.setVisibility(repo, true, 'Closed on two gateways');
  await until(
    () => outsiders.every((c) => c.ended()),
    'the outsiders on both gateways to get an error',
    5_000,
  );
  for (const outsider of outsiders) {
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(outsider.errorCode());
  }
  const secrets = ['Secret via 1', 'Secret via 2'];
  await stack.createIssue(gateways[0]!.origin, repo, secrets[0]!);
  await stack.createIssue(gateways[1]!.origin, repo, secrets[1]!);
  await untilAllReceived(owners, secrets, 'the owner to get the private events on both gateways');
  for (const outsider of outsiders) {
    expect(outsider.titles().filter((t) => t.startsWith('Secret'))).toEqual([]);
  }
  for (const owner of owners) {
    expect(owner.ended()).toBe(false);
    expect(owner.titles().slice(-2)).toEqual(secrets);
  }
});
