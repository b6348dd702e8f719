import { FeedStack, stopWith, uniqueRepo, untilJoined, type Service } from './support/feedStack';
import {
  subscribeEvents,
  until,
  untilAllReceived,
  type EventSubscriber,
} from './support/eventClient';

/*
 * Issue 15 "Done when": resume across a client's network drop, a gateway restart and an issues
 * subgraph restart, with no gap and no duplicate. The services are the built processes, stopped
 * with real signals and started again on the same ports. A second issues process (same
 * database, same Redis) takes the mutations while the first one is down.
 */

jest.setTimeout(180_000);

/** Events the gateway keeps per feed for resuming clients (small: the ring overflows here). */
const RING = 4;
const stack = new FeedStack({ gatewayEnv: { SUBSCRIPTION_FEED_RING_SIZE: String(RING) } });
let issues: Service;
let writer: Service;
let gateway: Service;
const clients: EventSubscriber[] = [];

beforeAll(async () => {
  await stack.startRepository();
  issues = await stack.startIssues('issues');
  writer = await stack.startIssues('issues-writer');
  gateway = await stack.startGateway('gateway', { issues });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
});

async function subscribeAs(
  origin: string,
  repo: string,
  login: string | undefined,
  after?: string,
): Promise<EventSubscriber> {
  const client = subscribeEvents(origin, repo, {
    token: login === undefined ? undefined : await stack.token(login),
    after,
  });
  clients.push(client);
  return client;
}

async function create(origin: string, repo: string, titles: string[]): Promise<void> {
  for (const title of titles) await stack.createIssue(origin, repo, title);
}

/** The titles after (not including) `title`, as received. */
function titlesAfter(client: EventSubscriber, title: string): string[] {
  const titles = client.titles();
  const at = titles.indexOf(title);
  if (at < 0) throw new Error(`"${title}" was not received: ${JSON.stringify(titles)}`);
  return titles.slice(at + 1);
}

function expectNoDuplicates(client: EventSubscriber): void {
  const events = client.events();
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  expect(new Set(events.map((e) => e.cursor)).size).toBe(events.length);
}

it.each([
  ['its feed closed (a catch-up subscription upstream)', false, 3],
  ["its feed still open, the missed events in the feed's ring", true, 3],
  [
    'its feed still open, more missed than the ring holds (catch-up merged into the feed)',
    true,
    3 * RING,
  ],
])(
  'a client that drops off the network gets exactly the missed events, then live ones: %s',
  async (_case, companion, missedCount) => {
    const repo = uniqueRepo('alice');
    stack.rows.set(repo, { description: 'Dropped and back', private: false });
    const client = await subscribeAs(gateway.origin, repo, 'bob');
    // Another client keeps the feed open (or not) while this one is away.
    const others = companion ? [await subscribeAs(gateway.origin, repo, 'carol')] : [];
    await untilJoined(stack, gateway.origin, repo, [client, ...others]);
    await create(gateway.origin, repo, ['Seen 1', 'Seen 2']);
    await until(() => client.titles().includes('Seen 2'), 'the events before the drop');
    const cursor = client.lastCursor();
    expect(cursor).toBeDefined();

    client.drop();
    await until(() => client.ended(), 'the client to notice the drop');
    const missed = Array.from({ length: missedCount }, (_, i) => `Missed ${i}`);
    await create(gateway.origin, repo, missed);

    const back = await subscribeAs(gateway.origin, repo, 'bob', cursor);
    // Live events right away: they arrive while the replay is still running.
    const live = ['Live 1', 'Live 2', 'Live 3'];
    await create(gateway.origin, repo, live);
    await until(() => back.titles().includes('Live 3') || back.ended(), 'the live events');
    expect(back.errorCode()).toBeUndefined();
    expect(back.titles()).toEqual([...missed, ...live]);
    expectNoDuplicates(back);
    expect(back.events().every((e) => e.description === 'Dropped and back')).toBe(true);
    expect(back.ended()).toBe(false);
    for (const other of others) {
      expect(other.titles().slice(other.titles().indexOf('Seen 2') + 1)).toEqual([
        ...missed,
        ...live,
      ]);
    }
  },
);

