import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrm, migrate } from '../../subgraphs/issues/src/db/createOrm';
import { freePort, root } from '../../test/support/platform';
import { createBackup } from '../src/createBackup';
import { restoreDatabase } from '../src/restoreDatabase';
import { dropDatabases, freshDatabase, query, runCli, itWithServer } from './support';

/**
 * The embedded database of `npm start` (PGlite, a newer major version than Debian's pg_dump) is
 * backed up by the logical dump; the dump restores into PostgreSQL and into a new PGlite, with the
 * issues schema's rows, types, constraints and indexes intact.
 */

const work = mkdtempSync(join(tmpdir(), 'gitforge-embedded-backup-'));
const devdbs: ChildProcess[] = [];

/** The real devdb process (`lib/devdb/dist/main.js`) on a data dir; its URL once it listens. */
async function startDevdb(dataDir: string): Promise<string> {
  const port = await freePort(new Set());
  const child = spawn(process.execPath, [join(root, 'lib/devdb/dist/main.js')], {
    env: { ...process.env, GITFORGE_DATA_DIR: dataDir, DEVDB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  devdbs.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`devdb exited (${code}): ${out}`)));
  });
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

async function stopDevdb(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

afterAll(async () => {
  for (const child of devdbs) await stopDevdb(child);
  await dropDatabases();
  rmSync(work, { recursive: true, force: true });
});

const issueId = randomUUID();
const tricky = `it's "quoted" \\ back\\slash, ünïcode ✓, $$dollar$$\nnew line`;

const SNAPSHOT = {
  issues: `select id, repository, number, title, body, state, author, comment_count,
      created_at::text, updated_at::text, closed_at::text from issues order by id`,
  comments: 'select id, issue_id, body, created_at::text from comments order by id',
  counters: 'select repository, last_issue_number from repository_counters order by repository',
  events: 'select repository, sequence::text, payload::text from issue_events order by sequence',
};

async function seed(url: string): Promise<void> {
  const now = '2026-12-07T10:00:00.123456Z';
  await query(url, `insert into repository_counters values ('alice/app', 2)`);
  await query(
    url,
    `insert into issues (id, repository, number, title, body, state, author, comment_count, created_at, updated_at)
     values ($1, 'alice/app', 1, 'first', $2, 'OPEN', 'alice', 1, $3, $3),
            ($4, 'alice/app', 2, 'second', '', 'CLOSED', 'bob', 0, $3, $3)`,
    [issueId, tricky, now, randomUUID()],
  );
  await query(
    url,
    `insert into comments (id, issue_id, author, body, created_at, updated_at) values ($1, $2, 'bob', $3, $4, $4)`,
    [randomUUID(), issueId, tricky, now],
  );
  await query(
    url,
    `insert into issue_event_streams (repository, last_sequence) values ('alice/app', 9007199254740993)`,
  );
  await query(
    url,
    `insert into issue_events (repository, sequence, id, action, actor, occurred_at, payload)
     values ('alice/app', 9007199254740993, $1, 'OPENED', 'alice', $2, $3::jsonb)`,
    [randomUUID(), now, JSON.stringify({ title: tricky, nested: { n: 1.5, list: [1, null] } })],
  );
}

async function snapshot(
  read: (sql: string) => Promise<unknown[]>,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(SNAPSHOT)) out[name] = await read(sql);
  return out;
}

itWithServer(
  'dumps PGlite in one snapshot and restores it into PostgreSQL and into a new PGlite',
  async () => {
    const sourceDir = join(work, 'source');
    const source = await startDevdb(sourceDir);
    const orm = await createOrm({ databaseUrl: source, poolMax: 1 });
    try {
      await migrate(orm);
    } finally {
      await orm.close();
    }
    await seed(source);
    const expected = await snapshot((sql) => query(source, sql));
    expect(expected.issues).toHaveLength(2);

    const { path, manifest } = await createBackup({
      dir: join(work, 'backups'),
      dataDir: sourceDir,
      databaseUrl: source,
    });
    const entry = manifest.database;
    expect(entry.kind).toBe('sql');
    if (entry.kind !== 'sql') return;
    expect(entry.tables['public.issues']).toBe(2);
    expect(readFileSync(join(path, entry.file), 'utf8')).toContain(
      'create table "public"."issues"',
    );

    const server = await freshDatabase('embedded_restore');
    await restoreDatabase(path, entry, {
      databaseUrl: server,
      pgliteDir: '',
      force: false,
      workDir: work,
    });
    expect(await snapshot((sql) => query(server, sql))).toEqual(expected);
    // Constraints came back with the rows: the per-repository number stays unique.
    await expect(
      query(
        server,
        `insert into issues (id, repository, number, title, state, author, created_at, updated_at)
       values ($1, 'alice/app', 1, 'dup', 'OPEN', 'x', now(), now())`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/issues_repository_number_unique/);
    await expect(
      query(server, `insert into comments values ($1, $2, 'x', 'y', now(), now())`, [
        randomUUID(),
        randomUUID(),
      ]),
    ).rejects.toThrow(/foreign key/);
    // --force replaces a database's contents in one transaction (the rollback path).
    await query(server, `delete from comments`);
    await restoreDatabase(path, entry, {
      databaseUrl: server,
      pgliteDir: '',
      force: true,
      workDir: work,
    });
    expect(await snapshot((sql) => query(server, sql))).toEqual(expected);
    const indexes = await query<{ n: string }>(
      server,
      `select indexname as n from pg_indexes where tablename = 'issues'`,
    );
    expect(indexes.map((i) => i.n)).toEqual(expect.arrayContaining(['issues_author_idx']));

    // Without DATABASE_URL the restore makes the data dir's own PGlite, which devdb then serves.
    const restoredDir = join(work, 'restored');
    const { DATABASE_URL: _unset, ...withoutDatabase } = process.env;
    const restore = await runCli('restore', [path, '--data-dir', restoredDir], withoutDatabase);
    expect(restore.out).toMatch(/restored the database \(sql\)/);
    expect(restore.code).toBe(0);
    const restored = await startDevdb(restoredDir);
    expect(await snapshot((sql) => query(restored, sql))).toEqual(expected);
  },
  90_000,
);
