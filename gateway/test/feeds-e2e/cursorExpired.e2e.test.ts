import { FeedStack, uniqueRepo, untilJoined, type Service } from './support/feedStack';
import { subscribeEvents, until, type EventSubscriber } from './support/eventClient';

/*
 * Issue 15 "Done when": CURSOR_EXPIRED. The issues process keeps events for
 * ISSUE_EVENT_RETENTION_SECONDS and prunes every ISSUE_EVENT_PRUNE_INTERVAL_SECONDS; a client
 * resuming through the gateway from a cursor whose following events were pruned gets
 * CURSOR_EXPIRED instead of a silent gap. Malformed cursors and cursors of another repository
 * get BAD_USER_INPUT.
 */

jest.setTimeout(120_000);

const RETENTION_SECONDS = 6;
const stack = new FeedStack({
  issuesEnv: {
    ISSUE_EVENT_RETENTION_SECONDS: String(RETENTION_SECONDS),
    ISSUE_EVENT_PRUNE_INTERVAL_SECONDS: '1',
  },
});
let gateway: Service;
const clients: EventSubscriber[] = [];

beforeAll(async () => {
  await stack.startRepository();
  await stack.startIssues('issues');
  gateway = await stack.startGateway('gateway');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
});

async function resume(repo: string, after: string, login = 'bob'): Promise<EventSubscriber> {
  const client = subscribeEvents(gateway.origin, repo, { token: await stack.token(login), after });
  clients.push(client);
  return client;
}

/** Resumes from `cursor` every half second until one attempt gets CURSOR_EXPIRED. */
async function untilExpired(repo: string, cursor: string): Promise<EventSubscriber> {
  const deadline = Date.now() + (RETENTION_SECONDS + 30) * 1000;
  for (;;) {
    const attempt = await resume(repo, cursor);
    await until(() => attempt.ended() || attempt.titles().length > 0, 'an answer', 10_000);
    if (attempt.ended() && attempt.errorCode() === 'CURSOR_EXPIRED') return attempt;
    if (attempt.ended() && attempt.titles().length === 0) {
      throw new Error(
        `a resume ended with neither an event nor an error: ${JSON.stringify(attempt.sub.results)} (${attempt.sub.endedWith})`,
      );
    }
    // Not expired yet: it resumes correctly.
    expect(attempt.errorCode()).toBeUndefined();
    expect(attempt.titles()[0]).toBe('Old 2');
    await attempt.close();
    if (Date.now() > deadline) throw new Error('no CURSOR_EXPIRED long after the retention');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

it('a cursor whose next events are past retention gets CURSOR_EXPIRED; a recent one resumes', async () => {
  const repo = uniqueRepo('alice');
  const first = subscribeEvents(gateway.origin, repo, { token: await stack.token('bob') });
  clients.push(first);
  await untilJoined(stack, gateway.origin, repo, [first]);
  await stack.createIssue(gateway.origin, repo, 'Old 1');
  await stack.createIssue(gateway.origin, repo, 'Old 2');
  await until(() => first.titles().includes('Old 2'), 'the old events');
  const old = first.events().find((e) => e.title === 'Old 1')!.cursor;
  const createdAt = Date.now();
  await first.close();

  // Within retention: it resumes with the event after it.
  const early = await resume(repo, old);
  await until(() => early.titles().includes('Old 2') || early.ended(), 'the early resume');
  const earlyWithin = Date.now() - createdAt < RETENTION_SECONDS * 1000;
  if (earlyWithin) {
    expect(early.errorCode()).toBeUndefined();
    expect(early.titles()).toEqual(['Old 2']);
  } else {
    // Only a machine too slow to resume within the retention gets here.
    expect(early.errorCode()).toBe('CURSOR_EXPIRED');
  }
  await early.close();

  // Past retention (and a prune): CURSOR_EXPIRED, as an error ending the subscription.
  // Polled (one attempt per half second) until a prune has run past the retention.
  const expired = await untilExpired(repo, old);
  expect(Date.now() - createdAt).toBeGreaterThanOrEqual(RETENTION_SECONDS * 1000);
  expect(expired.ended()).toBe(true);
  expect(expired.events()).toEqual([]);
  const error = expired.sub.results.at(-1);
  const message = JSON.stringify(error);
  expect(message).toMatch(/retention/i);

  // Subscribing again without `after` (what the client does after reloading) works.
  const fresh = subscribeEvents(gateway.origin, repo, { token: await stack.token('bob') });
  clients.push(fresh);
  await untilJoined(stack, gateway.origin, repo, [fresh], 'After expiry');
  expect(fresh.ended()).toBe(false);
});

const viewers = [
  ['a reader of a public repository', 'bob', false],
  ['anonymous on a public repository', undefined, false],
  ['the owner of a private repository', 'alice', true],
] as const;

describe.each(viewers)('for %s', (_who, login, isPrivate) => {
  async function resumeAs(repo: string, after: string): Promise<EventSubscriber> {
    const client = subscribeEvents(gateway.origin, repo, {
      token: login === undefined ? undefined : await stack.token(login),
      after,
    });
    clients.push(client);
    return client;
  }

  it.each([
    ['malformed', 'not-a-cursor'],
    ['empty', ''],
  ])('a %s cursor gets BAD_USER_INPUT', async (_what, cursor) => {
    const repo = uniqueRepo('alice');
    stack.rows.set(repo, { description: 'Cursors', private: isPrivate });
    await stack.createIssue(gateway.origin, repo, 'Exists');
    const client = await resumeAs(repo, cursor);
    await until(() => client.ended(), 'the refusal');
    expect(client.errorCode()).toBe('BAD_USER_INPUT');
    expect(client.events()).toEqual([]);
  });

  it("a cursor of another repository's stream gets BAD_USER_INPUT", async () => {
    const source = uniqueRepo('alice');
    const target = uniqueRepo('alice');
    stack.rows.set(target, { description: 'Cursors', private: isPrivate });
    const watcher = subscribeEvents(gateway.origin, source, { token: await stack.token('bob') });
    clients.push(watcher);
    await untilJoined(stack, gateway.origin, source, [watcher]);
    await stack.createIssue(gateway.origin, target, 'In the target');
    const foreign = watcher.lastCursor()!;
    const client = await resumeAs(target, foreign);
    await until(() => client.ended(), 'the refusal');
    expect(client.errorCode()).toBe('BAD_USER_INPUT');
    expect(client.events()).toEqual([]);
  });
});

it("an outsider's cursor on a private repository gets NOT_FOUND, whatever the cursor", async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Secret', private: true });
  const owner = subscribeEvents(gateway.origin, repo, { token: await stack.token('alice') });
  clients.push(owner);
  await untilJoined(stack, gateway.origin, repo, [owner]);
  for (const login of ['bob', undefined]) {
    for (const cursor of [owner.lastCursor()!, 'not-a-cursor']) {
      const client = subscribeEvents(gateway.origin, repo, {
        token: login === undefined ? undefined : await stack.token(login),
        after: cursor,
      });
      clients.push(client);
      await until(() => client.ended(), 'the refusal');
      expect(client.errorCode()).toBe('NOT_FOUND');
      expect(client.events()).toEqual([]);
    }
  }
});
