import { gql } from '@apollo/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IssueEventsDocument } from '../gql/graphql';
import { startEventStreamServer, type EventStreamServer } from '../test/eventStreamServer';
import { createApolloClient, type ApolloSetup } from './createApolloClient';

// Real sockets against a real graphql-ws server: the socket is dropped (server side, or by the
// browser going offline, or a ping left unanswered) while events happen, then let back in.

const until = (what: () => void) => vi.waitFor(what, { timeout: 15_000, interval: 20 });

let server: EventStreamServer;
let setup: ApolloSetup;
let queriesSent: number;

function start(options: Parameters<typeof createApolloClient>[0]['webSocket'] = {}) {
  queriesSent = 0;
  setup = createApolloClient({
    origin: server.origin,
    onSessionRejected: () => {},
    // Queries are answered here; the page's reload after CURSOR_EXPIRED is counted.
    fetch: async () => {
      queriesSent += 1;
      return new Response(JSON.stringify({ data: { ok: true } }), {
        headers: { 'content-type': 'application/json' },
      });
    },
    webSocket: options,
  });
  return setup;
}

/** Subscribes to demo/hello's issue events; the titles received, in order. */
function watchTitles(client = setup.client) {
  const titles: string[] = [];
  const errors: unknown[] = [];
  const subscription = client
    .subscribe({ query: IssueEventsDocument, variables: { repository: 'demo/hello' } })
    .subscribe({
      next: (result) => {
        if (result.data) titles.push(result.data.issueEvents.issue.title);
      },
      error: (error: unknown) => errors.push(error),
    });
  return { titles, errors, subscription };
}

beforeEach(async () => {
  server = await startEventStreamServer();
});

afterEach(async () => {
  setup?.dispose();
  await server.close();
});

