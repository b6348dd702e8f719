import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApolloClient, type ApolloSetup } from '../../apollo/createApolloClient';
import { startEventStreamServer, type EventStreamServer } from '../../test/eventStreamServer';
import {
  fakeFetch,
  graphqlError,
  renderRouteWith,
  type Call,
  type Handler,
} from '../../test/fakeGateway';

// The issue list with the real client and a real socket: the socket drops, an issue is opened
// meanwhile, the socket comes back.

const issue = (number: number, title: string) => ({
  __typename: 'Issue',
  id: `issue-${number}`,
  number,
  title,
  state: 'OPEN',
  stateReason: null,
  createdAt: new Date().toISOString(),
  commentCount: 0,
  author: { __typename: 'User', login: 'bob' },
  assignees: [],
  labels: [],
});

const count = (totalCount: number) => ({ __typename: 'IssueConnection', totalCount });

let server: EventStreamServer;
let setup: ApolloSetup;
let issues: ReturnType<typeof issue>[];
let calls: Call[];
/** While set, IssueList requests wait for it (a slow network). */
let issueListGate: Promise<void> | undefined;
/** IssueList requests sent (answered or still waiting). */
let issueListRequests: number;

const handlers: Record<string, Handler> = {
  RepositoryHeader: () => graphqlError('UPSTREAM_UNAVAILABLE', 'Gitea did not answer'),
  OpenIssueCount: () => ({ data: { issues: count(issues.length) } }),
  IssueList: () => ({
    data: {
      list: {
        __typename: 'IssueConnection',
        totalCount: issues.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes: issues,
      },
      open: count(issues.length),
      closed: count(0),
      labels: [],
    },
  }),
};

const issueListFetches = () => calls.filter((c) => c.operationName === 'IssueList').length;

/** The status region saying "Reconnecting…", if shown. */
const reconnecting = () =>
  screen.queryAllByRole('status').find((s) => /Reconnecting…/.test(s.textContent ?? ''));

beforeEach(async () => {
  server = await startEventStreamServer();
  issues = [issue(1, 'First')];
  calls = [];
  issueListGate = undefined;
  issueListRequests = 0;
  const answer = fakeFetch(handlers, calls);
  setup = createApolloClient({
    origin: server.origin,
    onSessionRejected: () => {},
    fetch: async (input, init) => {
      if (typeof init?.body === 'string' && init.body.includes('"operationName":"IssueList"')) {
        issueListRequests += 1;
        if (issueListGate) await issueListGate;
      }
      return answer(input, init);
    },
  });
});

afterEach(async () => {
  setup.dispose();
  await server.close();
});

async function openIssueList() {
  renderRouteWith('/demo/hello/issues', setup);
  expect(await screen.findByRole('link', { name: 'First' })).toBeTruthy();
  await waitFor(() => expect(server.live()).toBe(1), { timeout: 15_000 });
  expect(reconnecting()).toBeUndefined();
}

