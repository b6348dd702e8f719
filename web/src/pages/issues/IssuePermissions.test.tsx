import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { RepositoryPermission } from '../../gql/graphql';
import { futureSession, graphqlError, renderRoute, type Handler } from '../../test/fakeGateway';
import { connection, repositoryHeader, user } from '../../test/permissionFixtures';

const created = '2026-01-10T10:00:00.000Z';

/** demo/hello#1 by bob; the viewer's rights as the issues subgraph answers them. */
function issueDetail(can: { update: boolean; close: boolean }, assignees: string[] = []) {
  return {
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
        commentCount: 0,
        viewerCanUpdate: can.update,
        viewerCanClose: can.close,
        author: { __typename: 'User', login: 'bob' },
        assignees: assignees.map((login) => ({ __typename: 'User', login })),
        labels: [],
        comments: {
          __typename: 'CommentConnection',
          totalCount: 0,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          nodes: [],
        },
      },
      labels: [{ __typename: 'Label', name: 'bug', color: 'd73a4a' }],
    },
  };
}

function gateway(
  permission: RepositoryPermission | 'UNAVAILABLE',
  can: { update: boolean; close: boolean },
  extra: Record<string, Handler> = {},
): Record<string, Handler> {
  return {
    RepositoryHeader: () =>
      permission === 'UNAVAILABLE'
        ? graphqlError('UPSTREAM_UNAVAILABLE')
        : repositoryHeader(permission),
    OpenIssueCount: () => ({ data: { issues: { __typename: 'IssueConnection', totalCount: 1 } } }),
    IssueEvents: () => new Subject(),
    IssueDetail: () => issueDetail(can),
    AssignableUsers: () => ({
      data: {
        repository: {
          __typename: 'Repository',
          fullName: 'demo/hello',
          assignableUsers: connection('UserConnection', [user('demo'), user('carol', 'Carol')]),
        },
      },
    }),
    ...extra,
  };
}

const controls = () => ({
  edit: screen.queryByRole('button', { name: 'Edit' }),
  close: screen.queryByRole('button', { name: 'Close issue' }),
  labels: screen.queryByRole('button', { name: 'Edit labels' }),
  assignees: screen.queryByRole('button', { name: 'Edit assignees' }),
});

describe('issue page controls per level', () => {
  const cases: {
    who: string;
    permission: RepositoryPermission | 'UNAVAILABLE';
    can: { update: boolean; close: boolean };
    session: boolean;
    expected: { edit: boolean; close: boolean; labels: boolean; assignees: boolean };
  }[] = [
    {
      who: 'anonymous on a public repository',
      permission: 'READ',
      can: { update: false, close: false },
      session: false,
      expected: { edit: false, close: false, labels: false, assignees: false },
    },
    {
      who: 'a READ collaborator, not the author',
      permission: 'READ',
      can: { update: false, close: false },
      session: true,
      expected: { edit: false, close: false, labels: false, assignees: false },
    },
    {
      who: 'the author with READ (edits, labels and closes their own issue; no assignees)',
      permission: 'READ',
      can: { update: true, close: true },
      session: true,
      expected: { edit: true, close: true, labels: true, assignees: false },
    },
    {
      who: 'a WRITE collaborator',
      permission: 'WRITE',
      can: { update: true, close: true },
      session: true,
      expected: { edit: true, close: true, labels: true, assignees: true },
    },
    {
      who: 'an ADMIN',
      permission: 'ADMIN',
      can: { update: true, close: true },
      session: true,
      expected: { edit: true, close: true, labels: true, assignees: true },
    },
    {
      who: 'a writer while the git host is down (level unknown: no assignee picker)',
      permission: 'UNAVAILABLE',
      can: { update: true, close: true },
      session: true,
      expected: { edit: true, close: true, labels: true, assignees: false },
    },
  ];

  it.each(cases)('$who', async ({ permission, can, session, expected }) => {
    renderRoute(
      '/demo/hello/issues/1',
      gateway(permission, can),
      session ? { session: futureSession } : {},
    );
    await screen.findByText('It crashes.');
    if (permission !== 'UNAVAILABLE') {
      // The level arrives with the repository header: its Code tab is rendered with it.
      await screen.findByText('Private');
    }
    await waitFor(() => {
      const found = controls();
      expect({
        edit: !!found.edit,
        close: !!found.close,
        labels: !!found.labels,
        assignees: !!found.assignees,
      }).toEqual(expected);
    });
  });
});

