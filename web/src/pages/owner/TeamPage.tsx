import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { ownerHref } from '../../routes';
import { LEVEL_LABELS } from '../settings/permissionLevels';
import { RepositoryRows } from './RepositoryRows';
import { AddToTeamForm, RemoveFromTeamButton } from './TeamMembership';
import { UserList } from './UserList';

// The contract has no field for one team. The organization's teams with their cursors first,
// then this one alone as the page of one after its predecessor's cursor: members and
// repositories of every team in one query would cost far over the gateway's limit.
const TeamDirectoryQuery = graphql(`
  query TeamDirectory($organization: String!) {
    organization(login: $organization) {
      login
      fullName
      viewerIsOwner
      teams(first: 100) {
        edges {
          cursor
          node {
            id
            name
          }
        }
      }
    }
  }
`);

const TeamQuery = graphql(`
  query Team($organization: String!, $after: String) {
    organization(login: $organization) {
      login
      teams(first: 1, after: $after) {
        nodes {
          ...TeamSummary
          members(first: 100) {
            totalCount
            nodes {
              login
            }
          }
          repositories(first: 100) {
            totalCount
            nodes {
              ...RepositoryRow
            }
          }
        }
      }
    }
  }
`);

/** `/org/:org/teams/:team`: the team's members and repositories; owners add and remove them. */
export function TeamPage() {
  const { org = '', team: teamName = '' } = useParams();
  const directory = useQuery(TeamDirectoryQuery, { variables: { organization: org } });
  const edges = directory.data?.organization?.teams.edges ?? [];
  const index = edges.findIndex((e) => e.node.name.toLowerCase() === teamName.toLowerCase());
  const found = index >= 0;
  const detail = useQuery(TeamQuery, {
    variables: { organization: org, after: index > 0 ? (edges[index - 1]?.cursor ?? null) : null },
    skip: !found,
  });
  const organization = directory.data?.organization;
  const team = detail.data?.organization?.teams.nodes[0];
  const loading = directory.loading || detail.loading;
  const waiting = !organization || !team;
  if (waiting && loading) return <Loading label="Loading team…" />;
  if (!organization || (found && !team)) {
    const failed = organization ? detail : directory;
    return (
      <ErrorState error={failed.error} what="this team" onRetry={() => void failed.refetch()} />
    );
  }
  // The page after the predecessor must be this team (not one created or deleted meanwhile).
  if (!team || team.name.toLowerCase() !== teamName.toLowerCase()) {
    return (
      <EmptyState title="Team not found">
        <Link className="link" to={ownerHref(org, 'teams')}>
          {org}’s teams
        </Link>
      </EmptyState>
    );
  }
  const owner = organization.viewerIsOwner;
  const target = { organization: organization.login, team: team.name };
  return (
    <div className="space-y-6">
      <header>
        <p className="mb-1 text-sm">
          <Link className="link" to={ownerHref(organization.login, 'teams')}>
            ← {organization.fullName || organization.login} teams
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold">{team.name}</h1>
          <span className="badge">{LEVEL_LABELS[team.permission]}</span>
          {team.includesAllRepositories && <span className="badge">All repositories</span>}
        </div>
        {team.description && <p className="mt-1 text-slate-600">{team.description}</p>}
      </header>
      <section aria-labelledby="team-members" className="space-y-2">
        <h2 id="team-members" className="font-semibold">
          Members <span className="counter">{team.members.totalCount}</span>
        </h2>
        {owner && <AddToTeamForm kind="member" target={target} />}
        {team.members.nodes.length === 0 ? (
          <EmptyState title="No members yet" />
        ) : (
          <UserList
            label="Team members"
            users={team.members.nodes}
            action={
              owner
                ? (user) => (
                    <RemoveFromTeamButton kind="member" target={target} value={user.login} />
                  )
                : undefined
            }
          />
        )}
      </section>
      <section aria-labelledby="team-repositories" className="space-y-2">
        <h2 id="team-repositories" className="font-semibold">
          Repositories <span className="counter">{team.repositories.totalCount}</span>
        </h2>
        {owner && !team.includesAllRepositories && (
          <AddToTeamForm kind="repository" target={target} />
        )}
        {team.repositories.nodes.length === 0 ? (
          <EmptyState title="No repositories yet" />
        ) : (
          <RepositoryRows
            label="Team repositories"
            repositories={team.repositories.nodes}
            action={
              owner && !team.includesAllRepositories
                ? (repo) => (
                    <RemoveFromTeamButton kind="repository" target={target} value={repo.fullName} />
                  )
                : undefined
            }
          />
        )}
      </section>
    </div>
  );
}
