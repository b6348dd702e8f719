import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/SessionProvider';
import { LabelBadge } from '../../components/LabelBadge';
import { LazyMarkdown } from '../../components/LazyMarkdown';
import { RelativeTime } from '../../components/RelativeTime';
import { ErrorState, InlineError, Loading } from '../../components/states';
import { graphql } from '../../gql';
import type { IssueClosedReason } from '../../gql/graphql';
import { issuesHref, signInHref } from '../../routes';
import { useRepositoryContext } from '../repo/RepositoryLayout';
import { IssueEventsSubscription } from './IssueListPage';
import { IssueStateBadge } from './IssueStateBadge';
import { LabelEditor } from './LabelEditor';

const IssueDetailQuery = graphql(`
  query IssueDetail($repository: String!, $number: Int!, $first: Int!, $after: String) {
    issue(repository: $repository, number: $number) {
      ...IssueFields
      comments(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          body
          createdAt
          author {
            login
          }
        }
      }
    }
    labels(repository: $repository) {
      name
      color
    }
  }
`);

export const IssueFieldsFragment = graphql(`
  fragment IssueFields on Issue {
    id
    number
    title
    body
    state
    stateReason
    createdAt
    updatedAt
    closedAt
    commentCount
    viewerCanUpdate
    author {
      login
    }
    labels {
      name
      color
    }
  }
`);

const UpdateIssueMutation = graphql(`
  mutation UpdateIssue($input: UpdateIssueInput!) {
    updateIssue(input: $input) {
      ...IssueFields
    }
  }
`);

const CloseIssueMutation = graphql(`
  mutation CloseIssue($input: CloseIssueInput!) {
    closeIssue(input: $input) {
      ...IssueFields
    }
  }
`);

const ReopenIssueMutation = graphql(`
  mutation ReopenIssue($input: ReopenIssueInput!) {
    reopenIssue(input: $input) {
      ...IssueFields
    }
  }
`);

const AddCommentMutation = graphql(`
  mutation AddComment($input: AddCommentInput!) {
    addComment(input: $input) {
      id
      body
      createdAt
      author {
        login
      }
    }
  }
`);

const COMMENT_PAGE = 50;

function EditIssueForm(props: { id: string; title: string; body: string; onDone: () => void }) {
  const [title, setTitle] = useState(props.title);
  const [body, setBody] = useState(props.body);
  const [update, { loading, error }] = useMutation(UpdateIssueMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ variables: { input: { id: props.id, title: title.trim(), body } } }).then(
      () => props.onDone(),
      () => undefined,
    );
  };
  return (
    <form onSubmit={submit} className="card space-y-3 p-4" aria-label="Edit issue">
      <div>
        <label htmlFor="edit-title" className="label">
          Title
        </label>
        <input
          id="edit-title"
          className="input"
          required
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="edit-body" className="label">
          Description
        </label>
        <textarea
          id="edit-body"
          className="input min-h-32"
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={loading}>
          Save
        </button>
        <button type="button" className="btn-secondary" onClick={props.onDone}>
          Cancel
        </button>
      </div>
      <InlineError error={error} />
    </form>
  );
}

function CloseReopen({ id, state }: { id: string; state: 'OPEN' | 'CLOSED' }) {
  const [reason, setReason] = useState<IssueClosedReason>('COMPLETED');
  const [close, closing] = useMutation(CloseIssueMutation);
  const [reopen, reopening] = useMutation(ReopenIssueMutation);
  if (state === 'CLOSED') {
    return (
      <div>
        <button
          type="button"
          className="btn-secondary"
          disabled={reopening.loading}
          onClick={() => void reopen({ variables: { input: { id } } }).catch(() => undefined)}
        >
          Reopen issue
        </button>
        <InlineError error={reopening.error} />
      </div>
    );
  }
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="close-reason" className="sr-only">
          Reason for closing
        </label>
        <select
          id="close-reason"
          className="input w-auto py-1"
          value={reason}
          onChange={(e) => setReason(e.target.value as IssueClosedReason)}
        >
          <option value="COMPLETED">Completed</option>
          <option value="NOT_PLANNED">Not planned</option>
        </select>
        <button
          type="button"
          className="btn-secondary"
          disabled={closing.loading}
          onClick={() =>
            void close({ variables: { input: { id, reason } } }).catch(() => undefined)
          }
        >
          Close issue
        </button>
      </div>
      <InlineError error={closing.error} />
    </div>
  );
}

