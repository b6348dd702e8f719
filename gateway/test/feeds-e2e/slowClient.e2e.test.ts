import { FeedStack, metric, uniqueRepo, untilJoined, type Service } from './support/feedStack';
import {
  rawSubscribe,
  subscribeEvents,
  until,
  type EventSubscriber,
  type RawSubscriber,
} from './support/eventClient';

/*
 * Issue 15 "Done when": a slow client does not delay a fast one. Both subscribe to the same
 * feed with the same selection (one audience: the result is computed and serialized once). The
 * slow one stops reading its TCP socket; events of 60 KB fill the kernel's buffers, then the
 * gateway's bounded per-client queue (SUBSCRIPTION_CLIENT_BUFFER, small here so the test needs
 * few events), and the gateway closes it with 4429. Meanwhile each event reaches the fast client
 * before the next one is even created.
 */

jest.setTimeout(180_000);

const SLOW_CLIENT_CLOSE = 4429;
const stack = new FeedStack({ gatewayEnv: { SUBSCRIPTION_CLIENT_BUFFER: '20' } });
let gateway: Service;
const clients: EventSubscriber[] = [];
let slow: RawSubscriber | undefined;

const WITH_BODY = /* GraphQL */ `
  subscription ($r: String!) {
    issueEvents(repository: $r) {
      id
      cursor
      issue {
        title
        body
        repository {
          description
        }
      }
    }
  }
`;

beforeAll(async () => {
  await stack.startRepository();
  await stack.startIssues('issues');
  gateway = await stack.startGateway('gateway');
});

afterAll(async () => {
  slow?.terminate();
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
});

it('a client that stops reading is closed with 4429 and never delays a fast one', async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Fast and slow', private: false });
  const fast = subscribeEvents(gateway.origin, repo, {
    token: await stack.token('bob'),
    query: WITH_BODY,
  });
  clients.push(fast);
  slow = await rawSubscribe(gateway.origin, WITH_BODY, { r: repo }, await stack.token('carol'));
  const slowClient = slow;
  await untilJoined(stack, gateway.origin, repo, [fast, slow]);
  const closesBefore =
    (await metric(gateway.origin, 'gateway_subscription_slow_client_closes_total')) ?? 0;

  slow.pause();
  const body = 'x'.repeat(60 * 1024);
  let closedAfter: number | undefined;
  // Each event is created only once the fast client has the previous one: a fast client held
  // up by the slow one would stop this loop (the wait fails) instead of merely slowing it.
  for (let i = 0; i < 600; i += 1) {
    const title = `Big ${i}`;
    await stack.createIssue(gateway.origin, repo, title, body);
    await until(() => fast.titles().includes(title), `the fast client to get "${title}"`, 10_000);
    const closes = await metric(gateway.origin, 'gateway_subscription_slow_client_closes_total');
    if ((closes ?? 0) > closesBefore) {
      closedAfter = i + 1;
      break;
    }
  }
  expect(closedAfter).toBeDefined();
  // The slow client reads again: it gets what the kernel held, then the close frame (the
  // gateway terminates a socket that does not read its close within a second).
  slow.resume();
  await until(() => slowClient.closeCode() !== undefined, 'the slow client to be closed', 10_000);
  expect(slowClient.closeCode()).toBe(SLOW_CLIENT_CLOSE);
  // What it missed was dropped, not delivered late.
  expect(slowClient.titles().filter((t) => t.startsWith('Big ')).length).toBeLessThan(closedAfter!);

  // The fast one goes on.
  await stack.createIssue(gateway.origin, repo, 'After the slow one', body);
  await until(() => fast.titles().includes('After the slow one'), 'the next event');
  expect(fast.ended()).toBe(false);
  const bigOnes = fast.titles().filter((t) => t.startsWith('Big '));
  expect(bigOnes).toEqual(Array.from({ length: closedAfter! }, (_, i) => `Big ${i}`));
  expect(fast.sub.results.every((r) => r.data?.issueEvents?.issue?.body !== undefined)).toBe(true);
});
