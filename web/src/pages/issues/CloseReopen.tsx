import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';
import type { IssueClosedReason } from '../../gql/graphql';

const CloseIssueMutation = graphql(`
  mutation CloseIssue($input: CloseIssueInput!) {
    closeIssue(input: $input) {
      ...IssueFields
    }
  }
`);

const ReopenIssueMutation = graphql(`
  mutation ReopenIssue($input: ReopenIssueInput!) {
    reopenIssue(input: $input) {
      ...IssueFields
    }
  }
`);

/** Close with a reason (completed / not planned), or reopen. */
export function CloseReopen({ id, state }: { id: string; state: 'OPEN' | 'CLOSED' }) {
  const [reason, setReason] = useState<IssueClosedReason>('COMPLETED');
  const [close, closing] = useMutation(CloseIssueMutation);
  const [reopen, reopening] = useMutation(ReopenIssueMutation);
  if (state === 'CLOSED') {
    return (
      <div>
        <button
          type="button"
          className="btn-secondary"
          disabled={reopening.loading}
          onClick={() => void reopen({ variables: { input: { id } } }).catch(() => undefined)}
        >
          Reopen issue
        </button>
        <InlineError error={reopening.error} />
      </div>
    );
  }
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="close-reason" className="sr-only">
          Reason for closing
        </label>
        <select
          id="close-reason"
          className="input w-auto py-1"
          value={reason}
          onChange={(e) => setReason(e.target.value as IssueClosedReason)}
        >
          <option value="COMPLETED">Completed</option>
          <option value="NOT_PLANNED">Not planned</option>
        </select>
        <button
          type="button"
          className="btn-secondary"
          disabled={closing.loading}
          onClick={() =>
            void close({ variables: { input: { id, reason } } }).catch(() => undefined)
          }
        >
          Close issue
        </button>
      </div>
      <InlineError error={closing.error} />
    </div>
  );
}
