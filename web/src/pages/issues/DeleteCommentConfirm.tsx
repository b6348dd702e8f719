import { useMutation } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { hasErrorCode } from '../../apollo/errors';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';
import { removeCommentFromCache } from './commentCache';

const DeleteCommentMutation = graphql(`
  mutation DeleteComment($input: DeleteCommentInput!) {
    deleteComment(input: $input) {
      id
      issue {
        id
        commentCount
        updatedAt
      }
    }
  }
`);

/**
 * The confirmation step of deleting a comment, inline under it (the UI has no modal dialogs).
 * Focus starts on Cancel, so Enter does not delete by accident.
 */
export function DeleteCommentConfirm(props: {
  id: string;
  onCancel: () => void;
  /** Someone else deleted it first (NOT_FOUND): the outcome the reader wanted. */
  onGone: () => void;
}) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelButton.current?.focus(), []);
  const [remove, { loading, error }] = useMutation(DeleteCommentMutation, {
    update: (cache, { data }) => {
      if (data) removeCommentFromCache(cache, data.deleteComment.issue.id, data.deleteComment.id);
    },
  });
  const confirm = () =>
    void remove({ variables: { input: { id: props.id } } }).catch((err: unknown) => {
      if (hasErrorCode(err, 'NOT_FOUND')) props.onGone();
    });

  return (
    <div
      role="group"
      aria-label="Confirm deleting this comment"
      className="border-t border-red-200 bg-red-50 px-4 py-3 text-sm"
    >
      <p>Delete this comment? This cannot be undone.</p>
      <div className="mt-2 flex gap-2">
        <button type="button" className="btn-danger" disabled={loading} onClick={confirm}>
          {loading ? 'Deleting…' : 'Delete comment'}
        </button>
        <button type="button" ref={cancelButton} className="btn-secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      <InlineError error={error} />
    </div>
  );
}
