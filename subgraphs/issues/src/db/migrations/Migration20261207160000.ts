import { Migration } from '@mikro-orm/migrations';

/**
 * The issue event outbox. `issue_event_streams` holds one row per repository: the last
 * sequence number given out and the highest one pruned (retention). A writer takes its
 * sequence numbers with `insert ... on conflict do update ... returning` on that row, inside the
 * transaction of its change, so the row lock is held until commit: a later number can only be
 * taken once the earlier one's transaction has ended, which makes commit order the sequence
 * order within a repository and the stream gap-free (a rolled-back transaction gives its number
 * back). `issue_events` holds each event (the issue snapshot with labels, and the comment) as
 * JSONB under (repository, sequence). No SERIAL, no PostgreSQL-only types: runs on CockroachDB.
 */
export class Migration20261207160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists issue_event_streams (
      repository varchar(201) primary key,
      last_sequence bigint not null,
      pruned_through bigint not null default 0
    )`);
    this.addSql(`create table if not exists issue_events (
      repository varchar(201) not null,
      sequence bigint not null,
      id uuid not null,
      action varchar(32) not null,
      actor varchar(64) not null,
      occurred_at timestamptz not null,
      payload jsonb not null,
      primary key (repository, sequence)
    )`);
    this.addSql(
      'create index if not exists issue_events_occurred_at_idx on issue_events (occurred_at)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists issue_events');
    this.addSql('drop table if exists issue_event_streams');
  }
}
