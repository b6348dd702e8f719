import { randomUUID } from 'node:crypto';
import type { Issue, Label } from '../db/entities';
import { labelColor } from '../services/labelColor';
import type { RunStatement } from './pooledStatement';

/** A new issue, validated and permitted, waiting for its number. */
export interface IssueDraft {
  repository: string;
  author: string;
  title: string;
  body: string;
  /** Distinct, validated label names. */
  labels: string[];
}

/** A filed issue with its labels (ordered by name), as events and the answer carry it. */
export type FiledIssue = Issue & { labels: Label[] };

/** Its CREATED event, written to the outbox by the same statement. */
export interface FiledEvent {
  id: string;
  sequence: number;
  occurredAt: Date;
}

/** What one draft's filing produced. */
export interface Filed {
  issue: FiledIssue;
  event: FiledEvent;
}

interface Returned {
  id: string;
  number: number | string | null;
  name: string | null;
  color: string | null;
  created_at: Date | string | null;
  /** A label's place in the database's order of names (the order label lists use). */
  rank: number | string | null;
  /** An outbox row's sequence (its `id` is the event's). */
  sequence: number | string | null;
}

/**
 * Files `drafts` (all of `repository`) in ONE statement, so one round trip and one transaction
 * (`run`): the counter row of the repository goes up by n, and its RETURNING gives the numbers
 * last-n+1 .. last to the multi-row insert of the issues; labels are upserted and linked in
 * the same statement. Returns the issues in the order of `drafts`, each with its labels.
 * Numbers stay gap-free because a failed statement changes nothing, the increment included,
 * and every number taken is used. The CREATED events go to the outbox in the same statement:
 * the repository's event stream row goes up by n (its lock held until commit, so commit order
 * is sequence order) and each issue's event, its snapshot built in SQL with the labels as
 * upserted, takes one of the n sequence numbers, in the order of `drafts`.
 *
 * Order inside the statement: the issues and the labels are produced from the counter's
 * RETURNING row, so the counter row's lock (waiting for any other batch of the repository,
 * in another process) comes before any other write; concurrent batches of one repository
 * therefore write one after the other. The labels are upserted with DO UPDATE (a no-op
 * rewrite of the name) rather than DO NOTHING so that RETURNING gives the id of every label,
 * new or existing, even one a concurrent batch committed after this statement's snapshot; a
 * separate read of `labels` in the same statement would not see that one and lose the link.
 */
