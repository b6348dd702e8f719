import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router';
import { Pager, useCursorPager } from '../../components/Pager';
import { QuotaUsage } from '../../components/QuotaUsage';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import type { OwnerQuery } from '../../gql/graphql';
import { newRepositoryHref } from '../../routes';
import { OrganizationTeams } from './OrganizationTeams';
import { RepositoryRows } from './RepositoryRows';
import { Initial, UserList } from './UserList';

type Organization = NonNullable<OwnerQuery['organization']>;

const OrganizationRepositoriesQuery = graphql(`
  query OrganizationRepositories($login: String!, $first: Int!, $after: String) {
    organization(login: $login) {
      login
      repositories(first: $first, after: $after) {
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
  }
`);

const OrganizationMembersQuery = graphql(`
  query OrganizationMembers($login: String!, $first: Int!, $after: String) {
    organization(login: $login) {
      login
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          login
          fullName
        }
      }
    }
  }
`);

// Apart from the page's query: the usage is extra (null for most viewers), never a reason for the
// organization page to fail.
const OrganizationQuotaQuery = graphql(`
  query OrganizationQuota($login: String!) {
    organization(login: $login) {
      login
      quota {
        ...QuotaFields
      }
    }
  }
`);

function OrganizationUsage({ login }: { login: string }) {
  const { data } = useQuery(OrganizationQuotaQuery, { variables: { login } });
  return <QuotaUsage quota={data?.organization?.quota} />;
}

const TABS = [
  { id: 'repositories', label: 'Repositories' },
  { id: 'members', label: 'Members' },
  { id: 'teams', label: 'Teams' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function Repositories({ organization }: { organization: Organization }) {
  const pager = useCursorPager(organization.login);
  const { data, loading, error, refetch } = useQuery(OrganizationRepositoriesQuery, {
    variables: { login: organization.login, first: 20, after: pager.after },
  });
  const connection = data?.organization?.repositories;
  if (!connection && loading) return <Loading label="Loading repositories…" />;
  if (!connection) {
    return <ErrorState error={error} what="repositories" onRetry={() => void refetch()} />;
  }
  return (
    <>
      <div className="mb-2 flex items-center gap-2">
        <p className="mr-auto text-sm text-slate-500">
          {connection.totalCount} {connection.totalCount === 1 ? 'repository' : 'repositories'}
        </p>
        {organization.viewerCanCreateRepository && (
          <Link className="btn-primary" to={newRepositoryHref(organization.login)}>
            New repository
          </Link>
        )}
      </div>
      {connection.nodes.length === 0 ? (
        <EmptyState title="No repositories yet" />
      ) : (
        <RepositoryRows
          label={`${organization.login}'s repositories`}
          repositories={connection.nodes}
        />
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

function Members({ organization }: { organization: Organization }) {
  const pager = useCursorPager(organization.login);
  const { data, loading, error, refetch } = useQuery(OrganizationMembersQuery, {
    variables: { login: organization.login, first: 50, after: pager.after },
  });
  const connection = data?.organization?.members;
  if (!connection && loading) return <Loading label="Loading members…" />;
  if (!connection) {
    return <ErrorState error={error} what="members" onRetry={() => void refetch()} />;
  }
  return (
    <>
      <p className="mb-2 text-sm text-slate-500">
        {connection.totalCount} {connection.totalCount === 1 ? 'member' : 'members'}
        {organization.viewerIsOwner && ' · add people to a team to make them members'}
      </p>
      {connection.nodes.length === 0 ? (
        <EmptyState title="No members you can see" />
      ) : (
        <UserList label="Members" users={connection.nodes} />
      )}
      <Pager
        label="Member"
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        hasNext={connection.pageInfo.hasNextPage}
        onPrevious={pager.previous}
        onNext={() => pager.next(connection.pageInfo.endCursor)}
      />
    </>
  );
}

const tabClass = (active: boolean) =>
  `-mb-px border-b-2 px-3 py-2 text-sm ${active ? 'border-orange-600 font-semibold' : 'border-transparent text-slate-600 hover:text-slate-900'}`;

/** An organization's page: its repositories, members and teams, one tab each (`?tab=`). */
export function OrganizationView({ organization }: { organization: Organization }) {
  const [params] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = TABS.some((t) => t.id === requested) ? (requested as Tab) : 'repositories';
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <Initial login={organization.login} size="h-12 w-12 text-xl" />
        <div className="mr-auto">
          <h1 className="text-2xl font-semibold">{organization.fullName || organization.login}</h1>
          <p className="text-sm text-slate-600">
            <span className="badge mr-2">Organization</span>
            {organization.login}
            {organization.viewerIsOwner && <span className="ml-2 counter">Owner</span>}
          </p>
          {organization.description && (
            <p className="mt-1 text-slate-600">{organization.description}</p>
          )}
        </div>
      </header>
      <OrganizationUsage login={organization.login} />
      <nav aria-label="Organization" className="flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <Link
            key={t.id}
            to={t.id === 'repositories' ? '?' : `?tab=${t.id}`}
            aria-current={tab === t.id ? 'page' : undefined}
            className={tabClass(tab === t.id)}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === 'repositories' && <Repositories organization={organization} />}
      {tab === 'members' && <Members organization={organization} />}
      {tab === 'teams' && (
        <OrganizationTeams login={organization.login} viewerIsOwner={organization.viewerIsOwner} />
      )}
    </div>
  );
}
