import { useLazyQuery, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';
import { ownerHref } from '../../routes';

export const AssignableUsersQuery = graphql(`
  query AssignableUsers($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      fullName
      assignableUsers(first: 50) {
        nodes {
          login
          fullName
        }
      }
    }
  }
`);

const AssignIssueMutation = graphql(`
  mutation AssignIssue($id: ID!, $login: String!) {
    assignIssue(input: { id: $id, login: $login }) {
      id
      updatedAt
      assignees {
        login
      }
    }
  }
`);

const UnassignIssueMutation = graphql(`
  mutation UnassignIssue($id: ID!, $login: String!) {
    unassignIssue(input: { id: $id, login: $login }) {
      id
      updatedAt
      assignees {
        login
      }
    }
  }
`);

/** The API's limit on assignees per issue. */
export const MAX_ASSIGNEES = 10;

/**
 * The issue's assignees; with `canAssign` (WRITE and above), a picker over the repository's
 * assignable users (those with WRITE and above, as Gitea's), each toggle saved at once.
 */
export function AssigneePicker(props: {
  issueId: string;
  owner: string;
  name: string;
  assignees: { login: string }[];
  /** The issue's, for the optimistic answer (the server's replaces it). */
  updatedAt: string;
  canAssign: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [load, candidates] = useLazyQuery(AssignableUsersQuery);
  const [assign, assigning] = useMutation(AssignIssueMutation);
  const [unassign, unassigning] = useMutation(UnassignIssueMutation);
  const busy = assigning.loading || unassigning.loading;
  const assigned = new Set(props.assignees.map((a) => a.login));
  const users = candidates.data?.repository.assignableUsers.nodes ?? [];

  const start = () => {
    setOpen(true);
    void load({ variables: { owner: props.owner, name: props.name } }).catch(() => undefined);
  };
  // Checked at once (optimistic): the answer, or an error, puts the list right.
  const toggle = (login: string, on: boolean) => {
    const variables = { id: props.issueId, login };
    const assignees = (
      on
        ? [...props.assignees.filter((a) => a.login !== login), { login }]
        : props.assignees.filter((a) => a.login !== login)
    ).map((a) => ({ __typename: 'User' as const, login: a.login }));
    const issue = {
      __typename: 'Issue' as const,
      id: props.issueId,
      updatedAt: props.updatedAt,
      assignees,
    };
    void (
      on
        ? assign({ variables, optimisticResponse: { assignIssue: issue } })
        : unassign({ variables, optimisticResponse: { unassignIssue: issue } })
    ).catch(() => undefined);
  };

  return (
    <section aria-labelledby="assignees-heading" className="border-b border-slate-200 pb-4">
      <div className="flex items-center justify-between">
        <h3 id="assignees-heading" className="text-sm font-semibold">
          Assignees
        </h3>
        {props.canAssign && (
          <button
            type="button"
            className="text-sm text-slate-600 underline"
            aria-expanded={open}
            onClick={() => (open ? setOpen(false) : start())}
          >
            {open ? 'Done' : 'Edit assignees'}
          </button>
        )}
      </div>
      {open ? (
        <fieldset className="mt-2 space-y-1" disabled={busy}>
          <legend className="sr-only">Assign to</legend>
          {candidates.loading && <p className="text-sm text-slate-500">Loading people…</p>}
          {!candidates.loading && users.length === 0 && !candidates.error && (
            <p className="text-sm text-slate-500">Nobody can be assigned.</p>
          )}
          {users.map((user) => {
            const checked = assigned.has(user.login);
            return (
              <label key={user.login} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && assigned.size >= MAX_ASSIGNEES}
                  onChange={(e) => toggle(user.login, e.target.checked)}
                />
                {user.login}
                {user.fullName && <span className="text-slate-500">{user.fullName}</span>}
              </label>
            );
          })}
          {assigned.size >= MAX_ASSIGNEES && (
            <p className="text-xs text-slate-500">At most {MAX_ASSIGNEES} assignees.</p>
          )}
          <InlineError error={candidates.error ?? assigning.error ?? unassigning.error} />
        </fieldset>
      ) : (
        <div className="mt-2 text-sm">
          {props.assignees.length === 0 ? (
            <span className="text-slate-500">No one assigned</span>
          ) : (
            <ul aria-label="Assigned to" className="space-y-1">
              {props.assignees.map((a) => (
                <li key={a.login}>
                  <Link className="link" to={ownerHref(a.login)}>
                    {a.login}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
