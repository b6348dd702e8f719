import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Comment, Issue, Label } from '../db/entities';
import {
  reviveIssueEvent,
  type IssueEvent,
  type IssueEventAction,
  type IssueSnapshot,
} from './issueEvents';
import { assigneesOf } from './assigneeStore';
import { labelsOfIssues } from './labelStore';

/**
 * The issue as `tx` has it now, with its labels and assignees (read in `tx`), for an event: the
 * entity's own fields only (a MikroORM entity may carry hidden references).
 */
export async function issueSnapshot(
  tx: EntityManager,
  issue: Issue,
  labels?: Label[],
): Promise<IssueSnapshot> {
  const own = { ...issue } as Issue & { labels?: unknown; assignees?: unknown };
  delete own.labels;
  delete own.assignees;
  return {
    ...own,
    labels: labels ?? (await labelsOfIssues(tx, [issue.id])).get(issue.id) ?? [],
    assignees: await assigneesOf(tx, issue.id),
  };
}

/** An event about to be written with its change (its sequence comes from the stream row). */
export interface IssueEventDraft {
  action: IssueEventAction;
  actor: string;
  issue: IssueSnapshot;
  comment?: Comment | null;
}

/**
 * Writes the event into the outbox inside the caller's transaction `tx`, as its LAST statement
 * (the stream row's lock is then held for the shortest time): the repository's stream row goes
 * up by one and its RETURNING is the event's sequence. The row stays locked until `tx` ends, so
 * the next event of the repository gets its number only after this one committed (or rolled
 * back, giving the number back): commit order = sequence order, no gap.
 */
export async function appendIssueEvent(
  tx: EntityManager,
  draft: IssueEventDraft,
): Promise<IssueEvent> {
  const occurredAt = new Date();
  const id = randomUUID();
  const repository = draft.issue.repository;
  const payload = JSON.stringify({ issue: draft.issue, comment: draft.comment ?? null });
  const [row] = await tx.execute<{ sequence: string | number }[]>(
    `with stream as (
       insert into issue_event_streams (repository, last_sequence) values (?, 1)
       on conflict (repository) do update
         set last_sequence = issue_event_streams.last_sequence + 1
       returning last_sequence)
     insert into issue_events (repository, sequence, id, action, actor, occurred_at, payload)
     select ?, stream.last_sequence, ?, ?, ?, ?, cast(? as jsonb) from stream
     returning sequence`,
    [repository, repository, id, draft.action, draft.actor, occurredAt, payload],
  );
  if (!row) throw new Error('the issue event was not written');
  return {
    id,
    sequence: Number(row.sequence),
    action: draft.action,
    repository,
    actor: draft.actor,
    occurredAt,
    issue: draft.issue,
    comment: draft.comment ?? null,
  };
}

interface EventRow {
  repository: string;
  sequence: string | number;
  id: string;
  action: IssueEventAction;
  actor: string;
  occurred_at: Date | string;
  payload: string | { issue: unknown; comment: unknown };
}

function eventOf(row: EventRow): IssueEvent {
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as {
    issue: unknown;
    comment: unknown;
  };
  return reviveIssueEvent({
    id: row.id,
    sequence: row.sequence,
    action: row.action,
    repository: row.repository,
    actor: row.actor,
    occurredAt: row.occurred_at,
    issue: payload.issue,
    comment: payload.comment,
  });
}

/** The stream of one repository as stored: last sequence given out, highest pruned. */
export interface StreamPosition {
  lastSequence: number;
  prunedThrough: number;
}

/** Reads of the outbox (replay and gap fill). */
export class IssueEventStore {
  constructor(private readonly em: EntityManager) {}

  async position(repository: string): Promise<StreamPosition> {
    const [row] = await this.em
      .fork()
      .execute<{ last_sequence: string; pruned_through: string }[]>(
        'select last_sequence, pruned_through from issue_event_streams where repository = ?',
        [repository],
      );
    return {
      lastSequence: Number(row?.last_sequence ?? 0),
      prunedThrough: Number(row?.pruned_through ?? 0),
    };
  }

  /** Events with `from` <= sequence (< `before` when given), in order, at most `limit`. */
  async read(
    repository: string,
    from: number,
    options: { before?: number; limit: number },
  ): Promise<IssueEvent[]> {
    const until = options.before === undefined ? '' : ' and sequence < ?';
    const params: unknown[] = [repository, from];
    if (options.before !== undefined) params.push(options.before);
    params.push(options.limit);
    const rows = await this.em.fork().execute<EventRow[]>(
      `select repository, sequence, id, action, actor, occurred_at, payload
         from issue_events where repository = ? and sequence >= ?${until}
        order by sequence limit ?`,
      params,
    );
    return rows.map(eventOf);
  }

  /**
   * Deletes events that occurred before `cutoff`, at most `batch` at a time, and records per
   * repository the highest sequence deleted (`pruned_through`), in the same statement, so a
   * reader never finds events missing without the stream saying they were pruned. Returns how
   * many were deleted.
   */
  async prune(cutoff: Date, batch = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.em.fork().execute<{ n: string | number }[]>(
        `with doomed as (
           delete from issue_events where (repository, sequence) in (
             select repository, sequence from issue_events where occurred_at < ?
              order by occurred_at limit ?)
           returning repository, sequence),
         highest as (
           select repository, max(sequence) as sequence, count(*) as n from doomed
            group by repository),
         marked as (
           update issue_event_streams set pruned_through = highest.sequence
             from highest
            where issue_event_streams.repository = highest.repository
              and issue_event_streams.pruned_through < highest.sequence
           returning issue_event_streams.repository)
         select coalesce(sum(n), 0) as n from highest`,
        [cutoff, batch],
      );
      const deleted = Number(rows[0]?.n ?? 0);
      total += deleted;
      if (deleted < batch) return total;
    }
  }
}
