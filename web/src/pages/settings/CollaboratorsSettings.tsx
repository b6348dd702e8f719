import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { EmptyState, ErrorState, InlineError, Loading } from '../../components/states';
import { graphql } from '../../gql';
import type { RepositoryPermission } from '../../gql/graphql';
import { Initial } from '../owner/UserList';
import {
  GRANTABLE_LEVELS,
  LEVEL_HINTS,
  LEVEL_LABELS,
  type GrantableLevel,
} from './permissionLevels';

const CollaboratorsQuery = graphql(`
  query RepositoryCollaborators($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      fullName
      viewerPermission
      collaborators(first: 100) {
        totalCount
        edges {
          permission
          node {
            login
            fullName
          }
        }
      }
    }
  }
`);

const AddCollaboratorMutation = graphql(`
  mutation AddCollaborator(
    $repository: String!
    $login: String!
    $permission: RepositoryPermission!
  ) {
    addCollaborator(input: { repository: $repository, login: $login, permission: $permission }) {
      fullName
    }
  }
`);

const RemoveCollaboratorMutation = graphql(`
  mutation RemoveCollaborator($repository: String!, $login: String!) {
    removeCollaborator(input: { repository: $repository, login: $login }) {
      fullName
    }
  }
`);

const refetch = { refetchQueries: ['RepositoryCollaborators'], awaitRefetchQueries: true };

function LevelSelect(props: {
  id: string;
  label: string;
  value: RepositoryPermission;
  disabled?: boolean;
  onChange: (level: GrantableLevel) => void;
}) {
  return (
    <>
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      <select
        id={props.id}
        className="input w-auto py-1"
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value as GrantableLevel)}
      >
        {GRANTABLE_LEVELS.map((level) => (
          <option key={level} value={level} title={LEVEL_HINTS[level]}>
            {LEVEL_LABELS[level]}
          </option>
        ))}
      </select>
    </>
  );
}

function AddCollaboratorForm({ repository }: { repository: string }) {
  const [login, setLogin] = useState('');
  const [permission, setPermission] = useState<GrantableLevel>('WRITE');
  const [add, { loading, error }] = useMutation(AddCollaboratorMutation, refetch);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add({ variables: { repository, login: login.trim(), permission } }).then(
      () => setLogin(''),
      () => undefined,
    );
  };
  return (
    <form onSubmit={submit} aria-label="Add collaborator" className="card p-4">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <label htmlFor="collaborator-login" className="label">
            Login
          </label>
          <input
            id="collaborator-login"
            className="input"
            required
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="collaborator-level" className="label">
            Permission
          </label>
          <select
            id="collaborator-level"
            className="input w-auto"
            value={permission}
            onChange={(e) => setPermission(e.target.value as GrantableLevel)}
          >
            {GRANTABLE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {LEVEL_LABELS[level]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary" disabled={loading}>
          Add collaborator
        </button>
      </div>
      <p className="mt-2 text-xs text-slate-500">{LEVEL_HINTS[permission]}.</p>
      <InlineError error={error} />
    </form>
  );
}

function CollaboratorRow(props: {
  repository: string;
  login: string;
  fullName: string | null | undefined;
  permission: RepositoryPermission;
}) {
  const [change, changing] = useMutation(AddCollaboratorMutation, refetch);
  const [remove, removing] = useMutation(RemoveCollaboratorMutation, refetch);
  const { repository, login } = props;
  return (
    <li className="px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <Initial login={login} />
        <span className="mr-auto min-w-0">
          <strong>{login}</strong>
          {props.fullName && <span className="ml-2 text-sm text-slate-500">{props.fullName}</span>}
        </span>
        <LevelSelect
          id={`level-${login}`}
          label={`Permission of ${login}`}
          value={props.permission}
          disabled={changing.loading}
          onChange={(permission) =>
            void change({ variables: { repository, login, permission } }).catch(() => undefined)
          }
        />
        <button
          type="button"
          className="btn-danger"
          disabled={removing.loading}
          aria-label={`Remove ${login}`}
          onClick={() => void remove({ variables: { repository, login } }).catch(() => undefined)}
        >
          Remove
        </button>
      </div>
      <InlineError error={changing.error ?? removing.error} />
    </li>
  );
}

/** Settings → Collaborators: who has which level; add, change, remove (ADMIN only). */
export function CollaboratorsSettings({ owner, name }: { owner: string; name: string }) {
  const {
    data,
    loading,
    error,
    refetch: reload,
  } = useQuery(CollaboratorsQuery, {
    variables: { owner, name },
  });
  const repository = data?.repository;
  if (!repository && loading) return <Loading label="Loading collaborators…" />;
  if (!repository) {
    return <ErrorState error={error} what="collaborators" onRetry={() => void reload()} />;
  }
  if (repository.viewerPermission !== 'ADMIN') {
    return (
      <EmptyState title="Only the repository’s admins manage its collaborators">
        Your permission: {LEVEL_LABELS[repository.viewerPermission]}.
      </EmptyState>
    );
  }
  const edges = repository.collaborators.edges;
  return (
    <section aria-labelledby="collaborators-heading" className="space-y-3">
      <h2 id="collaborators-heading" className="text-lg font-semibold">
        Collaborators <span className="counter">{repository.collaborators.totalCount}</span>
      </h2>
      <AddCollaboratorForm repository={repository.fullName} />
      {edges.length === 0 ? (
        <EmptyState title="No collaborators yet">
          Add people by login to give them read, write or admin access.
        </EmptyState>
      ) : (
        <ul className="card divide-y divide-slate-200" aria-label="Collaborators">
          {edges.map((edge) => (
            <CollaboratorRow
              key={edge.node.login}
              repository={repository.fullName}
              login={edge.node.login}
              fullName={edge.node.fullName}
              permission={edge.permission}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
