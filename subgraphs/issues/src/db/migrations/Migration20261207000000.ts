import { Migration } from '@mikro-orm/migrations';

/**
 * What the permission check needs to know about a repository (owner, visibility), as last
 * answered by the repository subgraph or told by a repository webhook: the issues of a known
 * repository stay readable, with the right permissions, while the git host is hung or down and
 * after this process restarts. Keyed by the lower-case `owner/name` (Gitea's names are
 * case-insensitive); no SERIAL, upserts with ON CONFLICT, so it runs on CockroachDB too.
 */
export class Migration20261207000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists repository_facts (
      repository varchar(201) primary key,
      owner varchar(64) not null,
      private boolean not null,
      checked_at timestamptz not null
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists repository_facts');
  }
}
