import { Link } from 'react-router';
import { Icon, type IconName } from '../../components/Icon';
import type { TreeEntryType } from '../../gql/graphql';
import { blobHref, treeHref } from '../../routes';

export interface TreeEntryView {
  name: string;
  path: string;
  type: TreeEntryType;
  size: number | null;
}

const icon: Record<TreeEntryType, IconName> = {
  TREE: 'folder',
  BLOB: 'file',
  SYMLINK: 'link',
  SUBMODULE: 'package',
};

function formatSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function TreeTable(props: {
  owner: string;
  name: string;
  gitRef: string | undefined;
  path: string;
  entries: TreeEntryView[];
}) {
  const { owner, name, gitRef, path, entries } = props;
  const parent = path.split('/').filter(Boolean).slice(0, -1).join('/');
  return (
    <table className="card w-full table-fixed text-sm">
      <caption className="sr-only">Files in {path || 'the repository root'}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Size</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {path && (
          <tr>
            <td className="px-4 py-2" colSpan={2}>
              <Link className="link" to={treeHref(owner, name, parent, gitRef)}>
                ..
              </Link>
            </td>
          </tr>
        )}
        {entries.map((entry) => (
          <tr key={entry.path}>
            <td className="truncate px-4 py-2">
              <Icon
                name={icon[entry.type]}
                className={`mr-2 ${entry.type === 'TREE' ? 'text-sky-600' : 'text-slate-500'}`}
              />
              {entry.type === 'SUBMODULE' ? (
                <span>{entry.name}</span>
              ) : (
                <Link
                  className="link"
                  to={
                    entry.type === 'TREE'
                      ? treeHref(owner, name, entry.path, gitRef)
                      : blobHref(owner, name, entry.path, gitRef)
                  }
                >
                  {entry.name}
                  {entry.type === 'TREE' && <span className="sr-only"> (directory)</span>}
                </Link>
              )}
            </td>
            <td className="w-24 px-4 py-2 text-right text-xs text-slate-500">
              {formatSize(entry.size)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
