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
 * Issue 15 "Done when": many clients of one feed share one upstream subscription, counted on
 * the issues subgraph (its issues_event_subscriptions gauge: the issueEvents subscriptions that
 * process serves).
 */

jest.setTimeout(120_000);

const stack = new FeedStack();
let issues: Service;
let gateway: Service;
const clients: EventSubscriber[] = [];

beforeAll(async () => {
  await stack.startRepository();
  issues = await stack.startIssues('issues');
  gateway = await stack.startGateway('gateway');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
});

it('20 clients of issueEvents(repository) through one gateway are one subscription on the issues subgraph', async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Shared by twenty', private: false });
  const before = await upstreamSubscriptions(issues);

  // The first client opens the feed.
  const logins = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `reader${i}` : undefined));
  const first = subscribeEvents(gateway.origin, repo, { token: await stack.token('reader0') });
  clients.push(first);
  await untilJoined(stack, gateway.origin, repo, [first], 'Opening');
  const withOne = await upstreamSubscriptions(issues);
  // One feed, plus at most the gateway's repositoryAccessChanges subscription.
  expect(withOne - before).toBeGreaterThanOrEqual(1);
  expect(withOne - before).toBeLessThanOrEqual(2);

  // 19 more: signed-in users (each a different identity) and anonymous clients.
  for (const login of logins.slice(1)) {
    const client = subscribeEvents(gateway.origin, repo, {
      token: login ? await stack.token(login) : undefined,
    });
    clients.push(client);
  }
  // Each has joined once it got an event.
  await untilJoined(stack, gateway.origin, repo, clients);
  expect(clients.every((c) => !c.ended())).toBe(true);

  // Upstream: still what one client needed.
  expect(await upstreamSubscriptions(issues)).toBe(withOne);

  // Every event reaches every client once, in order.
  const titles = ['A', 'B', 'C', 'D', 'E'].map((t) => `Shared ${t}`);
  for (const title of titles) await stack.createIssue(gateway.origin, repo, title);
  await untilAllReceived(clients, titles, 'every client to get the 5 events');
  for (const client of clients) {
    const shared = client.titles().filter((t) => t.startsWith('Shared'));
    expect(shared).toEqual(titles);
    const events = client.events();
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.description === 'Shared by twenty')).toBe(true);
  }
  expect(await upstreamSubscriptions(issues)).toBe(withOne);

  // The feed closes after its last client leaves.
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await until(
    async () => (await upstreamSubscriptions(issues)) <= before + (withOne - before - 1),
    'the feed to be closed on the issues subgraph',
    15_000,
  );
});
