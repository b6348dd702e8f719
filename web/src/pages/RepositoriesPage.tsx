import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/SessionProvider';
import { Pager, useCursorPager } from '../components/Pager';
import { RelativeTime } from '../components/RelativeTime';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { graphql } from '../gql';
import { newOrganizationHref, newRepositoryHref, repoHref } from '../routes';

const RepositoriesQuery = graphql(`
  query Repositories($search: String, $first: Int!, $after: String) {
    repositories(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        fullName
        name
        owner {
          login
        }
        description
        private
        updatedAt
      }
    }
  }
`);

const PAGE_SIZE = 20;

function RepositoryList({ search }: { search: string }) {
  const pager = useCursorPager();
  const { data, loading, error, refetch } = useQuery(RepositoriesQuery, {
    variables: { search: search || null, first: PAGE_SIZE, after: pager.after },
  });
  const connection = data?.repositories;
  if (!connection && loading) return <Loading label="Loading repositories…" />;
  if (!connection) {
    return (
      <ErrorState
        error={error}
        what="repositories"
        unavailableTitle="Git host unavailable"
        unavailableHint="Repositories cannot be listed while the git host is down. Issues keep working: open a repository's issues at /owner/name/issues."
        onRetry={() => void refetch()}
      />
    );
  }
  return (
    <>
      <p className="mb-2 text-sm text-slate-500" aria-live="polite">
        {connection.totalCount} {connection.totalCount === 1 ? 'repository' : 'repositories'}
        {search && ` matching “${search}”`}
      </p>
      {connection.nodes.length === 0 ? (
        <EmptyState title={search ? 'No repository matches' : 'No repositories yet'}>
          {!search && 'Create one to get started.'}
        </EmptyState>
      ) : (
        <ul className="card divide-y divide-slate-200" aria-busy={loading}>
          {connection.nodes.map((repo) => (
            <li key={repo.fullName} className="p-4">
              <div className="flex flex-wrap items-center gap-2">
                <Link className="link font-semibold" to={repoHref(repo.owner.login, repo.name)}>
                  {repo.fullName}
                </Link>
                <span className={repo.private ? 'badge-private' : 'badge'}>
                  {repo.private ? 'Private' : 'Public'}
                </span>
              </div>
              {repo.description && (
                <p className="mt-1 text-sm text-slate-600">{repo.description}</p>
              )}
              {repo.updatedAt && (
                <p className="mt-1 text-xs text-slate-500">
                  Updated <RelativeTime iso={repo.updatedAt} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager
        label="Repository"
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={connection.pageInfo.hasNextPage}
        onPrevious={pager.previous}
        onNext={() => pager.next(connection.pageInfo.endCursor)}
      />
    </>
  );
}

export function RepositoriesPage() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [draft, setDraft] = useState(search);

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (draft.trim() !== search) {
        setParams(draft.trim() ? { q: draft.trim() } : {}, { replace: true });
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, search, setParams]);

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Repositories</h1>
        {session && (
          <>
            <Link className="btn-secondary" to={newOrganizationHref()}>
              New organization
            </Link>
            <Link className="btn-primary" to={newRepositoryHref()}>
              New repository
            </Link>
          </>
        )}
      </div>
      <form
        role="search"
        className="mb-4"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(draft.trim() ? { q: draft.trim() } : {});
        }}
      >
        <label htmlFor="repo-search" className="sr-only">
          Search repositories
        </label>
        <input
          id="repo-search"
          type="search"
          className="input"
          placeholder="Search repositories…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      </form>
      {/* A new search starts again at page 1. */}
      <RepositoryList key={search} search={search} />
    </div>
  );
}
