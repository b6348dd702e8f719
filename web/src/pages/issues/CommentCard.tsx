import { useEffect, useRef, useState } from 'react';
import { LazyMarkdown } from '../../components/LazyMarkdown';
import { RelativeTime } from '../../components/RelativeTime';
import type { CommentFieldsFragment } from '../../gql/graphql';
import { CommentEditForm } from './CommentEditForm';
import { DeleteCommentConfirm } from './DeleteCommentConfirm';

type Mode = 'view' | 'edit' | 'delete';

export function isEdited(comment: Pick<CommentFieldsFragment, 'createdAt' | 'updatedAt'>) {
  return Date.parse(comment.updatedAt) > Date.parse(comment.createdAt);
}

/** One comment of an issue thread, with Edit and Delete where `viewerCan…` allow them. */
export function CommentCard(props: {
  comment: CommentFieldsFragment;
  /** The comment turned out to be deleted already; `message` says so to the reader. */
  onGone: (message: string) => void;
}) {
  const { comment } = props;
  const canEdit = comment.viewerCanUpdate;
  const canDelete = comment.viewerCanDelete;
  const [mode, setMode] = useState<Mode>('view');
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // Back from editing or confirming: focus returns to the button that started it.
  const previousMode = useRef<Mode>(mode);
  useEffect(() => {
    if (mode === 'view' && previousMode.current !== 'view') {
      (previousMode.current === 'edit' ? editButton : deleteButton).current?.focus();
    }
    previousMode.current = mode;
  }, [mode]);

  return (
    <li className="card">
      <div className="flex flex-wrap items-center gap-x-2 border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm">
        <span className="mr-auto">
          <strong>{comment.author.login}</strong> commented <RelativeTime iso={comment.createdAt} />
          {isEdited(comment) && (
            <span className="text-slate-500">
              {' · '}
              <time
                dateTime={comment.updatedAt}
                title={`Edited ${new Date(comment.updatedAt).toLocaleString()}`}
              >
                edited
              </time>
            </span>
          )}
        </span>
        {(canEdit || canDelete) && mode === 'view' && (
          <span className="flex gap-3">
            {canEdit && (
              <button
                type="button"
                ref={editButton}
                className="text-slate-600 underline-offset-2 hover:underline"
                onClick={() => setMode('edit')}
              >
                Edit
              </button>
            )}
            {canDelete && (
              <button
                type="button"
                ref={deleteButton}
                className="text-red-700 underline-offset-2 hover:underline"
                onClick={() => setMode('delete')}
              >
                Delete
              </button>
            )}
          </span>
        )}
      </div>
      {mode === 'edit' ? (
        <CommentEditForm
          id={comment.id}
          body={comment.body}
          onDone={() => setMode('view')}
          onGone={() => props.onGone('That comment was deleted; your edit was not saved.')}
        />
      ) : (
        <div className="p-4">
          <LazyMarkdown source={comment.body} />
        </div>
      )}
      {mode === 'delete' && (
        <DeleteCommentConfirm
          id={comment.id}
          onCancel={() => setMode('view')}
          onGone={() => props.onGone('That comment had already been deleted.')}
        />
      )}
    </li>
  );
}
