import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldError } from '../../apollo/errors';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';
import { teamHref } from '../../routes';
import {
  GRANTABLE_LEVELS,
  LEVEL_HINTS,
  LEVEL_LABELS,
  type GrantableLevel,
} from '../settings/permissionLevels';

const CreateTeamMutation = graphql(`
  mutation CreateTeam(
    $organization: String!
    $name: String!
    $permission: RepositoryPermission!
    $description: String
    $includesAllRepositories: Boolean
  ) {
    createTeam(
      input: {
        organization: $organization
        name: $name
        permission: $permission
        description: $description
        includesAllRepositories: $includesAllRepositories
      }
    ) {
      ...TeamSummary
    }
  }
`);

/** "New team" (organization owners only): name, level, optional description, all repositories. */
export function NewTeamForm({
  organization,
  onCancel,
}: {
  organization: string;
  onCancel: () => void;
}) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [permission, setPermission] = useState<GrantableLevel>('READ');
  const [allRepositories, setAllRepositories] = useState(false);
  const [create, { loading, error }] = useMutation(CreateTeamMutation, {
    refetchQueries: ['OrganizationTeams', 'TeamDirectory'],
  });
  const nameError = fieldError(error, 'name');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create({
      variables: {
        organization,
        name: name.trim(),
        permission,
        description: description.trim() || null,
        includesAllRepositories: allRepositories,
      },
    }).then(
      ({ data }) => {
        if (data) void navigate(teamHref(organization, data.createTeam.name));
      },
      () => undefined,
    );
  };

  return (
    <form onSubmit={submit} className="card space-y-4 p-4" aria-label="New team">
      <div>
        <label htmlFor="team-name" className="label">
          Team name
        </label>
        <input
          id="team-name"
          className="input"
          required
          maxLength={255}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? 'team-name-error' : undefined}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {nameError && (
          <p id="team-name-error" className="mt-1 text-xs text-red-700">
            {nameError}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="team-description" className="label">
          Description <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <input
          id="team-description"
          className="input"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <fieldset>
        <legend className="label">Permission on the team’s repositories</legend>
        <div className="mt-1 space-y-2">
          {GRANTABLE_LEVELS.map((level) => (
            <label key={level} className="flex items-start gap-2">
              <input
                type="radio"
                name="team-permission"
                value={level}
                checked={permission === level}
                onChange={() => setPermission(level)}
              />
              <span>
                <strong>{LEVEL_LABELS[level]}</strong>
                <span className="block text-xs text-slate-500">{LEVEL_HINTS[level]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={allRepositories}
          onChange={(e) => setAllRepositories(e.target.checked)}
        />
        All of the organization’s repositories, present and future
      </label>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={loading}>
          {loading ? 'Creating…' : 'Create team'}
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {!nameError && <InlineError error={error} />}
    </form>
  );
}
