import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';

const UpdateIssueMutation = graphql(`
  mutation UpdateIssue($input: UpdateIssueInput!) {
    updateIssue(input: $input) {
      ...IssueFields
    }
  }
`);

/** The issue's title and description, edited in place. */
export function EditIssueForm(props: {
  id: string;
  title: string;
  body: string;
  onDone: () => void;
}) {
  const [title, setTitle] = useState(props.title);
  const [body, setBody] = useState(props.body);
  const [update, { loading, error }] = useMutation(UpdateIssueMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ variables: { input: { id: props.id, title: title.trim(), body } } }).then(
      () => props.onDone(),
      () => undefined,
    );
  };
  return (
    <form onSubmit={submit} className="card space-y-3 p-4" aria-label="Edit issue">
      <div>
        <label htmlFor="edit-title" className="label">
          Title
        </label>
        <input
          id="edit-title"
          className="input"
          required
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="edit-body" className="label">
          Description
        </label>
        <textarea
          id="edit-body"
          className="input min-h-32"
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={loading}>
          Save
        </button>
        <button type="button" className="btn-secondary" onClick={props.onDone}>
          Cancel
        </button>
      </div>
      <InlineError error={error} />
    </form>
  );
}
