import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { hasErrorCode } from '../../apollo/errors';
import { useSession } from '../../auth/SessionProvider';
import { Pager, useCursorPager } from '../../components/Pager';
import { QuotaUsage } from '../../components/QuotaUsage';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { newRepositoryHref } from '../../routes';
import { OrganizationView } from './OrganizationView';
import { RepositoryRows } from './RepositoryRows';

const OwnerQuery = graphql(`
  query Owner($login: String!) {
    organization(login: $login) {
      login
      fullName
      description
      viewerIsOwner
      viewerCanCreateRepository
    }
    viewer {
      login
      quota {
        ...QuotaFields
      }
    }
  }
`);

const UserRepositoriesQuery = graphql(`
  query UserRepositories($owner: String!, $first: Int!, $after: String) {
    repositories(owner: $owner, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...RepositoryRow
      }
    }
  }
`);

function UserView({ login, isViewer }: { login: string; isViewer: boolean }) {
  const pager = useCursorPager(login);
  const { data, loading, error, refetch } = useQuery(UserRepositoriesQuery, {
    variables: { owner: login, first: 20, after: pager.after },
  });
  const connection = data?.repositories;
  if (!connection && loading) return <Loading label="Loading repositories…" />;
  if (!connection) {
    return <ErrorState error={error} what="repositories" onRetry={() => void refetch()} />;
  }
  return (
    <section aria-labelledby="user-repositories">
      <div className="mb-2 flex items-center gap-2">
        <h2 id="user-repositories" className="mr-auto font-semibold">
          Repositories <span className="counter">{connection.totalCount}</span>
        </h2>
        {isViewer && (
          <Link className="btn-primary" to={newRepositoryHref()}>
            New repository
          </Link>
        )}
      </div>
      {connection.nodes.length === 0 ? (
        <EmptyState title="No repositories yet" />
      ) : (
        <RepositoryRows label={`${login}'s repositories`} repositories={connection.nodes} />
      )}
      <Pager
        label="Repository"
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={connection.pageInfo.hasNextPage}
        onPrevious={pager.previous}
        onNext={() => pager.next(connection.pageInfo.endCursor)}
      />
    </section>
  );
}

/**
 * `/:owner`: an organization's page (repositories, members, teams) when `owner` is one,
 * otherwise the user's repositories. Usage against the quota shows to whoever the API gives it.
 */
export function OwnerPage() {
  const { owner = '' } = useParams();
  const { session } = useSession();
  const { data, loading, error, refetch } = useQuery(OwnerQuery, {
    variables: { login: owner },
  });
  if (!data && loading) return <Loading />;
  const organization = data?.organization;
  if (organization) return <OrganizationView organization={organization} />;
  // Not an organization (NOT_FOUND): a user. Anything else is an error to show.
  if (error && !hasErrorCode(error, 'NOT_FOUND')) {
    return <ErrorState error={error} what={owner} onRetry={() => void refetch()} />;
  }
  const viewerLogin = data?.viewer?.login ?? session?.login;
  const isViewer = viewerLogin?.toLowerCase() === owner.toLowerCase();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{owner}</h1>
      {isViewer && <QuotaUsage quota={data?.viewer?.quota} />}
      <UserView login={owner} isViewer={isViewer} />
    </div>
  );
}