function CommentForm({ issueId, onAdded }: { issueId: string; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [add, { loading, error }] = useMutation(AddCommentMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    add({ variables: { input: { issueId, body } } }).then(
      () => {
        setBody('');
        onAdded();
      },
      () => undefined,
    );
  };
  return (
    <form onSubmit={submit} className="card space-y-2 p-4">
      <label htmlFor="comment-body" className="label">
        Add a comment
      </label>
      <textarea
        id="comment-body"
        className="input min-h-24"
        placeholder="Markdown is supported"
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <button type="submit" className="btn-primary" disabled={loading || !body.trim()}>
        {loading ? 'Commenting…' : 'Comment'}
      </button>
      <InlineError error={error} />
    </form>
  );
}

export function IssuePage() {
  const { owner, name, fullName } = useRepositoryContext();
  const { session } = useSession();
  const issueNumber = Number(useParams().number);
  const [editing, setEditing] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(IssueDetailQuery, {
    variables: { repository: fullName, number: issueNumber, first: COMMENT_PAGE, after: null },
    skip: !Number.isInteger(issueNumber),
  });
  const issue = data?.issue;

  // Comments and state changes made by others appear live.
  useSubscription(IssueEventsSubscription, {
    variables: { repository: fullName },
    skip: !issue,
    onData: ({ data: event }) => {
      if (event.data?.issueEvents.issue.id === issue?.id) void refetch();
    },
  });

  if (!issue && loading) return <Loading label="Loading issue…" />;
  if (!issue || !data) {
    return (
      <ErrorState
        error={error}
        what="this issue"
        unavailableTitle="Issue tracker unavailable"
        onRetry={() => void refetch()}
      />
    );
  }
  const loadMore = () =>
    void fetchMore({
      variables: { after: issue.comments.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        issue: {
          ...previous.issue,
          comments: {
            ...fetchMoreResult.issue.comments,
            nodes: [...previous.issue.comments.nodes, ...fetchMoreResult.issue.comments.nodes],
          },
        },
      }),
    });

  return (
    <article aria-labelledby="issue-title">
      <p className="mb-2 text-sm">
        <Link className="link" to={issuesHref(owner, name)}>
          ← Issues
        </Link>
      </p>
      {editing ? (
        <EditIssueForm
          id={issue.id}
          title={issue.title}
          body={issue.body}
          onDone={() => setEditing(false)}
        />
      ) : (
        <header className="mb-4">
          <div className="flex flex-wrap items-start gap-2">
            <h2 id="issue-title" className="mr-auto text-2xl font-semibold break-words">
              {issue.title} <span className="font-normal text-slate-500">#{issue.number}</span>
            </h2>
            {issue.viewerCanUpdate && (
              <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <IssueStateBadge state={issue.state} stateReason={issue.stateReason} />
            <span>
              <strong>{issue.author.login}</strong> opened this issue{' '}
              <RelativeTime iso={issue.createdAt} /> · {issue.comments.totalCount}{' '}
              {issue.comments.totalCount === 1 ? 'comment' : 'comments'}
            </span>
          </div>
        </header>
      )}
      <div className="grid gap-6 md:grid-cols-[1fr_16rem]">
        <div className="min-w-0 space-y-4">
          <section className="card" aria-label="Description">
            <div className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm">
              <strong>{issue.author.login}</strong> <RelativeTime iso={issue.createdAt} />
            </div>
            <div className="p-4">
              {issue.body ? (
                <LazyMarkdown source={issue.body} />
              ) : (
                <p className="text-sm text-slate-500 italic">No description provided.</p>
              )}
            </div>
          </section>
          <ol className="space-y-4" aria-label="Comments">
            {issue.comments.nodes.map((comment) => (
              <li key={comment.id} className="card">
                <div className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm">
                  <strong>{comment.author.login}</strong> commented{' '}
                  <RelativeTime iso={comment.createdAt} />
                </div>
                <div className="p-4">
                  <LazyMarkdown source={comment.body} />
                </div>
              </li>
            ))}
          </ol>
          {issue.comments.pageInfo.hasNextPage && (
            <button type="button" className="btn-secondary" onClick={loadMore}>
              Load more comments
            </button>
          )}
          {session ? (
            <CommentForm issueId={issue.id} onAdded={() => void refetch()} />
          ) : (
            <p className="text-sm">
              <Link className="link" to={signInHref(`${issuesHref(owner, name)}/${issue.number}`)}>
                Sign in
              </Link>{' '}
              to comment.
            </p>
          )}
          {issue.viewerCanUpdate && <CloseReopen id={issue.id} state={issue.state} />}
        </div>
        <aside className="space-y-4" aria-label="Issue details">
          <LabelEditor
            issueId={issue.id}
            labels={issue.labels}
            available={data.labels}
            canEdit={issue.viewerCanUpdate}
          />
          {issue.labels.length > 0 && (
            <div className="flex flex-wrap gap-1 md:hidden">
              {issue.labels.map((label) => (
                <LabelBadge key={label.name} {...label} />
              ))}
            </div>
          )}
        </aside>
      </div>
    </article>
  );
}
