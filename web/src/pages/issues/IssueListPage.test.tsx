import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { graphqlError, renderRoute, type Handler } from '../../test/fakeGateway';

const issue = (number: number, title: string, state = 'OPEN') => ({
  __typename: 'Issue',
  id: `id-${number}`,
  number,
  title,
  state,
  stateReason: state === 'CLOSED' ? 'COMPLETED' : null,
  createdAt: new Date().toISOString(),
  commentCount: 0,
  author: { __typename: 'User', login: 'demo' },
  assignees: [] as { __typename: 'User'; login: string }[],
  labels: [{ __typename: 'Label', name: 'bug', color: 'd73a4a' }],
});

const count = (totalCount: number) => ({ __typename: 'IssueConnection', totalCount });

function issueList(issues: ReturnType<typeof issue>[], closed = 0) {
  return {
    data: {
      list: {
        __typename: 'IssueConnection',
        totalCount: issues.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null as string | null },
        nodes: issues,
      },
      open: count(issues.filter((i) => i.state === 'OPEN').length),
      closed: count(closed),
      labels: [
        { __typename: 'Label', name: 'bug', color: 'd73a4a' },
        { __typename: 'Label', name: 'ui', color: 'a2eeef' },
      ],
    },
  };
}

describe('IssueListPage', () => {
  it('keeps working while the git host is down, with tabs, counts and filters', async () => {
    const seen: Record<string, unknown>[] = [];
    const handlers: Record<string, Handler> = {
      RepositoryHeader: () => graphqlError('UPSTREAM_UNAVAILABLE', 'Gitea did not answer'),
      OpenIssueCount: () => ({ data: { issues: count(1) } }),
      IssueEvents: () => new Subject(),
      IssueList: (v) => {
        seen.push(v);
        return v.state === 'CLOSED'
          ? issueList([issue(2, 'Old crash', 'CLOSED')], 1)
          : issueList([issue(1, 'Crash on start')], 1);
      },
    };
    renderRoute('/demo/hello/issues', handlers);

    expect(await screen.findByText('Git host unavailable')).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Crash on start' })).toBeTruthy();
    const tabs = screen.getByRole('tablist', { name: 'Issue state' });
    expect(
      within(tabs)
        .getByRole('tab', { name: /Open\s+1/ })
        .getAttribute('aria-selected'),
    ).toBe('true');

    await userEvent.click(within(tabs).getByRole('tab', { name: /Closed\s+1/ }));
    expect(await screen.findByRole('link', { name: 'Old crash' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'bug', pressed: false }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search issues' }), 'crash{Enter}');
    await screen.findByRole('link', { name: 'Old crash' });
    expect(seen.at(-1)).toMatchObject({ state: 'CLOSED', labels: ['bug'], search: 'crash' });
  });

  it('shows issues opened by others live', async () => {
    const events = new Subject<{ data: Record<string, unknown> }>();
    let issues = [issue(1, 'First')];
    renderRoute('/demo/hello/issues', {
      RepositoryHeader: () => graphqlError('NOT_FOUND'),
      OpenIssueCount: () => ({ data: { issues: count(issues.length) } }),
      IssueEvents: () => events,
      IssueList: () => issueList(issues),
    });
    expect(await screen.findByRole('link', { name: 'First' })).toBeTruthy();

    issues = [issue(2, 'Second'), ...issues];
    act(() =>
      events.next({
        data: {
          issueEvents: {
            __typename: 'IssueEvent',
            id: 'e1',
            cursor: 'c1',
            action: 'CREATED',
            actor: { __typename: 'User', login: 'bob' },
            issue: { __typename: 'Issue', id: 'id-2', number: 2, title: 'Second', state: 'OPEN' },
            comment: null,
          },
        },
      }),
    );
    expect(await screen.findByRole('link', { name: 'Second' })).toBeTruthy();
    expect(screen.getByText(/bob opened #2 “Second”/)).toBeTruthy();
  });

  it('filters by several labels (all of them), from an old `?label=` link, and clears them', async () => {
    const seen: Record<string, unknown>[] = [];
    // An old single-label link keeps working.
    renderRoute('/demo/hello/issues?label=bug', {
      RepositoryHeader: () => graphqlError('NOT_FOUND'),
      OpenIssueCount: () => ({ data: { issues: count(1) } }),
      IssueEvents: () => new Subject(),
      IssueList: (v) => {
        seen.push(v);
        const list = issueList([issue(1, v.after ? 'Page two' : 'Crash on start')]);
        list.data.list.pageInfo = {
          __typename: 'PageInfo',
          hasNextPage: !v.after,
          endCursor: 'c1',
        };
        return list;
      },
    });
    const filter = await screen.findByRole('group', { name: 'Labels' });
    const chip = (name: string) => within(filter).getByRole('button', { name });
    expect(chip('bug').getAttribute('aria-pressed')).toBe('true');
    expect(chip('ui').getAttribute('aria-pressed')).toBe('false');
    expect(seen.at(-1)).toMatchObject({ labels: ['bug'] });
    expect(screen.getByText('Issues labelled bug')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next →' }));
    expect(await screen.findByRole('link', { name: 'Page two' })).toBeTruthy();

    // A second label: all of them, from the first page; the chips stay put and keep focus.
    await userEvent.click(chip('ui'));
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ labels: ['bug', 'ui'], after: null }));
    expect(await screen.findByText('Issues with all of bug and ui')).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Crash on start' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Labels' })).toBe(filter);
    expect(document.activeElement).toBe(chip('ui'));
    expect(chip('ui').getAttribute('aria-pressed')).toBe('true');

    await userEvent.click(chip('bug'));
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ labels: ['ui'] }));

    await userEvent.click(screen.getByRole('button', { name: 'Clear labels' }));
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ labels: null }));
    expect(screen.queryByRole('button', { name: 'Clear labels' })).toBeNull();
    expect(chip('bug').getAttribute('aria-pressed')).toBe('false');
  });
});
