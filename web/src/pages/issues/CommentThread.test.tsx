import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { futureSession, graphqlError, renderRoute, type Handler } from '../../test/fakeGateway';

const created = '2026-01-10T10:00:00.000Z';

/** What the API answers the viewer may do (by default: the viewer, alice, wrote it). */
interface Can {
  update: boolean;
  delete: boolean;
}

const comment = (
  id: string,
  login: string,
  body: string,
  updatedAt = created,
  can: Can = { update: login === 'alice', delete: login === 'alice' },
) => ({
  __typename: 'Comment',
  id,
  body,
  createdAt: created,
  updatedAt,
  viewerCanUpdate: can.update,
  viewerCanDelete: can.delete,
  author: { __typename: 'User', login },
});

type CommentNode = ReturnType<typeof comment>;

/** demo/hello#1 by demo, with the given comments; the viewer is alice unless told otherwise. */
function issueDetail(comments: CommentNode[]) {
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
  };
}

function gateway(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    RepositoryHeader: () => graphqlError('UPSTREAM_UNAVAILABLE'),
    OpenIssueCount: () => ({ data: { issues: { __typename: 'IssueConnection', totalCount: 1 } } }),
    IssueEvents: () => new Subject(),
    IssueDetail: () =>
      issueDetail([
        comment('c-alice', 'alice', 'First thoughts'),
        comment('c-bob', 'bob', 'Me too'),
      ]),
    ...extra,
  };
}

async function commentCard(text: string) {
  const body = await screen.findByText(text);
  const item = body.closest('li');
  if (!item) throw new Error(`no comment with ${text}`);
  return item;
}

const issueDetailCalls = (calls: { operationName: string | undefined }[]) =>
  calls.filter((c) => c.operationName === 'IssueDetail').length;

