import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import {
  chromiumPath,
  isolatedContext,
  launchChromium,
  screenshot,
  signIn,
  subscriptionStarted,
  type Browser,
} from './support/browser';
import { untilSubscribed } from './support/liveEvents';
import { sessionToken, startSystem, type RunningSystem } from './support/startSystem';

/**
 * Issue 15 in the browser: the issue list's WebSocket drops (the browser goes offline and the
 * socket is cut), an issue is opened meanwhile, the network comes back. The page says
 * "Reconnecting…" while down and then shows the missed issue, delivered once, because it
 * resubscribed with `after: <last cursor>`.
 *
 * Every graphql-ws frame goes through a Playwright WebSocket route (a pass-through proxy), so
 * the test can cut the socket like a network would, refuse new ones while "offline", and read
 * what was sent and received.
 */
let system: RunningSystem;
let browser: Browser;
let token: string;

beforeAll(async () => {
  chromiumPath();
  system = await startSystem();
  browser = await launchChromium();
  token = await sessionToken(system, 'demo', system.demoPassword);
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

async function createIssue(title: string): Promise<number> {
  const response = await fetch(`${system.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($input: CreateIssueInput!) { createIssue(input: $input) { number } }',
      variables: { input: { repository: 'demo/hello', title } },
    }),
  });
  const body = (await response.json()) as { data?: { createIssue: { number: number } } };
  if (!body.data) throw new Error(`createIssue failed: ${JSON.stringify(body)}`);
  return body.data.createIssue.number;
}

interface Frame {
  type?: string;
  payload?: {
    variables?: { after?: string | null };
    data?: { issueEvents?: { cursor?: string; issue?: { title?: string } } };
  };
}
const parse = (message: string | Buffer): Frame => JSON.parse(String(message)) as Frame;

describe('the issue list across a network drop', () => {
  it('says "Reconnecting…" while offline, then shows the issue opened meanwhile, once', async () => {
    const { context, blocked } = await isolatedContext(browser, system.baseUrl);
    let offline = false;
    /** Open proxied sockets: cutting one closes both its page side and its gateway side. */
    const open = new Map<WebSocketRoute, () => Promise<void>>();
    const sent: Frame[] = [];
    const received: Frame[] = [];
    await context.routeWebSocket(/\/graphql$/, (page) => {
      if (offline) {
        void page.close({ code: 1001, reason: 'offline' });
        return;
      }
      const server = page.connectToServer();
      let cut = false;
      open.set(page, async () => {
        cut = true;
        open.delete(page);
        await page.close({ code: 1001, reason: 'offline' });
        await server.close();
      });
      page.onMessage((message) => {
        if (cut) return;
        sent.push(parse(message));
        server.send(message);
      });
      // Only what reaches the page counts as received.
      server.onMessage((message) => {
        if (cut) return;
        received.push(parse(message));
        page.send(message);
      });
      page.onClose(() => open.delete(page));
      server.onClose(() => open.delete(page));
    });

    const page = await context.newPage();
    await signIn(page, system.baseUrl, 'demo', system.demoPassword);
    const subscribed = subscriptionStarted(page);
    await page.goto(`${system.baseUrl}/demo/hello/issues`);
    await subscribed;
    // The page's subscribe is sent; the event flows once the gateway's feed is open upstream too.
    await untilSubscribed(system, 'issueEvents', 1);
    // One event seen live first: the page then has a cursor to resume after.
    const before = `Before the drop ${Date.now().toString(36)}`;
    await createIssue(before);
    await page.getByRole('link', { name: before, exact: true }).waitFor({ timeout: 15_000 });
    const lastCursor = received.findLast((f) => f.payload?.data?.issueEvents?.cursor)?.payload?.data
      ?.issueEvents?.cursor;
    expect(lastCursor).toBeTruthy();

    // The network goes: the browser says so, the socket is cut, new ones are refused.
    offline = true;
    await context.setOffline(true);
    for (const cut of [...open.values()]) await cut();
    const reconnecting = page.getByRole('status').filter({ hasText: 'Reconnecting…' });
    await reconnecting.waitFor({ timeout: 15_000 });
    await screenshot(page, 'issues-reconnecting');

    const missed = `Opened while offline ${Date.now().toString(36)}`;
    const missedNumber = await createIssue(missed);
    const sentBeforeRestore = sent.length;

    offline = false;
    await context.setOffline(false);
    await page.getByRole('link', { name: missed, exact: true }).waitFor({ timeout: 30_000 });
    // Replayed as an event (announced), not only reloaded.
    await page.getByText(`demo opened #${missedNumber} “${missed}”`).waitFor();
    await reconnecting.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).count()).toBe(0);

    // The new socket resumed after the last cursor the page had.
    const resubscribes = sent.slice(sentBeforeRestore).filter((f) => f.type === 'subscribe');
    expect(resubscribes.map((f) => f.payload?.variables?.after)).toContain(lastCursor);
    // And the missed event reached the page once.
    const deliveries = received.filter(
      (f) => f.type === 'next' && f.payload?.data?.issueEvents?.issue?.title === missed,
    );
    expect(deliveries).toHaveLength(1);
    expect(await page.getByRole('link', { name: missed, exact: true }).count()).toBe(1);

    expect(blocked).toEqual([]);
    await context.close();
  });
});
