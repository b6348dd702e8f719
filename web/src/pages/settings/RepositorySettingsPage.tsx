import { useRepositoryContext } from '../repo/RepositoryLayout';
import { CollaboratorsSettings } from './CollaboratorsSettings';

/** `/:owner/:name/settings`: the repository's settings (ADMIN); collaborators for now. */
export function RepositorySettingsPage() {
  const { owner, name } = useRepositoryContext();
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Settings" className="text-sm">
        <span aria-current="page" className="block rounded bg-slate-100 px-3 py-2 font-semibold">
          Collaborators
        </span>
      </nav>
      <CollaboratorsSettings owner={owner} name={name} />
    </div>
  );
}
