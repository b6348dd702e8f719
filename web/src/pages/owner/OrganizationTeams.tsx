import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { hasErrorCode } from '../../apollo/errors';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { teamHref } from '../../routes';
import { LEVEL_LABELS } from '../settings/permissionLevels';
import { NewTeamForm } from './NewTeamForm';

const OrganizationTeamsQuery = graphql(`
  query OrganizationTeams($login: String!) {
    organization(login: $login) {
      login
      teams(first: 50) {
        totalCount
        nodes {
          ...TeamSummary
          members(first: 1) {
            totalCount
          }
          repositories(first: 1) {
            totalCount
          }
        }
      }
    }
  }
`);

/** The teams tab: every team the viewer may see, and "New team" for the organization's owners. */
export function OrganizationTeams({
  login,
  viewerIsOwner,
}: {
  login: string;
  viewerIsOwner: boolean;
}) {
  const [creating, setCreating] = useState(false);
  const { data, loading, error, refetch } = useQuery(OrganizationTeamsQuery, {
    variables: { login },
  });
  const teams = data?.organization?.teams;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2">
        <p className="mr-auto text-sm text-slate-500">
          {teams && `${teams.totalCount} ${teams.totalCount === 1 ? 'team' : 'teams'}`}
        </p>
        {viewerIsOwner && !creating && (
          <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
            New team
          </button>
        )}
      </div>
      {creating && <NewTeamForm organization={login} onCancel={() => setCreating(false)} />}
      {!teams && loading && <Loading label="Loading teams…" />}
      {!teams && !loading && hasErrorCode(error, 'FORBIDDEN') && (
        <EmptyState title="Only members of the organization see its teams" />
      )}
      {!teams && !loading && !hasErrorCode(error, 'FORBIDDEN') && (
        <ErrorState error={error} what="teams" onRetry={() => void refetch()} />
      )}
      {teams && teams.nodes.length === 0 && (
        <EmptyState title="No teams you can see">
          Members of the organization see its teams.
        </EmptyState>
      )}
      {teams && teams.nodes.length > 0 && (
        <ul className="card divide-y divide-slate-200" aria-label="Teams">
          {teams.nodes.map((team) => (
            <li key={team.id} className="flex flex-wrap items-center gap-2 px-4 py-3">
              <span className="mr-auto min-w-0">
                <Link className="link font-semibold" to={teamHref(login, team.name)}>
                  {team.name}
                </Link>
                {team.description && (
                  <span className="ml-2 text-sm text-slate-600">{team.description}</span>
                )}
              </span>
              <span className="badge">{LEVEL_LABELS[team.permission]}</span>
              <span className="text-xs text-slate-500">
                {team.members.totalCount} {team.members.totalCount === 1 ? 'member' : 'members'} ·{' '}
                {team.includesAllRepositories
                  ? 'all repositories'
                  : `${team.repositories.totalCount} ${team.repositories.totalCount === 1 ? 'repository' : 'repositories'}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
