import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { RelativeTime } from '../../components/RelativeTime';
import type { RepositoryRowFragment } from '../../gql/graphql';
import { repoHref } from '../../routes';

/** Repositories as the home page lists them; `action` adds a control to each row. */
export function RepositoryRows(props: {
  repositories: RepositoryRowFragment[];
  label: string;
  action?: (repository: RepositoryRowFragment) => ReactNode;
}) {
  return (
    <ul className="card divide-y divide-slate-200" aria-label={props.label}>
      {props.repositories.map((repo) => (
        <li key={repo.fullName} className="flex flex-wrap items-start gap-2 p-4">
          <div className="mr-auto min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <Link className="link font-semibold" to={repoHref(repo.owner.login, repo.name)}>
                {repo.fullName}
              </Link>
              <span className={repo.private ? 'badge-private' : 'badge'}>
                {repo.private ? 'Private' : 'Public'}
              </span>
            </div>
            {repo.description && <p className="mt-1 text-sm text-slate-600">{repo.description}</p>}
            {repo.updatedAt && (
              <p className="mt-1 text-xs text-slate-500">
                Updated <RelativeTime iso={repo.updatedAt} />
              </p>
            )}
          </div>
          {props.action?.(repo)}
        </li>
      ))}
    </ul>
  );
}