export async function insertIssueBatch(
  run: RunStatement,
  repository: string,
  drafts: readonly IssueDraft[],
): Promise<Filed[]> {
  const n = drafts.length;
  const now = new Date();
  const ids = drafts.map(() => randomUUID());
  const eventIds = drafts.map(() => randomUUID());
  const values: unknown[] = [repository, n, now];
  const p = (value: unknown) => `$${values.push(value)}`;
  const issueRows = drafts
    .map(
      (d, i) =>
        `(${p(i + 1)}::int, ${p(ids[i])}::uuid, ${p(d.title)}::text, ${p(d.body)}::text, ${p(d.author)}::text, ${p(eventIds[i])}::uuid)`,
    )
    .join(', ');
  // Sorted: two batches upserting the same labels lock them in the same order.
  const names = [...new Set(drafts.flatMap((d) => d.labels))].sort();
  const labelRows = names
    .map((name) => `(${p(randomUUID())}::uuid, ${p(name)}::text, ${p(labelColor(name))}::text)`)
    .join(', ');
  const linkRows = drafts
    .flatMap((d, i) => d.labels.map((name) => `(${p(ids[i])}::uuid, ${p(name)}::text)`))
    .join(', ');
  const labelling =
    names.length === 0
      ? ''
      : `,
    named as (
      insert into labels (id, repository, name, color, created_at)
      select v.id, $1::text, v.name, v.color, $3::timestamptz
        from (values ${labelRows}) as v (id, name, color) cross join counter
      on conflict (repository, name) do update set name = excluded.name
      returning id, name, color, created_at),
    linked as (
      insert into issue_labels (issue_id, label_id)
      select w.issue_id, named.id
        from (values ${linkRows}) as w (issue_id, name) join named on named.name = w.name
      returning label_id)`;
  // Each event's labels as the issue carries them: ordered by name, as upserted above.
  const eventLabels =
    names.length === 0
      ? `'[]'::jsonb`
      : `coalesce((
          select jsonb_agg(jsonb_build_object('id', named.id, 'repository', $1::text,
                   'name', named.name, 'color', named.color, 'createdAt', named.created_at)
                 order by named.name)
            from (values ${linkRows}) as w (issue_id, name) join named on named.name = w.name
           where w.issue_id = d.id), '[]'::jsonb)`;
  const labelsReturned =
    names.length === 0
      ? ''
      : `
    union all
    select named.id::text, null::int, named.name::text, named.color::text, named.created_at,
           row_number() over (order by named.name) as rank, null::bigint
      from named`;
  // The counter's conflict arbiter is its primary key: one row touched, no scan.
  const rows = await run<Returned>(
    `with counter as (
      insert into repository_counters (repository, last_issue_number)
      values ($1::text, $2::int)
      on conflict (repository) do update
        set last_issue_number = repository_counters.last_issue_number + excluded.last_issue_number
      returning last_issue_number),
    filed as (
      insert into issues
        (id, repository, number, title, body, state, state_reason, author, comment_count,
         created_at, updated_at, closed_at)
      select d.id, $1::text, counter.last_issue_number - $2::int + d.ord, d.title, d.body,
             'OPEN', null, d.author, 0, $3::timestamptz, $3::timestamptz, null
        from (values ${issueRows}) as d (ord, id, title, body, author, event_id) cross join counter
      returning id, number)${labelling},
    stream as (
      insert into issue_event_streams (repository, last_sequence)
      values ($1::text, $2::int)
      on conflict (repository) do update
        set last_sequence = issue_event_streams.last_sequence + excluded.last_sequence
      returning last_sequence),
    evented as (
      insert into issue_events (repository, sequence, id, action, actor, occurred_at, payload)
      select $1::text, stream.last_sequence - $2::int + d.ord, d.event_id, 'CREATED', d.author,
             $3::timestamptz,
             jsonb_build_object('comment', null, 'issue', jsonb_build_object(
               'id', d.id, 'repository', $1::text,
               'number', counter.last_issue_number - $2::int + d.ord,
               'title', d.title, 'body', d.body, 'state', 'OPEN', 'stateReason', null,
               'author', d.author, 'commentCount', 0, 'createdAt', $3::timestamptz,
               'updatedAt', $3::timestamptz, 'closedAt', null, 'labels', ${eventLabels}))
        from (values ${issueRows}) as d (ord, id, title, body, author, event_id)
             cross join counter cross join stream
      returning id, sequence)
    select filed.id::text as id, filed.number, null::text as name, null::text as color,
           null::timestamptz as created_at, null::bigint as rank, null::bigint as sequence
      from filed
    union all
    select evented.id::text, null::int, null::text, null::text, null::timestamptz,
           null::bigint, evented.sequence
      from evented${labelsReturned}`,
    values,
  );
  const issues = assemble(repository, drafts, ids, rows, now);
  const sequences = new Map<string, number>();
  for (const row of rows) {
    if (row.sequence !== null) sequences.set(row.id, Number(row.sequence));
  }
  return issues.map((issue, i) => {
    const sequence = sequences.get(eventIds[i]!);
    if (sequence === undefined) throw new Error(`the event of issue ${issue.id} was not written`);
    return { issue, event: { id: eventIds[i]!, sequence, occurredAt: now } };
  });
}

function assemble(
  repository: string,
  drafts: readonly IssueDraft[],
  ids: readonly string[],
  rows: readonly Returned[],
  now: Date,
): FiledIssue[] {
  const numbers = new Map<string, number>();
  const labels = new Map<string, Label & { rank: number }>();
  for (const row of rows) {
    if (row.number !== null) numbers.set(row.id, Number(row.number));
    else if (row.sequence === null) {
      labels.set(row.name!, {
        id: row.id,
        repository,
        name: row.name!,
        color: row.color!,
        createdAt: new Date(row.created_at!),
        rank: Number(row.rank),
      });
    }
  }
  return drafts.map((draft, i) => {
    const id = ids[i]!;
    const number = numbers.get(id);
    if (number === undefined) throw new Error(`issue ${id} was not returned by its insert`);
    return {
      id,
      repository,
      number,
      title: draft.title,
      body: draft.body,
      state: 'OPEN',
      stateReason: null,
      author: draft.author,
      commentCount: 0,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      labels: draft.labels
        .map((name) => labels.get(name))
        .filter((label) => label !== undefined)
        .sort((a, b) => a.rank - b.rank)
        .map(({ rank: _rank, ...label }) => label),
    };
  });
}
