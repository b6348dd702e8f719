import { Migration } from '@mikro-orm/migrations';

/**
 * Initial schema. Written to run unchanged on PostgreSQL and CockroachDB: ids are UUIDs made by
 * the application (no SERIAL), issue numbers come from a per-repository counter row.
 */
export class Migration20261127000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists repository_counters (
      repository varchar(201) primary key,
      last_issue_number integer not null
    )`);
    this.addSql(`create table if not exists issues (
      id uuid primary key,
      repository varchar(201) not null,
      number integer not null,
      title varchar(256) not null,
      body text not null default '',
      state varchar(16) not null,
      state_reason varchar(16) null,
      author varchar(64) not null,
      comment_count integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      closed_at timestamptz null,
      constraint issues_repository_number_unique unique (repository, number),
      constraint issues_state_check check (state in ('OPEN', 'CLOSED'))
    )`);
    this.addSql(
      'create index if not exists issues_repository_state_created_idx on issues (repository, state, created_at)',
    );
    this.addSql('create index if not exists issues_author_idx on issues (author)');
    this.addSql(`create table if not exists comments (
      id uuid primary key,
      issue_id uuid not null references issues (id) on delete cascade,
      author varchar(64) not null,
      body text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql(
      'create index if not exists comments_issue_created_idx on comments (issue_id, created_at)',
    );
    this.addSql(`create table if not exists labels (
      id uuid primary key,
      repository varchar(201) not null,
      name varchar(50) not null,
      color varchar(6) not null,
      created_at timestamptz not null,
      constraint labels_repository_name_unique unique (repository, name)
    )`);
    this.addSql(`create table if not exists issue_labels (
      issue_id uuid not null references issues (id) on delete cascade,
      label_id uuid not null references labels (id) on delete cascade,
      primary key (issue_id, label_id)
    )`);
    this.addSql('create index if not exists issue_labels_label_idx on issue_labels (label_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists issue_labels');
    this.addSql('drop table if exists labels');
    this.addSql('drop table if exists comments');
    this.addSql('drop table if exists issues');
    this.addSql('drop table if exists repository_counters');
  }
}
