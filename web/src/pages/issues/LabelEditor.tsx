import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { LabelBadge } from '../../components/LabelBadge';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';

const SetLabelsMutation = graphql(`
  mutation SetIssueLabels($input: UpdateIssueInput!) {
    updateIssue(input: $input) {
      id
      labels {
        name
        color
      }
      updatedAt
    }
  }
`);

interface Label {
  name: string;
  color: string;
}

/** Labels of an issue: pick existing ones or type new ones (created on first use). */
export function LabelEditor(props: {
  issueId: string;
  labels: Label[];
  available: Label[];
  canEdit: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [extra, setExtra] = useState('');
  const [save, { loading, error }] = useMutation(SetLabelsMutation, {
    refetchQueries: ['IssueDetail'],
  });

  const start = () => {
    setSelected(props.labels.map((l) => l.name));
    setExtra('');
    setEditing(true);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = extra
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const labels = [...new Set([...selected, ...typed])];
    save({ variables: { input: { id: props.issueId, labels } } }).then(
      () => setEditing(false),
      () => undefined,
    );
  };
  const names = [
    ...new Set([...props.available.map((l) => l.name), ...props.labels.map((l) => l.name)]),
  ];

  return (
    <section aria-labelledby="labels-heading" className="border-b border-slate-200 pb-4">
      <div className="flex items-center justify-between">
        <h3 id="labels-heading" className="text-sm font-semibold">
          Labels
        </h3>
        {props.canEdit && !editing && (
          <button type="button" className="text-sm text-slate-600 underline" onClick={start}>
            Edit labels
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={submit} className="mt-2 space-y-2">
          <fieldset className="space-y-1">
            <legend className="sr-only">Labels</legend>
            {names.map((name) => (
              <label key={name} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={selected.includes(name)}
                  onChange={(e) =>
                    setSelected((list) =>
                      e.target.checked ? [...list, name] : list.filter((n) => n !== name),
                    )
                  }
                />
                {name}
              </label>
            ))}
          </fieldset>
          <label htmlFor="new-labels" className="label">
            New labels <span className="font-normal text-slate-500">(comma separated)</span>
          </label>
          <input
            id="new-labels"
            className="input"
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
          />
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={loading}>
              Apply
            </button>
            <button type="button" className="btn-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          <InlineError error={error} />
        </form>
      ) : (
        <div className="mt-2 flex flex-wrap gap-1">
          {props.labels.length === 0 ? (
            <span className="text-sm text-slate-500">None yet</span>
          ) : (
            props.labels.map((label) => <LabelBadge key={label.name} {...label} />)
          )}
        </div>
      )}
    </section>
  );
}
