import { Migration } from '@mikro-orm/migrations';

/**
 * Per-owner quota overrides set by a site administrator (`setOwnerQuota`): one row per owner
 * (user or organization, lower-case: Gitea's logins are case-insensitive). A null limit means
 * the default (`QUOTA_MAX_REPOSITORIES`, `QUOTA_MAX_SIZE_BYTES`); no row means both defaults.
 * Plain types and no SERIAL: runs on CockroachDB too.
 */
export class Migration20261208010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists owner_quotas (
      owner varchar(64) primary key,
      max_repositories integer,
      max_size_bytes bigint,
      updated_by varchar(64) not null,
      updated_at timestamptz not null
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists owner_quotas');
  }
}
