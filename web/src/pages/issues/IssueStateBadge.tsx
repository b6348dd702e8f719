import type { IssueState, IssueStateReason } from '../../gql/graphql';

export function IssueStateBadge({
  state,
  stateReason,
}: {
  state: IssueState;
  stateReason?: IssueStateReason | null;
}) {
  if (state === 'OPEN') {
    return (
      <span className="rounded-full bg-green-700 px-2.5 py-0.5 text-xs font-medium text-white">
        Open
      </span>
    );
  }
  return (
    <span className="rounded-full bg-purple-700 px-2.5 py-0.5 text-xs font-medium text-white">
      Closed{stateReason === 'NOT_PLANNED' ? ' as not planned' : ''}
    </span>
  );
}
