import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, NavLink, Outlet, useOutletContext, useParams, useSearchParams } from 'react-router';
import { isUnavailable } from '../../apollo/errors';
import { preloadMarkdown } from '../../components/LazyMarkdown';
import { ErrorState } from '../../components/states';
import { graphql } from '../../gql';
import type { RepositoryHeaderQuery } from '../../gql/graphql';
import { commitsHref, issuesHref, ownerHref, repoHref, settingsHref } from '../../routes';

const RepositoryHeaderQueryDoc = graphql(`
  query RepositoryHeader($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      fullName
      name
      owner {
        login
      }
      description
      private
      isEmpty
      defaultBranch
      cloneUrl
      viewerCanAdminister
      viewerPermission
      branches(first: 100) {
        totalCount
        nodes {
          name
          isDefault
        }
      }
    }
  }
`);

// From the issues subgraph alone, so the count shows while the git host is down.
const OpenIssueCountQuery = graphql(`
  query OpenIssueCount($repository: String!) {
    issues(repository: $repository, state: OPEN, first: 1) {
      totalCount
    }
  }
`);

export type RepositoryHeader = RepositoryHeaderQuery['repository'];

export interface RepositoryContext {
  owner: string;
  name: string;
  fullName: string;
  /** `?ref=`; undefined = the default branch. */
  gitRef: string | undefined;
  /** Undefined while loading or when the git host did not answer. */
  repository: RepositoryHeader | undefined;
  repositoryError: unknown;
}

export function useRepositoryContext(): RepositoryContext {
  return useOutletContext<RepositoryContext>();
}

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `-mb-px border-b-2 px-3 py-2 text-sm ${isActive ? 'border-orange-600 font-semibold' : 'border-transparent text-slate-600 hover:text-slate-900'}`;

export function RepositoryLayout() {
  // READMEs, issue bodies and comments are Markdown: fetch the renderer alongside the data.
  useEffect(preloadMarkdown, []);
  const { owner = '', name = '' } = useParams();
  const [params] = useSearchParams();
  const gitRef = params.get('ref') ?? undefined;
  const fullName = `${owner}/${name}`;
  const header = useQuery(RepositoryHeaderQueryDoc, { variables: { owner, name } });
  const openIssues = useQuery(OpenIssueCountQuery, { variables: { repository: fullName } });
  const repository = header.data?.repository ?? undefined;
  const openCount = openIssues.data?.issues.totalCount;

  const context: RepositoryContext = {
    owner,
    name,
    fullName,
    gitRef,
    repository,
    repositoryError: header.error,
  };

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <h1 className="text-xl break-all">
          <Link className="text-slate-600 hover:underline" to={ownerHref(owner)}>
            {owner}
          </Link>
          <span className="mx-1 text-slate-400">/</span>
          <strong>{name}</strong>
        </h1>
        {repository && (
          <span className={repository.private ? 'badge-private' : 'badge'}>
            {repository.private ? 'Private' : 'Public'}
          </span>
        )}
      </div>
      {repository?.description && <p className="mb-3 text-slate-600">{repository.description}</p>}
      {header.error && !repository && isUnavailable(header.error) && (
        <div className="mb-4">
          <ErrorState
            error={header.error}
            unavailableTitle="Git host unavailable"
            unavailableHint="Code, branches and commits are unavailable until the git host recovers. Issues keep working."
            onRetry={() => void header.refetch()}
          />
        </div>
      )}
      <nav
        aria-label="Repository"
        className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200"
      >
        <NavLink end to={repoHref(owner, name)} className={tabClass}>
          Code
        </NavLink>
        <NavLink to={issuesHref(owner, name)} className={tabClass}>
          Issues
          {openCount !== undefined && <span className="counter ml-1">{openCount}</span>}
        </NavLink>
        <NavLink to={commitsHref(owner, name)} className={tabClass}>
          Commits
        </NavLink>
        {repository?.viewerPermission === 'ADMIN' && (
          <NavLink to={settingsHref(owner, name)} className={tabClass}>
            Settings
          </NavLink>
        )}
      </nav>
      <Outlet context={context} />
    </div>
  );
}
