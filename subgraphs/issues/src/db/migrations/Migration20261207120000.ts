import { Migration } from '@mikro-orm/migrations';

/**
 * Gitea's numeric id of the repository the stored facts describe (`repository_facts.gitea_id`):
 * a repository deleted and re-created under the same name gets a new id, so a permission check
 * that answers another id than the stored one shows the re-creation even when the deletion's
 * message was never received, and the deleted repository's issues are deleted then. Null for
 * facts stored before this column or told by a change message that carries no id (unknown).
 * `add column if not exists` and a plain bigint: runs on CockroachDB too.
 */
export class Migration20261207120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table repository_facts add column if not exists gitea_id bigint');
  }

  override async down(): Promise<void> {
    this.addSql('alter table repository_facts drop column if exists gitea_id');
  }
}
