import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';

const AddCommentMutation = graphql(`
  mutation AddComment($input: AddCommentInput!) {
    addComment(input: $input) {
      ...CommentFields
    }
  }
`);

/** A new comment at the end of the thread. */
export function CommentForm({ issueId, onAdded }: { issueId: string; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [add, { loading, error }] = useMutation(AddCommentMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    add({ variables: { input: { issueId, body } } }).then(
      () => {
        setBody('');
        onAdded();
      },
      () => undefined,
    );
  };
  return (
    <form onSubmit={submit} className="card space-y-2 p-4">
      <label htmlFor="comment-body" className="label">
        Add a comment
      </label>
      <textarea
        id="comment-body"
        className="input min-h-24"
        placeholder="Markdown is supported"
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <button type="submit" className="btn-primary" disabled={loading || !body.trim()}>
        {loading ? 'Commenting…' : 'Comment'}
      </button>
      <InlineError error={error} />
    </form>
  );
}
