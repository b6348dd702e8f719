import { LabelBadge } from '../../components/LabelBadge';
import { listOfLabels } from './issueFilters';

interface Label {
  name: string;
  color: string;
}

/**
 * Toggle chips, one per label of the repository: the list shows issues carrying all of the
 * pressed ones (the API's semantics), and says so. Labels in the URL that the repository does
 * not have (any more) stay as chips, so they can be switched off.
 */
export function LabelFilter(props: {
  available: readonly Label[];
  selected: readonly string[];
  onChange: (labels: string[]) => void;
}) {
  const { available, selected, onChange } = props;
  const known = new Set(available.map((label) => label.name));
  const chips = [
    ...available,
    ...selected.filter((name) => !known.has(name)).map((name) => ({ name, color: '64748b' })),
  ];
  if (chips.length === 0) return null;
  const toggle = (name: string) =>
    onChange(selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name]);

  return (
    <div className="border-b border-slate-200 px-4 py-2">
      <div
        role="group"
        aria-labelledby="label-filter-heading"
        className="flex flex-wrap items-center gap-1.5"
      >
        <span id="label-filter-heading" className="mr-1 text-sm text-slate-600">
          Labels
        </span>
        {chips.map((label) => {
          const pressed = selected.includes(label.name);
          return (
            <button
              key={label.name}
              type="button"
              aria-pressed={pressed}
              className={`rounded-full ${pressed ? 'ring-2 ring-slate-700 ring-offset-1' : 'opacity-60 hover:opacity-100'}`}
              onClick={() => toggle(label.name)}
            >
              <LabelBadge name={label.name} color={label.color} mark={pressed ? '✓' : undefined} />
            </button>
          );
        })}
        {selected.length > 0 && (
          <button
            type="button"
            className="ml-1 text-sm text-slate-600 underline"
            onClick={() => onChange([])}
          >
            Clear labels
          </button>
        )}
      </div>
      {selected.length > 0 && (
        <p className="mt-1 text-xs text-slate-600">
          {selected.length === 1
            ? `Issues labelled ${listOfLabels(selected)}`
            : `Issues with all of ${listOfLabels(selected)}`}
        </p>
      )}
    </div>
  );
}
