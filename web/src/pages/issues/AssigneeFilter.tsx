import { useQuery } from '@apollo/client/react';
import { useSession } from '../../auth/SessionProvider';
import { useRepositoryContext } from '../repo/RepositoryLayout';
import { AssignableUsersQuery } from './AssigneePicker';

/**
 * Assignee filter: anyone's, "Assigned to me" (signed in), or one of the repository's assignable
 * users. Those come from the git host; while it is down the filter still offers "me" and the
 * login already in the URL.
 */
export function AssigneeFilter(props: { selected: string; onChange: (assignee: string) => void }) {
  const { owner, name } = useRepositoryContext();
  const viewer = useSession().session?.login;
  const { data } = useQuery(AssignableUsersQuery, { variables: { owner, name } });
  const logins = new Set((data?.repository.assignableUsers.nodes ?? []).map((u) => u.login));
  if (props.selected) logins.add(props.selected);
  if (viewer) logins.delete(viewer);
  const mine = !!viewer && props.selected === viewer;

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2 text-sm">
      <label htmlFor="assignee-filter" className="text-slate-600">
        Assignee
      </label>
      <select
        id="assignee-filter"
        className="input w-auto py-1"
        value={props.selected}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">Anyone</option>
        {viewer && <option value={viewer}>{viewer} (me)</option>}
        {[...logins].sort().map((login) => (
          <option key={login} value={login}>
            {login}
          </option>
        ))}
      </select>
      {viewer && (
        <button
          type="button"
          className="btn-secondary py-1"
          aria-pressed={mine}
          onClick={() => props.onChange(mine ? '' : viewer)}
        >
          Assigned to me
        </button>
      )}
    </div>
  );
}
