import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { fieldError, hasErrorCode } from '../../apollo/errors';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';

const UpdateCommentMutation = graphql(`
  mutation UpdateComment($input: UpdateCommentInput!) {
    updateComment(input: $input) {
      ...CommentFields
    }
  }
`);

/**
 * A comment's body edited in place. The answer is the normalized `Comment`, so the thread shows
 * the new body (and the "edited" marker) from the cache without a refetch.
 */
export function CommentEditForm(props: {
  id: string;
  body: string;
  onDone: () => void;
  /** The comment no longer exists (deleted elsewhere): drop it from the thread. */
  onGone: () => void;
}) {
  const [body, setBody] = useState(props.body);
  const [update, { loading, error }] = useMutation(UpdateCommentMutation);
  const fieldId = useId();
  const empty = body.trim().length === 0;
  const gone = hasErrorCode(error, 'NOT_FOUND');
  const bodyError = fieldError(error, 'body');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (empty) return;
    if (body === props.body) {
      props.onDone();
      return;
    }
    update({ variables: { input: { id: props.id, body } } }).then(
      () => props.onDone(),
      () => undefined,
    );
  };
  const cancel = () => (gone ? props.onGone() : props.onDone());

  return (
    <form onSubmit={submit} className="space-y-2 p-4" aria-label="Edit comment">
      <label htmlFor={fieldId} className="sr-only">
        Comment
      </label>
      <textarea
        id={fieldId}
        className="input min-h-24"
        value={body}
        autoFocus
        aria-invalid={empty || Boolean(bodyError)}
        aria-describedby={empty ? `${fieldId}-hint` : undefined}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') cancel();
        }}
      />
      {empty && (
        <p id={`${fieldId}-hint`} className="text-sm text-red-700">
          A comment cannot be empty.
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={loading || empty || gone}>
          {loading ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn-secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
      {gone ? (
        <p role="alert" className="text-sm text-red-700">
          This comment no longer exists: it was deleted. Copy your text if you need it; Cancel
          removes the comment from the page. <span className="font-mono text-xs">(NOT_FOUND)</span>
        </p>
      ) : (
        <InlineError error={error} />
      )}
    </form>
  );
}
