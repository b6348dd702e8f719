import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ownerHref } from '../../routes';

interface Person {
  login: string;
  fullName?: string | null;
}

/** A login's first letter in a circle (avatars live on the git host, which the UI never calls). */
export function Initial({ login, size = 'h-8 w-8' }: { login: string; size?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`${size} inline-flex shrink-0 items-center justify-center rounded-full bg-slate-200 font-semibold text-slate-700 uppercase`}
    >
      {login.slice(0, 1)}
    </span>
  );
}

/** People (members, collaborators): avatar, login, name; `action` adds a control to each row. */
export function UserList<T extends Person>(props: {
  users: T[];
  label: string;
  action?: (user: T) => ReactNode;
}) {
  return (
    <ul className="card divide-y divide-slate-200" aria-label={props.label}>
      {props.users.map((user) => (
        <li key={user.login} className="flex flex-wrap items-center gap-3 px-4 py-3">
          <Initial login={user.login} />
          <span className="mr-auto min-w-0">
            <Link className="link font-medium" to={ownerHref(user.login)}>
              {user.login}
            </Link>
            {user.fullName && <span className="ml-2 text-sm text-slate-500">{user.fullName}</span>}
          </span>
          {props.action?.(user)}
        </li>
      ))}
    </ul>
  );
}
