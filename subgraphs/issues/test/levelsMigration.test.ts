import { createLogger } from '@gitforge/logging';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createIssuesServer } from '../src/createIssuesServer';
import { createOrm, migrate } from '../src/db/createOrm';
import { ownerByName } from './ownerByName';

/*
 * Issue 16's migrations (repository_permission_facts, issue_assignees) on a database that already
 * holds the earlier schema and data: in a database of its own, migrated up to the outbox
 * migration first, with an issue and stored repository facts in it.
 */

const embedded = process.env.GITFORGE_TEST_EMBEDDED_DB === '1';
const base = process.env.DATABASE_URL!;
const name = `issues_levels_migration_${Date.now().toString(36)}_${process.pid}`;
const url = (() => {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
})();
let admin: MikroORM;

beforeAll(async () => {
  if (embedded) return;
  admin = await createOrm({ databaseUrl: base, poolMax: 1 });
  await admin.em.fork().execute(`create database ${name}`);
});
afterAll(async () => {
  if (embedded) return;
  await admin.em.fork().execute(`drop database if exists ${name} with (force)`);
  await admin.close();
});

(embedded ? it.skip : it)('runs on an existing database, keeping its data', async () => {
  const orm = await createOrm({ databaseUrl: url, poolMax: 2 });
  try {
    await orm.getMigrator().up({ to: 'Migration20261207160000' });
    const em = orm.em.fork();
    const id = '0b9d7a56-8f0e-4a43-9d4e-2f3c1a6b7c01';
    const now = new Date();
    await em.execute(
      `insert into issues (id, repository, number, title, body, state, author, comment_count, created_at, updated_at)
       values (?, 'alice/old', 1, 'Before levels', '', 'OPEN', 'alice', 0, ?, ?)`,
      [id, now, now],
    );
    await em.execute(
      `insert into repository_facts (repository, owner, private, gitea_id, checked_at)
       values ('alice/old', 'alice', true, 3, ?)`,
      [now],
    );
    const pending = (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
    expect(pending).toEqual(
      expect.arrayContaining(['Migration20261208000000', 'Migration20261208000100']),
    );

    await migrate(orm);
    expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    // Again: nothing to do.
    await migrate(orm);
    const [issue] = await em.execute<{ title: string }[]>('select title from issues where id = ?', [
      id,
    ]);
    expect(issue).toEqual({ title: 'Before levels' });
    const [facts] = await em.execute<{ owner: string }[]>(
      "select owner from repository_facts where repository = 'alice/old'",
    );
    expect(facts).toEqual({ owner: 'alice' });
    await em.execute(
      `insert into repository_permission_facts (repository, login, level, checked_at)
       values ('alice/old', 'writer', 'write', ?)`,
      [now],
    );
    await expect(
      em.execute(
        `insert into repository_permission_facts (repository, login, level, checked_at)
         values ('alice/old', 'odd', 'owner', ?)`,
        [now],
      ),
    ).rejects.toThrow(/repository_permission_facts_level_check/);
    await em.execute(
      'insert into issue_assignees (issue_id, login, assigned_at) values (?, ?, ?)',
      [id, 'writer', now],
    );
  } finally {
    await orm.close();
  }

  // The subgraph serves the old issue with its assignee over the migrated database.
  const server = await createIssuesServer({
    port: 0,
    databaseUrl: url,
    poolMax: 2,
    jwtSecret: 'levels-migration-secret-0123456789abcdef',
    logger: createLogger('issues-migration-test', 'silent'),
    access: ownerByName,
  });
  try {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ issues(repository: "alice/old", assignee: "writer") { nodes { title assignees { login } } } }`,
      }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.issues.nodes).toEqual([
      { title: 'Before levels', assignees: [{ login: 'writer' }] },
    ]);
  } finally {
    await server.close();
  }
});
