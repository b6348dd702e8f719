import { Migration } from '@mikro-orm/migrations';

/**
 * Issue assignees (at most 10 per issue, checked by the service): users with WRITE or above on
 * the repository when assigned. They go with their issue (on delete cascade); the login index
 * serves `issues(assignee:)`. Plain types, no SERIAL: runs on CockroachDB.
 */
export class Migration20261208000100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists issue_assignees (
      issue_id uuid not null references issues (id) on delete cascade,
      login varchar(64) not null,
      assigned_at timestamptz not null,
      primary key (issue_id, login)
    )`);
    this.addSql(
      'create index if not exists issue_assignees_login_idx on issue_assignees (login, issue_id)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists issue_assignees');
  }
}