describe('assignees', () => {
  it('shows the assignees to everyone', async () => {
    renderRoute(
      '/demo/hello/issues/1',
      gateway(
        'READ',
        { update: false, close: false },
        {
          IssueDetail: () => issueDetail({ update: false, close: false }, ['demo', 'carol']),
        },
      ),
    );
    const list = await screen.findByRole('list', { name: 'Assigned to' });
    expect(
      within(list)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['demo', 'carol']);
  });

  it('assigns and unassigns from the assignable users, and shows FORBIDDEN', async () => {
    const sent: unknown[] = [];
    let answer: 'ok' | 'forbidden' = 'ok';
    renderRoute(
      '/demo/hello/issues/1',
      gateway(
        'WRITE',
        { update: true, close: true },
        {
          AssignIssue: (v) => {
            sent.push(v);
            if (answer === 'forbidden') {
              return graphqlError('FORBIDDEN', 'You need write access to assign');
            }
            return {
              data: {
                assignIssue: {
                  __typename: 'Issue',
                  id: 'issue-1',
                  updatedAt: created,
                  assignees: [{ __typename: 'User', login: 'carol' }],
                },
              },
            };
          },
          UnassignIssue: (v) => {
            sent.push(v);
            return {
              data: {
                unassignIssue: {
                  __typename: 'Issue',
                  id: 'issue-1',
                  updatedAt: created,
                  assignees: [],
                },
              },
            };
          },
        },
      ),
      { session: futureSession },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Edit assignees' }));
    const carol = await screen.findByRole('checkbox', { name: /carol/ });
    await userEvent.click(carol);
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: /carol/ })).toHaveProperty('checked', true),
    );
    expect(sent).toEqual([{ id: 'issue-1', login: 'carol' }]);

    await userEvent.click(screen.getByRole('checkbox', { name: /carol/ }));
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: /carol/ })).toHaveProperty('checked', false),
    );
    expect(sent.at(-1)).toEqual({ id: 'issue-1', login: 'carol' });

    answer = 'forbidden';
    await userEvent.click(screen.getByRole('checkbox', { name: /demo/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to do this.');
    expect(alert.textContent).toContain('(FORBIDDEN)');
    // The optimistic check is taken back.
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: /demo/ })).toHaveProperty('checked', false),
    );
  });
});

describe('issue list assignee filter', () => {
  it('filters by "Assigned to me" and by an assignable user, in the URL', async () => {
    const seen: Record<string, unknown>[] = [];
    renderRoute(
      '/demo/hello/issues',
      {
        ...gateway('READ', { update: false, close: false }),
        IssueList: (v) => {
          seen.push(v);
          const count = { __typename: 'IssueConnection', totalCount: 0 };
          return {
            data: {
              list: { ...connection('IssueConnection', []) },
              open: count,
              closed: count,
              labels: [],
            },
          };
        },
      },
      { session: futureSession },
    );
    const mine = await screen.findByRole('button', { name: 'Assigned to me', pressed: false });
    await userEvent.click(mine);
    await screen.findByRole('button', { name: 'Assigned to me', pressed: true });
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ assignee: 'alice' }));
    expect(await screen.findByText('No issues match these filters')).toBeTruthy();

    await screen.findByRole('option', { name: 'carol' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Assignee' }), 'carol');
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ assignee: 'carol' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Assignee' }), '');
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ assignee: null }));
  });
});
