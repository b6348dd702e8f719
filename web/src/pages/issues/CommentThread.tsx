import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import type { CommentFieldsFragment } from '../../gql/graphql';
import { CommentCard } from './CommentCard';
import { removeCommentFromCache } from './commentCache';

/** An issue's comments, oldest first; Edit and Delete where the API says the viewer may. */
export function CommentThread(props: {
  issueId: string;
  comments: CommentFieldsFragment[];
  hasNextPage: boolean;
  onLoadMore: () => void;
}) {
  const { cache } = useApolloClient();
  const [notice, setNotice] = useState('');
  const gone = (commentId: string, message: string) => {
    removeCommentFromCache(cache, props.issueId, commentId);
    setNotice(message);
  };

  return (
    <>
      <ol className="space-y-4" aria-label="Comments">
        {props.comments.map((comment) => (
          <CommentCard
            key={comment.id}
            comment={comment}
            onGone={(message) => gone(comment.id, message)}
          />
        ))}
      </ol>
      <p role="status" aria-live="polite" className={notice ? 'text-sm text-slate-600' : 'sr-only'}>
        {notice}
      </p>
      {props.hasNextPage && (
        <button type="button" className="btn-secondary" onClick={props.onLoadMore}>
          Load more comments
        </button>
      )}
    </>
  );
}
