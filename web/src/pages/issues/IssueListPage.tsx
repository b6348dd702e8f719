import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/SessionProvider';
import { Icon } from '../../components/Icon';
import { LabelBadge } from '../../components/LabelBadge';
import { Pager, useCursorPager } from '../../components/Pager';
import { ReconnectingNotice } from '../../components/ReconnectingNotice';
import { RelativeTime } from '../../components/RelativeTime';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import type { IssueEventAction } from '../../gql/graphql';
import { issueHref, newIssueHref } from '../../routes';
import { useRepositoryContext } from '../repo/RepositoryLayout';
import { IssueEventsSubscription } from './issueEvents';
import { readIssueFilters, toSearch, withLabels, type IssueFilters } from './issueFilters';
import { IssueStateBadge } from './IssueStateBadge';
import { AssigneeFilter } from './AssigneeFilter';
import { LabelFilter } from './LabelFilter';

/** Changes the list's query string (a history entry each, so back/forward walk the filters). */
function useSetFilterParams() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return (change: (current: URLSearchParams) => URLSearchParams) =>
    void navigate({ search: toSearch(change(new URLSearchParams(params))) });
}

const IssueListQuery = graphql(`
  query IssueList(
    $repository: String!
    $state: IssueState!
    $labels: [String!]
    $search: String
    $assignee: String
    $first: Int!
    $after: String
  ) {
    list: issues(
      repository: $repository
      state: $state
      labels: $labels
      search: $search
      assignee: $assignee
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        number
        title
        state
        stateReason
        createdAt
        commentCount
        author {
          login
        }
        assignees {
          login
        }
        labels {
          name
          color
        }
      }
    }
    open: issues(
      repository: $repository
      state: OPEN
      labels: $labels
      search: $search
      assignee: $assignee
      first: 1
    ) {
      totalCount
    }
    closed: issues(
      repository: $repository
      state: CLOSED
      labels: $labels
      search: $search
      assignee: $assignee
      first: 1
    ) {
      totalCount
    }
    labels(repository: $repository) {
      name
      color
    }
  }
`);

// Every action the API may send (a new one fails the type check until it has its words).
const ACTION_TEXT: Record<IssueEventAction, string> = {
  CREATED: 'opened',
  UPDATED: 'updated',
  CLOSED: 'closed',
  REOPENED: 'reopened',
  COMMENTED: 'commented on',
  COMMENT_EDITED: 'edited a comment on',
  COMMENT_DELETED: 'deleted a comment on',
  ASSIGNED: 'changed the assignees of',
  UNASSIGNED: 'changed the assignees of',
};