describe('IssueListPage across a network drop', { timeout: 30_000 }, () => {
  it('says "Reconnecting…" while the socket is down, then shows the issue opened meanwhile', async () => {
    await openIssueList();
    issues = [issue(2, 'Live'), ...issues];
    server.publish('Live', 2);
    expect(await screen.findByRole('link', { name: 'Live' })).toBeTruthy();

    server.drop();
    const notice = await screen.findByText(/Reconnecting…/, {}, { timeout: 15_000 });
    expect(notice.closest('[role="status"]')).toBeTruthy();
    issues = [issue(3, 'Opened while you were offline'), ...issues];
    server.publish('Opened while you were offline', 3);
    expect(screen.queryByRole('link', { name: 'Opened while you were offline' })).toBeNull();

    server.restore();
    // Replayed after the last event the page had (cursor 1), announced as it happened.
    expect(
      await screen.findByRole(
        'link',
        { name: 'Opened while you were offline' },
        { timeout: 15_000 },
      ),
    ).toBeTruthy();
    expect(screen.getByText(/bob opened #3 “Opened while you were offline”/)).toBeTruthy();
    expect(server.subscribes.map((s) => s.after)).toEqual([null, '1']);
    await waitFor(() => expect(reconnecting()).toBeUndefined());
  });

  it('reloads the list when the socket dropped before any event (nothing to resume after)', async () => {
    await openIssueList();
    const fetchesBefore = issueListFetches();

    server.drop();
    await screen.findByText(/Reconnecting…/, {}, { timeout: 15_000 });
    issues = [issue(2, 'Missed'), ...issues];
    server.publish('Missed', 2);
    server.restore();
    expect(await screen.findByRole('link', { name: 'Missed' }, { timeout: 15_000 })).toBeTruthy();
    expect(issueListFetches()).toBeGreaterThan(fetchesBefore);
    // The page reloaded as the new subscription went out (its arrival is not awaited).
    await waitFor(() => expect(server.subscribes.map((s) => s.after)).toEqual([null, null]));
    await waitFor(() => expect(reconnecting()).toBeUndefined());
  });

  it('reloads the list when the missed events are past retention (CURSOR_EXPIRED)', async () => {
    await openIssueList();
    issues = [issue(2, 'Seen live'), ...issues];
    server.publish('Seen live', 2);
    expect(await screen.findByRole('link', { name: 'Seen live' })).toBeTruthy();
    const fetchesBefore = issueListFetches();

    server.drop();
    await screen.findByText(/Reconnecting…/, {}, { timeout: 15_000 });
    issues = [issue(3, 'Gone from the event log'), ...issues];
    server.publish('Gone from the event log', 3);
    server.expireThrough(2);
    server.restore();

    // Not delivered as an event (expired): the page's queries are fetched again instead.
    expect(
      await screen.findByRole('link', { name: 'Gone from the event log' }, { timeout: 15_000 }),
    ).toBeTruthy();
    expect(issueListFetches()).toBeGreaterThan(fetchesBefore);
    await waitFor(() => expect(server.subscribes.map((s) => s.after)).toEqual([null, '1', null]));
    await waitFor(() => expect(reconnecting()).toBeUndefined());

    // And live again from there.
    issues = [issue(4, 'After the reload'), ...issues];
    server.publish('After the reload', 4);
    expect(
      await screen.findByRole('link', { name: 'After the reload' }, { timeout: 15_000 }),
    ).toBeTruthy();
  });

  it('refetches once per burst of replayed events, not once per event', async () => {
    await openIssueList();
    issues = [issue(2, 'Live'), ...issues];
    server.publish('Live', 2);
    expect(await screen.findByRole('link', { name: 'Live' })).toBeTruthy();

    server.drop();
    await screen.findByText(/Reconnecting…/, {}, { timeout: 15_000 });
    for (let number = 3; number <= 12; number += 1) {
      issues = [issue(number, `Missed ${number}`), ...issues];
      server.publish(`Missed ${number}`, number);
    }
    let openGate = () => {};
    issueListGate = new Promise((resolve) => (openGate = resolve));
    const requestsBefore = issueListRequests;
    server.restore();

    // All ten replayed (the last one announced) while the first refetch is still waiting.
    await screen.findByText(/bob opened #12 “Missed 12”/, {}, { timeout: 15_000 });
    expect(issueListRequests).toBe(requestsBefore + 1);
    // One more event while that refetch waits: it asks for one more refetch, after it.
    issues = [issue(13, 'During the refetch'), ...issues];
    server.publish('During the refetch', 13);
    await screen.findByText(/bob opened #13 “During the refetch”/, {}, { timeout: 15_000 });
    expect(issueListRequests).toBe(requestsBefore + 1);
    openGate();
    expect(await screen.findByRole('link', { name: 'During the refetch' })).toBeTruthy();
    await waitFor(() => expect(issueListRequests).toBe(requestsBefore + 2));
    expect(screen.getAllByRole('link', { name: /^Missed / })).toHaveLength(10);
  });
});
