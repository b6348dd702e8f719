import { Migration } from '@mikro-orm/migrations';

/**
 * Per-user levels in a repository (Gitea's NONE < READ < WRITE < ADMIN, as the repository
 * subgraph's `viewerPermission` last answered them), next to `repository_facts`: read when the
 * repository subgraph or Gitea cannot answer, so collaborators keep exactly the access they
 * were last shown, never more. A row exists only for a level above what everyone has (READ on a
 * public repository, NONE on a private one); a missing row is that baseline. Keyed by the
 * lower-case `owner/name` and login; no SERIAL, upserts with ON CONFLICT: runs on CockroachDB.
 */
export class Migration20261208000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists repository_permission_facts (
      repository varchar(201) not null,
      login varchar(64) not null,
      level varchar(8) not null,
      checked_at timestamptz not null,
      primary key (repository, login),
      constraint repository_permission_facts_level_check
        check (level in ('none', 'read', 'write', 'admin'))
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists repository_permission_facts');
  }
}