describe('comments on the issue page', () => {
  it('offers Edit and Delete only on comments the viewer may change', async () => {
    renderRoute('/demo/hello/issues/1', gateway(), { session: futureSession });
    const own = await commentCard('First thoughts');
    expect(within(own).getByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(within(own).getByRole('button', { name: 'Delete' })).toBeTruthy();
    const others = await commentCard('Me too');
    expect(within(others).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(others).queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('follows viewerCanUpdate and viewerCanDelete: WRITE changes anyone’s, anonymous none', async () => {
    const all = { update: true, delete: true };
    const writer = renderRoute(
      '/demo/hello/issues/1',
      gateway({
        IssueDetail: () =>
          issueDetail([
            comment('c-alice', 'alice', 'First thoughts', created, all),
            comment('c-bob', 'bob', 'Me too', created, all),
          ]),
      }),
      { session: { ...futureSession, login: 'demo' } },
    );
    const bobs = await commentCard('Me too');
    expect(within(bobs).getByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(within(bobs).getByRole('button', { name: 'Delete' })).toBeTruthy();
    writer.unmount();
    localStorage.clear();

    // Each flag alone: only its button.
    const deleteOnly = renderRoute(
      '/demo/hello/issues/1',
      gateway({
        IssueDetail: () =>
          issueDetail([
            comment('c-bob', 'bob', 'Me too', created, { update: false, delete: true }),
          ]),
      }),
      { session: futureSession },
    );
    const card = await commentCard('Me too');
    expect(within(card).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(card).getByRole('button', { name: 'Delete' })).toBeTruthy();
    deleteOnly.unmount();
    localStorage.clear();

    renderRoute(
      '/demo/hello/issues/1',
      gateway({
        IssueDetail: () =>
          issueDetail([
            comment('c-alice', 'alice', 'First thoughts', created, {
              update: false,
              delete: false,
            }),
          ]),
      }),
    );
    await commentCard('First thoughts');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('edits a comment in place from the mutation’s answer and marks it edited', async () => {
    const edits: unknown[] = [];
    const { calls } = renderRoute(
      '/demo/hello/issues/1',
      gateway({
        UpdateComment: (v) => {
          edits.push(v.input);
          return {
            data: {
              updateComment: comment(
                'c-alice',
                'alice',
                'Second thoughts',
                '2026-01-10T11:00:00.000Z',
              ),
            },
          };
        },
      }),
      { session: futureSession },
    );
    const card = await commentCard('First thoughts');
    expect(within(card).queryByText('edited')).toBeNull();
    await userEvent.click(within(card).getByRole('button', { name: 'Edit' }));
    const field = within(card).getByRole('textbox', { name: 'Comment' });
    expect(document.activeElement).toBe(field);

    await userEvent.clear(field);
    expect(within(card).getByText('A comment cannot be empty.')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);

    await userEvent.type(field, 'Second thoughts');
    await userEvent.click(within(card).getByRole('button', { name: 'Save' }));
    expect(await within(card).findByText('Second thoughts')).toBeTruthy();
    expect(within(card).getByText('edited')).toBeTruthy();
    expect(within(card).queryByRole('textbox')).toBeNull();
    expect(document.activeElement).toBe(within(card).getByRole('button', { name: 'Edit' }));
    expect(edits).toEqual([{ id: 'c-alice', body: 'Second thoughts' }]);
    expect(issueDetailCalls(calls)).toBe(1);
  });

  it('shows FORBIDDEN and validation errors inline and keeps the old body', async () => {
    let answer = graphqlError(
      'FORBIDDEN',
      'Only the author or the repository owner may change this comment',
    );
    renderRoute('/demo/hello/issues/1', gateway({ UpdateComment: () => answer }), {
      session: futureSession,
    });
    const card = await commentCard('First thoughts');
    await userEvent.click(within(card).getByRole('button', { name: 'Edit' }));
    const field = within(card).getByRole('textbox', { name: 'Comment' });
    await userEvent.type(field, ' and more');
    await userEvent.click(within(card).getByRole('button', { name: 'Save' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('Only the author or the repository owner');
    expect(alert.textContent).toContain('(FORBIDDEN)');
    expect(field).toHaveProperty('value', 'First thoughts and more');

    answer = {
      errors: [
        {
          message: 'body: must be at most 65536 bytes',
          extensions: { code: 'BAD_USER_INPUT', field: 'body' },
        },
      ],
      data: null,
    } as unknown as typeof answer;
    await userEvent.click(within(card).getByRole('button', { name: 'Save' }));
    await within(card).findByText(/must be at most 65536 bytes/);
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await userEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(await within(card).findByText('First thoughts')).toBeTruthy();
    expect(within(card).queryByText('edited')).toBeNull();
  });

  it('deletes a comment after confirming, and the count follows without a refetch', async () => {
    const { calls } = renderRoute(
      '/demo/hello/issues/1',
      gateway({
        DeleteComment: (v) => ({
          data: {
            deleteComment: {
              __typename: 'DeleteCommentPayload',
              id: (v.input as { id: string }).id,
              issue: {
                __typename: 'Issue',
                id: 'issue-1',
                commentCount: 1,
                updatedAt: '2026-01-10T12:00:00.000Z',
              },
            },
          },
        }),
      }),
      { session: futureSession },
    );
    const card = await commentCard('First thoughts');
    expect(screen.getByText(/2 comments/)).toBeTruthy();

    await userEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    const confirm = within(card).getByRole('group', { name: 'Confirm deleting this comment' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(within(card).queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(within(card).getByRole('button', { name: 'Delete' }));

    await userEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    await userEvent.click(within(card).getByRole('button', { name: 'Delete comment' }));
    await waitFor(() => expect(screen.queryByText('First thoughts')).toBeNull());
    expect(screen.getByText('Me too')).toBeTruthy();
    expect(screen.getByText(/1 comment\b/)).toBeTruthy();
    expect(issueDetailCalls(calls)).toBe(1);
  });

  it('keeps a comment it may not delete, and drops one already deleted elsewhere', async () => {
    let answer = graphqlError('FORBIDDEN', 'Only the author or the repository owner may change');
    renderRoute('/demo/hello/issues/1', gateway({ DeleteComment: () => answer }), {
      session: futureSession,
    });
    const card = await commentCard('First thoughts');
    await userEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    await userEvent.click(within(card).getByRole('button', { name: 'Delete comment' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('(FORBIDDEN)');
    expect(within(card).getByText('First thoughts')).toBeTruthy();

    answer = graphqlError('NOT_FOUND', 'Comment c-alice not found');
    await userEvent.click(within(card).getByRole('button', { name: 'Delete comment' }));
    await waitFor(() => expect(screen.queryByText('First thoughts')).toBeNull());
    expect(screen.getByText('That comment had already been deleted.').getAttribute('role')).toBe(
      'status',
    );
    expect(screen.getByText(/1 comment\b/)).toBeTruthy();
  });

  it('keeps the draft of an edit to a comment deleted meanwhile, then drops the comment', async () => {
    renderRoute(
      '/demo/hello/issues/1',
      gateway({ UpdateComment: () => graphqlError('NOT_FOUND', 'Comment c-alice not found') }),
      { session: futureSession },
    );
    const card = await commentCard('First thoughts');
    await userEvent.click(within(card).getByRole('button', { name: 'Edit' }));
    const field = within(card).getByRole('textbox', { name: 'Comment' });
    await userEvent.type(field, '!');
    await userEvent.click(within(card).getByRole('button', { name: 'Save' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('(NOT_FOUND)');
    expect(field).toHaveProperty('value', 'First thoughts!');
    expect(within(card).getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);

    await userEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByText('First thoughts')).toBeNull());
    expect(screen.getByText(/1 comment\b/)).toBeTruthy();
  });
});