function IssueResults({ filters, liveTick }: { filters: IssueFilters; liveTick: number }) {
  const { owner, name, fullName } = useRepositoryContext();
  const setParams = useSetFilterParams();
  // No remount when the filters change: the chips and tabs stay (and keep focus) while the new
  // page loads, the previous results shown meanwhile; paging starts again from page 1.
  const pager = useCursorPager(
    `${filters.state}|${filters.labels.join(',')}|${filters.search}|${filters.assignee}`,
  );
  const query = useQuery(IssueListQuery, {
    variables: {
      repository: fullName,
      state: filters.state,
      labels: filters.labels.length > 0 ? filters.labels : null,
      search: filters.search || null,
      assignee: filters.assignee || null,
      first: 25,
      after: pager.after,
    },
  });
  const { loading, error, refetch } = query;
  const data = query.data ?? (loading ? query.previousData : undefined);
  // Someone changed an issue: show it without a reload. Events replayed after a reconnection
  // come in a burst: one refetch at a time, and one more after it if events came meanwhile.
  const seenTick = useRef(liveTick);
  const refetching = useRef<'idle' | 'running' | 'again'>('idle');
  useEffect(() => {
    if (liveTick === seenTick.current) return;
    seenTick.current = liveTick;
    if (refetching.current !== 'idle') {
      refetching.current = 'again';
      return;
    }
    const run = () => {
      refetching.current = 'running';
      // A failed refetch shows in the query's error state; an unmount aborts it.
      refetch().then(done, done);
    };
    const done = () => {
      if (refetching.current === 'again') run();
      else refetching.current = 'idle';
    };
    run();
  }, [liveTick, refetch]);

  const setState = (state: IssueFilters['state']) =>
    setParams((params) => {
      if (state === 'CLOSED') params.set('state', 'closed');
      else params.delete('state');
      return params;
    });

  if (!data && loading) return <Loading label="Loading issues…" />;
  if (!data) {
    return (
      <ErrorState
        error={error}
        what="issues"
        unavailableTitle="Issue tracker unavailable"
        onRetry={() => void refetch()}
      />
    );
  }
  const { list, open, closed, labels } = data;

  return (
    <>
      <div className="card overflow-hidden">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2">
          <div role="tablist" aria-label="Issue state" className="flex gap-1">
            {(['OPEN', 'CLOSED'] as const).map((state) => (
              <button
                key={state}
                type="button"
                role="tab"
                aria-selected={filters.state === state}
                className={`rounded px-2 py-1 text-sm ${filters.state === state ? 'bg-white font-semibold shadow-sm' : 'text-slate-600'}`}
                onClick={() => setState(state)}
              >
                {state === 'OPEN' ? 'Open' : 'Closed'}{' '}
                <span className="counter">
                  {state === 'OPEN' ? open.totalCount : closed.totalCount}
                </span>
              </button>
            ))}
          </div>
        </div>
        <AssigneeFilter
          selected={filters.assignee}
          onChange={(assignee) =>
            setParams((params) => {
              if (assignee) params.set('assignee', assignee);
              else params.delete('assignee');
              return params;
            })
          }
        />
        <LabelFilter
          available={labels}
          selected={filters.labels}
          onChange={(selected) => setParams((params) => withLabels(params, selected))}
        />
        {list.nodes.length === 0 ? (
          <div className="p-4">
            <EmptyState
              title={
                filters.labels.length > 0 || filters.search || filters.assignee
                  ? 'No issues match these filters'
                  : filters.state === 'OPEN'
                    ? 'No open issues'
                    : 'No closed issues'
              }
            />
          </div>
        ) : (
          <ul className="divide-y divide-slate-200" aria-busy={loading}>
            {list.nodes.map((issue) => (
              <li key={issue.id} className="px-4 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <IssueStateBadge state={issue.state} stateReason={issue.stateReason} />
                  <Link className="link font-medium" to={issueHref(owner, name, issue.number)}>
                    {issue.title}
                  </Link>
                  {issue.labels.map((label) => (
                    <LabelBadge key={label.name} {...label} />
                  ))}
                  {issue.assignees.length > 0 && (
                    <span className="ml-auto text-xs text-slate-500">
                      Assigned to {issue.assignees.map((a) => a.login).join(', ')}
                    </span>
                  )}
                  {issue.commentCount > 0 && (
                    <span className="ml-auto flex items-center gap-1 text-xs text-slate-500">
                      <Icon name="comment" />
                      {issue.commentCount}
                      <span className="sr-only">
                        {issue.commentCount === 1 ? 'comment' : 'comments'}
                      </span>
                    </span>
                  )}
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  #{issue.number} opened <RelativeTime iso={issue.createdAt} /> by{' '}
                  {issue.author.login}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Pager
        label="Issue"
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={list.pageInfo.hasNextPage}
        onPrevious={pager.previous}
        onNext={() => pager.next(list.pageInfo.endCursor)}
      />
    </>
  );
}

export function IssueListPage() {
  const { owner, name, fullName } = useRepositoryContext();
  const { session } = useSession();
  const [params] = useSearchParams();
  const setParams = useSetFilterParams();
  const filters = readIssueFilters(params);
  const [draft, setDraft] = useState(filters.search);
  const [liveTick, setLiveTick] = useState(0);
  const [announcement, setAnnouncement] = useState('');

  // Resumed from its last cursor after a dropped socket (the events missed meanwhile arrive
  // then); each refetches the list, so an event applied twice changes nothing.
  useSubscription(IssueEventsSubscription, {
    variables: { repository: fullName },
    onData: ({ data }) => {
      const event = data.data?.issueEvents;
      if (!event) return;
      setLiveTick((tick) => tick + 1);
      setAnnouncement(
        `${event.actor.login} ${ACTION_TEXT[event.action] ?? 'changed'} #${event.issue.number} “${event.issue.title}”`,
      );
    },
  });

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <form
          role="search"
          className="flex min-w-0 flex-1 gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setParams((next) => {
              if (draft.trim()) next.set('q', draft.trim());
              else next.delete('q');
              return next;
            });
          }}
        >
          <label htmlFor="issue-search" className="sr-only">
            Search issues
          </label>
          <input
            id="issue-search"
            type="search"
            className="input min-w-0 flex-1"
            placeholder="Search issues…"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="btn-secondary">
            Search
          </button>
        </form>
        {session && (
          <Link className="btn-primary" to={newIssueHref(owner, name)}>
            New issue
          </Link>
        )}
      </div>
      <ReconnectingNotice />
      <p
        role="status"
        aria-live="polite"
        className={
          announcement ? 'mb-3 rounded bg-sky-50 px-3 py-2 text-sm text-sky-900' : 'sr-only'
        }
      >
        {announcement && <>Live: {announcement}</>}
      </p>
      <IssueResults filters={filters} liveTick={liveTick} />
    </div>
  );
}
