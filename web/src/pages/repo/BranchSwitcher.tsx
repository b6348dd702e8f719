import { useLocation, useNavigate } from 'react-router';
import type { RepositoryHeader } from './RepositoryLayout';

/** A native select: keyboard accessible as is. Switching keeps the page and changes `?ref=`. */
export function BranchSwitcher({
  repository,
  gitRef,
}: {
  repository: RepositoryHeader;
  gitRef: string | undefined;
}) {
  const navigate = useNavigate();
  const location = useLocation();
  const current = gitRef ?? repository.defaultBranch;
  const branches = repository.branches.nodes;
  const names = branches.some((b) => b.name === current)
    ? branches.map((b) => b.name)
    : [current, ...branches.map((b) => b.name)];
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="branch" className="text-sm text-slate-600">
        Branch
      </label>
      <select
        id="branch"
        className="input w-auto py-1"
        value={current}
        onChange={(e) => {
          const params = new URLSearchParams(location.search);
          if (e.target.value === repository.defaultBranch) params.delete('ref');
          else params.set('ref', e.target.value);
          const search = params.toString();
          void navigate(`${location.pathname}${search ? `?${search}` : ''}`);
        }}
      >
        {names.map((branch) => (
          <option key={branch} value={branch}>
            {branch}
            {branch === repository.defaultBranch ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
