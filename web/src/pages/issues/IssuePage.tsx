import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../auth/SessionProvider';
import { LabelBadge } from '../../components/LabelBadge';
import { LazyMarkdown } from '../../components/LazyMarkdown';
import { ReconnectingNotice } from '../../components/ReconnectingNotice';
import { RelativeTime } from '../../components/RelativeTime';
import { ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { issuesHref, signInHref } from '../../routes';
import { useRepositoryContext } from '../repo/RepositoryLayout';
import { atLeast } from '../settings/permissionLevels';
import { AssigneePicker } from './AssigneePicker';
import { CloseReopen } from './CloseReopen';
import { CommentForm } from './CommentForm';
import { CommentThread } from './CommentThread';
import { EditIssueForm } from './EditIssueForm';
import { IssueEventsSubscription } from './issueEvents';
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
          ...CommentFields
        }
      }
    }
    labels(repository: $repository) {
      name
      color
    }
  }
`);

const COMMENT_PAGE = 50;

export function IssuePage() {
  const { owner, name, fullName, repository } = useRepositoryContext();
  const { session } = useSession();
  const issueNumber = Number(useParams().number);
  const [editing, setEditing] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(IssueDetailQuery, {
    variables: { repository: fullName, number: issueNumber, first: COMMENT_PAGE, after: null },
    skip: !Number.isInteger(issueNumber),
  });
  const issue = data?.issue;

  // Comments, comment edits and deletions, and state changes made by others appear live, also
  // those made while the socket was down (the subscription resumes from its last cursor).
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
      <ReconnectingNotice />
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
          <CommentThread
            issueId={issue.id}
            comments={issue.comments.nodes}
            hasNextPage={issue.comments.pageInfo.hasNextPage}
            onLoadMore={loadMore}
          />
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
          {issue.viewerCanClose && <CloseReopen id={issue.id} state={issue.state} />}
        </div>
        <aside className="space-y-4" aria-label="Issue details">
          <LabelEditor
            issueId={issue.id}
            labels={issue.labels}
            available={data.labels}
            canEdit={issue.viewerCanUpdate}
          />
          <AssigneePicker
            issueId={issue.id}
            owner={owner}
            name={name}
            assignees={issue.assignees}
            updatedAt={issue.updatedAt}
            canAssign={atLeast(repository?.viewerPermission, 'WRITE')}
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
