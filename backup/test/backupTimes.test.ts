import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOrm, migrate } from '../../subgraphs/issues/src/db/createOrm';
import { createBackup } from '../src/createBackup';
import { repositoryPath } from '../src/dataDirLayout';
import { restoreBackup } from '../src/restoreBackup';
import { dropDatabases, freshDatabase, query, itWithServer } from './support';

/**
 * Backup and restore times for a data set bigger than the e2e test's: 20 repositories of 300
 * commits each, 10,000 issues with 30,000 comments and 10,000 labels applied. Printed as a table
 * (the README quotes it); the assertions check the restored copy, not the times.
 */

const REPOS = 20;
const COMMITS = 300;
const ISSUES_PER_REPO = 500;
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'gitforge-backup-times-'));

afterAll(async () => {
  await dropDatabases();
  rmSync(work, { recursive: true, force: true });
});

/** A bare repository with `commits` commits, written by one `git fast-import`. */
function fastImport(gitDir: string, commits: number, seed: string): Promise<void> {
  let stream = '';
  for (let i = 1; i <= commits; i++) {
    const content = `${seed} file content ${i}\n`.repeat(20);
    stream += `commit refs/heads/main\nmark :${i}\ncommitter A <a@example.com> ${1_700_000_000 + i} +0000\n`;
    stream += `data ${`commit ${i}`.length}\ncommit ${i}\n`;
    if (i > 1) stream += `from :${i - 1}\n`;
    stream += `M 644 inline src/file-${i % 25}.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet'], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`fast-import ${code}`)),
    );
    child.stdin.end(stream);
  });
}

async function seedDatabase(url: string): Promise<void> {
  const orm = await createOrm({ databaseUrl: url, poolMax: 1 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  await query(
    url,
    `insert into repository_counters select 'demo/repo-' || r, ${ISSUES_PER_REPO} from generate_series(1, ${REPOS}) r`,
  );
  await query(
    url,
    `insert into issues (id, repository, number, title, body, state, author, comment_count, created_at, updated_at)
     select gen_random_uuid(), 'demo/repo-' || r, n, 'Issue ' || n, repeat('body text ', 20), 'OPEN', 'demo', 3, now(), now()
       from generate_series(1, ${REPOS}) r, generate_series(1, ${ISSUES_PER_REPO}) n`,
  );
  await query(
    url,
    `insert into comments (id, issue_id, author, body, created_at, updated_at)
     select gen_random_uuid(), i.id, 'demo', 'comment ' || c || ' on ' || i.title, now(), now()
       from issues i, generate_series(1, 3) c`,
  );
  await query(
    url,
    `insert into labels (id, repository, name, color, created_at)
     select gen_random_uuid(), 'demo/repo-' || r, 'bug', 'ff0000', now() from generate_series(1, ${REPOS}) r`,
  );
  await query(
    url,
    `insert into issue_labels select i.id, l.id from issues i join labels l on l.repository = i.repository`,
  );
}

itWithServer(
  'prints backup and restore times for 20 repositories and 10,000 issues',
  async () => {
    const dataDir = join(work, 'data');
    const source = await freshDatabase('times_src');
    const repos = Array.from({ length: REPOS }, (_, i) => ({
      id: i + 1,
      ownerId: 1,
      name: `repo-${i + 1}`,
    }));
    mkdirSync(join(dataDir, 'secrets'), { recursive: true });
    writeFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'secret');
    mkdirSync(join(dataDir, 'githost'), { recursive: true });
    writeFileSync(
      join(dataDir, 'githost', 'store.json'),
      JSON.stringify({
        version: 1,
        users: [{ id: 1, login: 'demo' }],
        repos,
        tokens: [],
        hooks: [],
      }),
    );
    await Promise.all([
      seedDatabase(source),
      ...repos.map(async (r) => {
        const gitDir = join(dataDir, repositoryPath('demo', r.name));
        await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', gitDir]);
        await fastImport(gitDir, COMMITS, r.name);
      }),
    ]);

    const backups = join(work, 'backups');
    const full = await createBackup({ dir: backups, dataDir, databaseUrl: source });
    expect(full.manifest.counters.repositoriesBundled).toBe(REPOS);

    const changed = join(dataDir, repositoryPath('demo', 'repo-1'));
    await run('git', [
      `--git-dir=${changed}`,
      'update-ref',
      'refs/heads/extra',
      'refs/heads/main~1',
    ]);
    const incremental = await createBackup({ dir: backups, dataDir, databaseUrl: source });
    expect(incremental.manifest.counters.repositoriesBundled).toBe(1);
    expect(incremental.manifest.counters.repositoriesReused).toBe(REPOS - 1);

    const target = await freshDatabase('times_dst');
    const restored = await restoreBackup({
      backup: full.path,
      dataDir: join(work, 'restored'),
      databaseUrl: target,
    });
    const counts = await query<{ issues: string; comments: string; labelled: string }>(
      target,
      `select (select count(*) from issues)::text as issues, (select count(*) from comments)::text as comments,
            (select count(*) from issue_labels)::text as labelled`,
    );
    expect(counts[0]).toEqual({ issues: '10000', comments: '30000', labelled: '10000' });

    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const line = (what: string, ms: number, bytes: number) =>
      `| ${what} | ${ms} ms | ${mb(bytes)} MB |`;
    console.log(
      [
        `backup/restore times: ${REPOS} repositories x ${COMMITS} commits, ${REPOS * ISSUES_PER_REPO} issues, 30,000 comments`,
        '| step | time | backup size |',
        '| --- | --- | --- |',
        line(
          'full backup (pg_dump + 20 bundles)',
          full.manifest.counters.durationMs,
          full.manifest.counters.bytes,
        ),
        line(
          'incremental backup (1 repository changed)',
          incremental.manifest.counters.durationMs,
          incremental.manifest.counters.bytes,
        ),
        line(
          'verify + restore (pg_restore + 20 repositories, fsck)',
          restored.restoreMs,
          full.manifest.counters.bytes,
        ),
      ].join('\n'),
    );
  },
  180_000,
);
