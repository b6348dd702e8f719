import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApolloClient, type ApolloSetup } from '../../apollo/createApolloClient';
import { startEventStreamServer, type EventStreamServer } from '../../test/eventStreamServer';
import { fakeFetch, graphqlError, renderRouteWith, type Handler } from '../../test/fakeGateway';

// The issue page with the real client and a real socket: a comment made while the socket is
// down shows once it is back.

const created = '2026-01-10T10:00:00.000Z';
const comment = (id: string, body: string) => ({
  __typename: 'Comment',
  id,
  body,
  createdAt: created,
  updatedAt: created,
  author: { __typename: 'User', login: 'bob' },
  viewerCanUpdate: false,
  viewerCanDelete: false,
});

let server: EventStreamServer;
let setup: ApolloSetup;
let comments: ReturnType<typeof comment>[];

const handlers: Record<string, Handler> = {
  RepositoryHeader: () => graphqlError('UPSTREAM_UNAVAILABLE'),
  OpenIssueCount: () => ({ data: { issues: { __typename: 'IssueConnection', totalCount: 1 } } }),
  IssueDetail: () => ({
    data: {
      issue: {
        __typename: 'Issue',
        id: 'issue-1',
        number: 1,
        title: 'Crash on start',
        body: 'It crashes.',
        state: 'OPEN',
        stateReason: null,
        createdAt: created,
        updatedAt: created,
        closedAt: null,
        commentCount: comments.length,
        viewerCanUpdate: false,
        viewerCanClose: false,
        author: { __typename: 'User', login: 'demo' },
        assignees: [],
        labels: [],
        comments: {
          __typename: 'CommentConnection',
          totalCount: comments.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          nodes: comments,
        },
      },
      labels: [],
    },
  }),
};

const reconnecting = () =>
  screen.queryAllByRole('status').find((s) => /Reconnecting…/.test(s.textContent ?? ''));

beforeEach(async () => {
  server = await startEventStreamServer();
  comments = [];
  setup = createApolloClient({
    origin: server.origin,
    onSessionRejected: () => {},
    fetch: fakeFetch(handlers),
  });
});

afterEach(async () => {
  setup.dispose();
  await server.close();
});

describe('IssuePage across a network drop', { timeout: 30_000 }, () => {
  it('says "Reconnecting…" while the socket is down, then shows the comment made meanwhile', async () => {
    renderRouteWith('/demo/hello/issues/1', setup);
    await screen.findByRole('heading', { name: /Crash on start/ });
    await waitFor(() => expect(server.live()).toBe(1), { timeout: 15_000 });
    comments = [comment('c1', 'Seen live')];
    server.publish('Crash on start', 1);
    expect(await screen.findByText('Seen live')).toBeTruthy();
    expect(reconnecting()).toBeUndefined();

    server.drop();
    const notice = await screen.findByText(/Reconnecting…/, {}, { timeout: 15_000 });
    expect(notice.closest('[role="status"]')).toBeTruthy();
    comments = [...comments, comment('c2', 'Written while you were offline')];
    server.publish('Crash on start', 1);
    server.restore();

    expect(
      await screen.findByText('Written while you were offline', {}, { timeout: 15_000 }),
    ).toBeTruthy();
    expect(server.subscribes.map((s) => s.after)).toEqual([null, '1']);
    await waitFor(() => expect(reconnecting()).toBeUndefined());
  });
});