it('a client resumes on a gateway restarted on the same port (SIGTERM) with no gap and no duplicate', async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Across a gateway restart', private: false });
  const client = await subscribeAs(gateway.origin, repo, undefined);
  await untilJoined(stack, gateway.origin, repo, [client]);
  await create(gateway.origin, repo, ['Before restart']);
  await until(() => client.titles().includes('Before restart'), 'the event before the restart');
  const cursor = client.lastCursor();

  await gateway.proc.stop(10_000);
  // Gracefully: by itself, within the 10 s before SIGKILL.
  expect({ code: gateway.proc.child.exitCode, signal: gateway.proc.child.signalCode }).toEqual({
    code: 0,
    signal: null,
  });
  await until(() => client.ended(), 'the client to see the gateway go away');
  // While no gateway runs, the issues subgraph takes the mutations directly.
  const missed = ['While down 1', 'While down 2', 'While down 3'];
  await create(issues.origin, repo, missed);

  gateway = await stack.startGateway('gateway-restarted', { issues, port: gateway.port });
  const back = await subscribeAs(gateway.origin, repo, undefined, cursor);
  const live = ['After restart 1', 'After restart 2'];
  await create(gateway.origin, repo, live);
  await until(
    () => back.titles().includes('After restart 2'),
    'the resumed client to get the live events',
  );
  expect(back.titles()).toEqual([...missed, ...live]);
  expectNoDuplicates(back);
  expect(back.ended()).toBe(false);
});

it.each(['SIGTERM', 'SIGKILL'] as const)(
  'clients stay connected across an issues subgraph restart (%s) and see every event exactly once',
  async (signal) => {
    const repo = uniqueRepo('alice');
    stack.rows.set(repo, { description: `Across an issues ${signal}`, private: false });
    const subscribers = [
      await subscribeAs(gateway.origin, repo, 'alice'),
      await subscribeAs(gateway.origin, repo, 'bob'),
      await subscribeAs(gateway.origin, repo, undefined),
    ];
    await untilJoined(stack, gateway.origin, repo, subscribers);
    await create(gateway.origin, repo, ['Before issues restart']);
    await until(
      () => subscribers.every((s) => s.titles().includes('Before issues restart')),
      'the event before the restart',
    );

    // Stop the gateway's issues process; the writer (same database) commits events meanwhile.
    await stopWith(issues, signal);
    const exit = { code: issues.proc.child.exitCode, signal: issues.proc.child.signalCode };
    const missed = ['During restart 1', 'During restart 2', 'During restart 3'];
    await create(writer.origin, repo, missed);
    issues = await stack.startIssues('issues-restarted', issues.port);

    const live = ['After issues restart 1', 'After issues restart 2'];
    await create(gateway.origin, repo, live);
    await untilAllReceived(
      subscribers,
      ['After issues restart 2'],
      `every client to get the events after the restart (the stopped process: ${JSON.stringify(exit)})`,
      30_000,
    );
    for (const subscriber of subscribers) {
      expect(subscriber.ended()).toBe(false);
      expect(titlesAfter(subscriber, 'Before issues restart')).toEqual([...missed, ...live]);
      expectNoDuplicates(subscriber);
    }
    // A SIGTERM is a graceful restart: the process ends by itself (no SIGKILL after 10 s, no
    // "shutdown took too long" exit 1).
    if (signal === 'SIGTERM') expect(exit).toEqual({ code: 0, signal: null });
  },
);

it('when the issues subgraph stays down past the retry budget, clients get UPSTREAM_UNAVAILABLE and resume from their cursor', async () => {
  // Its own issues process and a gateway that retries twice only (SUBSCRIPTION_RETRY_ATTEMPTS).
  let down = await stack.startIssues('issues-short');
  const impatient = await stack.startGateway('gateway-short-retry', {
    issues: down,
    env: { SUBSCRIPTION_RETRY_ATTEMPTS: '2' },
  });
  const repo = uniqueRepo('alice');
  const client = await subscribeAs(impatient.origin, repo, 'bob');
  await untilJoined(stack, impatient.origin, repo, [client]);
  const cursor = client.lastCursor()!;

  await stopWith(down, 'SIGKILL');
  await until(() => client.ended(), 'the client to be told', 30_000);
  expect(client.errorCode()).toBe('UPSTREAM_UNAVAILABLE');
  const missed = ['While unavailable 1', 'While unavailable 2'];
  await create(writer.origin, repo, missed);
  down = await stack.startIssues('issues-short-restarted', down.port);

  const back = await subscribeAs(impatient.origin, repo, 'bob', cursor);
  await create(impatient.origin, repo, ['Available again']);
  await untilAllReceived([back], ['Available again'], 'the resumed client');
  expect(back.titles()).toEqual([...missed, 'Available again']);
  expectNoDuplicates(back);

  // Access changes are followed again too: an outsider of a repository made private is ended.
  const other = uniqueRepo('alice');
  const outsider = await subscribeAs(impatient.origin, other, 'bob');
  await untilJoined(stack, impatient.origin, other, [outsider]);
  await stack.setVisibility(other, true);
  await until(() => outsider.ended(), 'the outsider to be ended', 5_000);
  expect(['NOT_FOUND', 'FORBIDDEN']).toContain(outsider.errorCode());
});
