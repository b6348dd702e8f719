import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';

const AddTeamMemberMutation = graphql(`
  mutation AddTeamMember($organization: String!, $team: String!, $login: String!) {
    addTeamMember(input: { organization: $organization, team: $team, login: $login }) {
      id
    }
  }
`);

const RemoveTeamMemberMutation = graphql(`
  mutation RemoveTeamMember($organization: String!, $team: String!, $login: String!) {
    removeTeamMember(input: { organization: $organization, team: $team, login: $login }) {
      id
    }
  }
`);

const AddTeamRepositoryMutation = graphql(`
  mutation AddTeamRepository($organization: String!, $team: String!, $repository: String!) {
    addTeamRepository(
      input: { organization: $organization, team: $team, repository: $repository }
    ) {
      id
    }
  }
`);

const RemoveTeamRepositoryMutation = graphql(`
  mutation RemoveTeamRepository($organization: String!, $team: String!, $repository: String!) {
    removeTeamRepository(
      input: { organization: $organization, team: $team, repository: $repository }
    ) {
      id
    }
  }
`);

type Kind = 'member' | 'repository';
interface Target {
  organization: string;
  team: string;
}

// The team page reads members and repositories in one query: refetched after each change.
const refetch = { refetchQueries: ['Team', 'OrganizationTeams'], awaitRefetchQueries: true };

/** "Add member" (a login) or "Add repository" (its name, or "org/name"). */
export function AddToTeamForm({ kind, target }: { kind: Kind; target: Target }) {
  const [value, setValue] = useState('');
  const [addMember, member] = useMutation(AddTeamMemberMutation, refetch);
  const [addRepository, repository] = useMutation(AddTeamRepositoryMutation, refetch);
  const state = kind === 'member' ? member : repository;
  const id = `add-team-${kind}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    const done =
      kind === 'member'
        ? addMember({ variables: { ...target, login: trimmed } })
        : addRepository({ variables: { ...target, repository: trimmed } });
    done.then(
      () => setValue(''),
      () => undefined,
    );
  };
  return (
    <form onSubmit={submit} aria-label={kind === 'member' ? 'Add member' : 'Add repository'}>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <label htmlFor={id} className="label">
            {kind === 'member' ? 'Login' : 'Repository'}
          </label>
          <input
            id={id}
            className="input"
            required
            placeholder={kind === 'member' ? 'login' : `name or ${target.organization}/name`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <button type="submit" className="btn-secondary" disabled={state.loading}>
          {kind === 'member' ? 'Add member' : 'Add repository'}
        </button>
      </div>
      <InlineError error={state.error} />
    </form>
  );
}

/** Removes one member (a login) or repository (its name) from the team. */
export function RemoveFromTeamButton(props: { kind: Kind; target: Target; value: string }) {
  const [removeMember, member] = useMutation(RemoveTeamMemberMutation, refetch);
  const [removeRepository, repository] = useMutation(RemoveTeamRepositoryMutation, refetch);
  const state = props.kind === 'member' ? member : repository;
  const remove = () =>
    void (
      props.kind === 'member'
        ? removeMember({ variables: { ...props.target, login: props.value } })
        : removeRepository({ variables: { ...props.target, repository: props.value } })
    ).catch(() => undefined);
  return (
    <span className="flex flex-col items-end">
      <button
        type="button"
        className="btn-danger"
        disabled={state.loading}
        aria-label={`Remove ${props.value}`}
        onClick={remove}
      >
        Remove
      </button>
      <InlineError error={state.error} />
    </span>
  );
}
