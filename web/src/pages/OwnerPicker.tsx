import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { describeError, hasErrorCode } from '../apollo/errors';
import { graphql } from '../gql';

const OwnerCheckQuery = graphql(`
  query OwnerCheck($login: String!) {
    organization(login: $login) {
      login
      viewerCanCreateRepository
    }
  }
`);

const OTHER = '\u0000other';

/**
 * Whether `owner` can take a new repository of the viewer: the viewer always (the API still
 * checks the quota), an organization when `Organization.viewerCanCreateRepository`.
 */
export function useOwnerCheck(viewer: string, owner: string) {
  const isOrganization = owner !== '' && owner.toLowerCase() !== viewer.toLowerCase();
  // A typed name is looked up once typing pauses, not per keystroke.
  const [settled, setSettled] = useState(owner);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(owner), 250);
    return () => clearTimeout(timer);
  }, [owner]);
  const check = useQuery(OwnerCheckQuery, {
    variables: { login: settled },
    skip: !isOrganization || settled !== owner,
  });
  const organization = check.data?.organization;
  const pending = isOrganization && (settled !== owner || check.loading);
  const problem =
    !isOrganization || pending
      ? undefined
      : !organization && check.error && !hasErrorCode(check.error, 'NOT_FOUND')
        ? `Could not check ${owner} (${describeError(check.error).code}).`
        : !organization
          ? `There is no organization “${owner}” you can see.`
          : !organization.viewerCanCreateRepository
            ? `You may not create repositories in ${organization.login}.`
            : undefined;
  return {
    isOrganization,
    pending,
    problem,
    blocked: owner === '' || pending || problem !== undefined,
  };
}

/**
 * Who will own the new repository: the viewer, or an organization the viewer may create in.
 * The contract lists no "organizations of the viewer", so an organization comes from the page's
 * `?owner=` (the organization page's "New repository") or is typed.
 */
export function OwnerPicker(props: {
  viewer: string;
  value: string;
  onChange: (owner: string) => void;
  check: ReturnType<typeof useOwnerCheck>;
  preset?: string;
}) {
  const { viewer, value, onChange } = props;
  const { problem, pending, isOrganization } = props.check;
  const known = [viewer, ...(props.preset && props.preset !== viewer ? [props.preset] : [])];
  const [typing, setTyping] = useState(!known.includes(value));

  return (
    <div>
      <label htmlFor="repo-owner" className="label">
        Owner
      </label>
      <div className="flex flex-wrap gap-2">
        <select
          id="repo-owner"
          className="input w-auto"
          value={typing ? OTHER : value}
          onChange={(e) => {
            if (e.target.value === OTHER) {
              setTyping(true);
              onChange('');
            } else {
              setTyping(false);
              onChange(e.target.value);
            }
          }}
        >
          {known.map((login) => (
            <option key={login} value={login}>
              {login}
              {login === viewer ? ' (you)' : ''}
            </option>
          ))}
          <option value={OTHER}>Another organization…</option>
        </select>
        {typing && (
          <>
            <label htmlFor="repo-owner-org" className="sr-only">
              Organization
            </label>
            <input
              id="repo-owner-org"
              className="input w-auto flex-1"
              placeholder="organization"
              required
              value={value}
              onChange={(e) => onChange(e.target.value.trim())}
            />
          </>
        )}
      </div>
      <p
        className={`mt-1 text-xs ${problem ? 'text-red-700' : 'text-slate-500'}`}
        role={problem ? 'alert' : undefined}
      >
        {problem ??
          (pending
            ? `Checking ${value}…`
            : isOrganization
              ? `Owned by the organization ${value}.`
              : value
                ? 'Owned by you.'
                : 'Type the organization’s name.')}
      </p>
    </div>
  );
}