// Wide margins: the machine is shared; every wait is on a condition.
describe('resumable subscriptions', { timeout: 30_000 }, () => {
  it('resume after a dropped socket with the events missed meanwhile, each once, in order', async () => {
    start();
    const { titles, errors } = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    server.publish('one');
    server.publish('two');
    await until(() => expect(titles).toEqual(['one', 'two']));
    expect(setup.connection.get()).toBe('online');

    server.drop();
    await until(() => expect(setup.connection.get()).toBe('reconnecting'));
    server.publish('three (while down)');
    server.publish('four (while down)');
    server.restore();

    await until(() =>
      expect(titles).toEqual(['one', 'two', 'three (while down)', 'four (while down)']),
    );
    expect(setup.connection.get()).toBe('online');
    // The first subscribe was live; the one after the drop resumed after event 2, and graphql-ws
    // did not also resend the original (a second, live-only subscription).
    expect(server.subscribes).toEqual([
      { repository: 'demo/hello', after: null },
      { repository: 'demo/hello', after: '2' },
    ]);
    expect(server.live()).toBe(1);

    server.publish('five');
    await until(() => expect(titles.at(-1)).toBe('five'));
    expect(titles).toHaveLength(5);
    expect(errors).toEqual([]);
  });

  it('resume from the newest cursor across several drops, also when the server repeats an event', async () => {
    start();
    server.overlapReplay(true);
    const { titles } = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    server.publish('a');
    await until(() => expect(titles).toEqual(['a']));

    for (const title of ['b', 'c']) {
      server.drop();
      await until(() => expect(setup.connection.get()).toBe('reconnecting'));
      server.publish(title);
      server.restore();
      await until(() => expect(titles.at(-1)).toBe(title));
    }
    // The server replayed the event at each cursor again: applied once.
    expect(titles).toEqual(['a', 'b', 'c']);
    expect(server.subscribes.map((s) => s.after)).toEqual([null, '1', '2']);
  });

  it('start again from live and reload the page when the cursor has expired', async () => {
    start();
    // An active query of the page: what CURSOR_EXPIRED must refetch.
    const page = setup.client
      .watchQuery({
        query: gql`
          query Page {
            ok
          }
        `,
        fetchPolicy: 'network-only',
      })
      .subscribe(() => {});
    await until(() => expect(queriesSent).toBe(1));
    const { titles, errors } = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    server.publish('kept');
    await until(() => expect(titles).toEqual(['kept']));

    server.drop();
    await until(() => expect(setup.connection.get()).toBe('reconnecting'));
    server.publish('missed');
    server.expireThrough(2);
    server.restore();

    await until(() => expect(server.subscribes.map((s) => s.after)).toEqual([null, '1', null]));
    await until(() => expect(queriesSent).toBe(2));
    expect(server.live()).toBe(1);
    server.publish('live again');
    await until(() => expect(titles).toEqual(['kept', 'live again']));
    // The expired stream is no error for the page: it reloads instead.
    expect(errors).toEqual([]);
    expect(setup.connection.get()).toBe('online');
    page.unsubscribe();
  });

  it('reload the page when the socket dropped before the first event (nothing to resume after)', async () => {
    start();
    const page = setup.client
      .watchQuery({
        query: gql`
          query Page {
            ok
          }
        `,
        fetchPolicy: 'network-only',
      })
      .subscribe(() => {});
    await until(() => expect(queriesSent).toBe(1));
    const { titles } = watchTitles();
    await until(() => expect(server.live()).toBe(1));

    server.drop();
    await until(() => expect(setup.connection.get()).toBe('reconnecting'));
    server.publish('missed, not replayable');
    server.restore();
    await until(() => expect(queriesSent).toBe(2));
    await until(() => expect(server.subscribes.map((s) => s.after)).toEqual([null, null]));
    server.publish('live');
    await until(() => expect(titles).toEqual(['live']));
    page.unsubscribe();
  });

  it('pass CURSOR_EXPIRED on when the page itself asked for that cursor', async () => {
    start();
    server.publish('old');
    server.expireThrough(1);
    const errors: unknown[] = [];
    setup.client
      .subscribe({
        query: IssueEventsDocument,
        variables: { repository: 'demo/hello', after: '1' },
      })
      .subscribe({ next: (r) => r.error && errors.push(r.error), error: (e) => errors.push(e) });
    await until(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toMatch(/older than retention/);
    expect(server.subscribes.map((s) => s.after)).toEqual(['1']);
    expect(queriesSent).toBe(0);
  });

  it('say "reconnecting" only while a subscription needs the socket', async () => {
    start();
    const { subscription } = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    subscription.unsubscribe();
    await until(() => expect(server.live()).toBe(0));
    server.drop();
    server.restore();
    // The socket is gone (lazily closed or dropped) with nothing to carry: no "Reconnecting…".
    expect(setup.connection.get()).toBe('online');

    const again = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    server.drop();
    await until(() => expect(setup.connection.get()).toBe('reconnecting'));
    again.subscription.unsubscribe();
    expect(setup.connection.get()).toBe('online');
  });

  it('drop the socket when the browser goes offline and resume as soon as it is back online', async () => {
    // Without the browser's `online` the next attempt would be a minute away.
    start({ retryBaseMs: 60_000 });
    const { titles } = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    server.publish('before');
    await until(() => expect(titles).toEqual(['before']));

    server.drop(); // the network is gone; the browser says so before TCP would notice
    window.dispatchEvent(new Event('offline'));
    expect(setup.connection.get()).toBe('reconnecting');
    server.publish('offline');
    server.restore();
    window.dispatchEvent(new Event('online'));
    await until(() => expect(titles).toEqual(['before', 'offline']));
    expect(setup.connection.get()).toBe('online');
  });

  it('take a socket whose pings get no pong for dead, and resume on a new one', async () => {
    start({ keepAliveMs: 100, pongTimeoutMs: 200 });
    const { titles } = watchTitles();
    await until(() => expect(server.live()).toBe(1));
    server.publish('first');
    await until(() => expect(titles).toEqual(['first']));

    server.answerPings(false);
    await until(() => expect(setup.connection.get()).toBe('reconnecting'));
    server.answerPings(true);
    server.publish('during');
    await until(() => expect(titles).toEqual(['first', 'during']));
    expect(server.subscribes.at(-1)?.after).toBe('1');
  });
});
