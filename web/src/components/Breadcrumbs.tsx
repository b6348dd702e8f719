import { Link } from 'react-router';
import { treeHref } from '../routes';

interface BreadcrumbsProps {
  owner: string;
  name: string;
  path: string;
  gitRef?: string;
}

/** `name / dir / sub / file`: every part but the last links to its directory. */
export function Breadcrumbs({ owner, name, path, gitRef }: BreadcrumbsProps) {
  const parts = path.split('/').filter(Boolean);
  return (
    <nav aria-label="Breadcrumb" className="min-w-0 font-mono text-sm">
      <ol className="flex flex-wrap items-center gap-1">
        <li>
          <Link className="link font-semibold" to={treeHref(owner, name, '', gitRef)}>
            {name}
          </Link>
        </li>
        {parts.map((part, index) => {
          const last = index === parts.length - 1;
          const to = treeHref(owner, name, parts.slice(0, index + 1).join('/'), gitRef);
          return (
            <li key={to} className="flex items-center gap-1 break-all">
              <span aria-hidden="true" className="text-slate-400">
                /
              </span>
              {last ? (
                <span aria-current="page">{part}</span>
              ) : (
                <Link className="link" to={to}>
                  {part}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
