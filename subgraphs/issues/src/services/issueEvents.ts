import type { Comment, Issue, Label } from '../db/entities';

export type IssueEventAction =
  | 'CREATED'
  | 'UPDATED'
  | 'CLOSED'
  | 'REOPENED'
  | 'COMMENTED'
  | 'COMMENT_EDITED'
  | 'COMMENT_DELETED'
  | 'ASSIGNED'
  | 'UNASSIGNED';

/**
 * An issue as it was right after the change, with its labels and assignees' logins (events
 * carry them; `assignees` is absent from events written before assignees existed and from
 * CREATED, which has none).
 */
export type IssueSnapshot = Issue & { labels: Label[]; assignees?: string[] };

/** Something that happened to an issue, as subscribers receive it. */
export interface IssueEvent {
  id: string;
  /**
   * Its place in the repository's event stream (outbox): 1, 2, 3, ... in commit order, no gap.
   */
  sequence: number;
  action: IssueEventAction;
  repository: string;
  /** Login of the user who made the change. */
  actor: string;
  occurredAt: Date;
  issue: IssueSnapshot;
  comment: Comment | null;
}

/** The pub/sub channel of one repository's issue events. */
export function issueEventChannel(repository: string): string {
  return `issues.events.${repository}`;
}

/** JSON turns Dates into ISO strings; this turns an event back into domain objects. */
export function reviveIssueEvent(message: unknown): IssueEvent {
  const raw = message as Record<string, unknown> & {
    issue: Record<string, unknown> & { labels: Record<string, unknown>[] };
    comment: Record<string, unknown> | null;
  };
  return {
    ...(raw as unknown as IssueEvent),
    sequence: Number(raw.sequence),
    occurredAt: toDate(raw.occurredAt),
    issue: {
      ...(raw.issue as unknown as IssueSnapshot),
      createdAt: toDate(raw.issue.createdAt),
      updatedAt: toDate(raw.issue.updatedAt),
      closedAt: raw.issue.closedAt == null ? null : toDate(raw.issue.closedAt),
      labels: raw.issue.labels.map((l) => ({
        ...(l as unknown as Label),
        createdAt: toDate(l.createdAt),
      })),
    },
    comment: raw.comment
      ? {
          ...(raw.comment as unknown as Comment),
          createdAt: toDate(raw.comment.createdAt),
          updatedAt: toDate(raw.comment.updatedAt),
        }
      : null,
  };
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
