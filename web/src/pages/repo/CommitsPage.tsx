import { useQuery } from '@apollo/client/react';
import { Pager, useCursorPager } from '../../components/Pager';
import { RelativeTime } from '../../components/RelativeTime';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { BranchSwitcher } from './BranchSwitcher';
import { useRepositoryContext } from './RepositoryLayout';

const CommitHistoryQuery = graphql(`
  query CommitHistory($owner: String!, $name: String!, $ref: String, $first: Int!, $after: String) {
    repository(owner: $owner, name: $name) {
      fullName
      commits(ref: $ref, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          oid
          abbreviatedOid
          messageHeadline
          author {
            name
            date
          }
        }
      }
    }
  }
`);

function CommitList({ gitRef }: { gitRef: string | undefined }) {
  const { owner, name } = useRepositoryContext();
  const pager = useCursorPager();
  const { data, loading, error, refetch } = useQuery(CommitHistoryQuery, {
    variables: { owner, name, ref: gitRef ?? null, first: 20, after: pager.after },
  });
  const commits = data?.repository.commits;
  if (!commits && loading) return <Loading label="Loading commits…" />;
  if (!commits) {
    return (
      <ErrorState
        error={error}
        what="the commit history"
        unavailableTitle="Git host unavailable"
        onRetry={() => void refetch()}
      />
    );
  }
  if (commits.nodes.length === 0) return <EmptyState title="No commits yet" />;
  return (
    <>
      <p className="mb-2 text-sm text-slate-500">{commits.totalCount} commits</p>
      <ol className="card divide-y divide-slate-200" aria-busy={loading}>
        {commits.nodes.map((commit) => (
          <li key={commit.oid} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-3">
            <span className="min-w-0 flex-1 font-medium break-words">{commit.messageHeadline}</span>
            <span className="text-xs text-slate-500">
              {commit.author.name}
              {commit.author.date && (
                <>
                  {' · '}
                  <RelativeTime iso={commit.author.date} />
                </>
              )}
            </span>
            <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs" title={commit.oid}>
              {commit.abbreviatedOid}
            </code>
          </li>
        ))}
      </ol>
      <Pager
        label="Commit"
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={commits.pageInfo.hasNextPage}
        onPrevious={pager.previous}
        onNext={() => pager.next(commits.pageInfo.endCursor)}
      />
    </>
  );
}

export function CommitsPage() {
  const { gitRef, repository } = useRepositoryContext();
  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
        <h2 className="mr-auto text-lg font-semibold">Commits</h2>
        {repository && <BranchSwitcher repository={repository} gitRef={gitRef} />}
      </div>
      <CommitList key={gitRef ?? ''} gitRef={gitRef} />
    </div>
  );
}
