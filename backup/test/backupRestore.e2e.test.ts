import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIssue,
  freePorts,
  gql,
  newDataDir,
  runGit,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
} from '../../test/support/platform';
import type { BackupManifest } from '../src/backupManifest';
import {
  dropDatabases,
  freshDatabase,
  query,
  runCli,
  userRelations,
  itWithServer,
  allIssues,
} from './support';

/**
 * The whole platform as `npm start` runs it, backed up by `npm run backup` while issues,
 * comments and pushes keep coming, restored by `npm run restore` into a fresh data dir and a
 * fresh database, and started again: every write acknowledged before the backup began is there.
 */

jest.setTimeout(5 * 60_000);

const PASSWORD = 'demo-password-for-backup-e2e';
const work = mkdtempSync(join(tmpdir(), 'gitforge-backup-e2e-'));
const backups = join(work, 'backups');
let sourceDb: string;
let platform: RunningSupervisor;
let ports: Record<string, string>;
let dataDir: string;
let url: string;
let token: string;
let giteaToken: string;

const ADD_COMMENT = `mutation ($i: AddCommentInput!) { addComment(input: $i) { id } }`;
const env = (databaseUrl: string): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: databaseUrl,
});
/** The repository subgraph reads owner quotas from the issues subgraph (the supervisor does not say where yet). */
const quotaSource = () => ({
  ISSUES_SUBGRAPH_URL: `http://127.0.0.1:${ports.ISSUES_PORT}/graphql`,
});
const git = (args: string[], cwd = work) => runGit(work, args, cwd);
const pushUrl = (repo: string, port = ports.GIT_PROXY_PORT) =>
  `http://demo:${token}@localhost:${port}/git/${repo}.git`;

async function commitAndPush(clone: string, file: string): Promise<void> {
  writeFileSync(join(clone, file), `${file}\n`);
  expect((await git(['add', file], clone)).code).toBe(0);
  expect((await git(['commit', '-q', '-m', file], clone)).code).toBe(0);
  const push = await git(['push', '-q', 'origin', 'HEAD:main'], clone);
  expect(push.out).not.toMatch(/error|denied/i);
  expect(push.code).toBe(0);
}

async function newRepository(name: string): Promise<string> {
  // Through githost's Gitea API: the repository subgraph's createRepository checks quotas too.
  const res = await fetch(`http://127.0.0.1:${ports.GITHOST_PORT}/api/v1/user/repos`, {
    method: 'POST',
    headers: { ...basicAuth(), 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(res.status).toBe(201);
  const clone = join(work, name);
  expect((await git(['clone', '-q', pushUrl(`demo/${name}`), clone])).code).toBe(0);
  await commitAndPush(clone, 'README.md');
  return clone;
}

const basicAuth = () => ({
  authorization: `Basic ${Buffer.from(`demo:${PASSWORD}`).toString('base64')}`,
});

const bareRefs = async (gitDir: string) =>
  (await runGit(work, ['--git-dir', gitDir, 'for-each-ref', '--format=%(objectname) %(refname)']))
    .out;

beforeAll(async () => {
  sourceDb = await freshDatabase('backup_src');
  dataDir = newDataDir();
  ports = await freePorts();
  platform = await startSupervisor({
    ...env(sourceDb),
    ...ports,
    ...quotaSource(),
    GITFORGE_DATA_DIR: dataDir,
    GITFORGE_DEMO_PASSWORD: PASSWORD,
  });
  url = platform.graphqlUrl;
  const login = await gql<any>(
    url,
    `mutation ($p: String!) { login(username: "demo", password: $p) { token } }`,
    {
      p: PASSWORD,
    },
  );
  expect(login.errors).toBeUndefined();
  token = login.data.login.token;
  const created = await fetch(`http://127.0.0.1:${ports.GITHOST_PORT}/api/v1/users/demo/tokens`, {
    method: 'POST',
    headers: { ...basicAuth(), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'backup-e2e', scopes: ['all'] }),
  });
  expect(created.status).toBe(201);
  giteaToken = ((await created.json()) as { sha1: string }).sha1;
});

afterAll(async () => {
  if (platform?.child.exitCode === null) await stopSupervisor(platform);
  await dropDatabases();
  rmSync(work, { recursive: true, force: true });
});

/** Filled by the first test, checked by the later ones. */
const acknowledged: {
  repository: string;
  id: string;
  number: number;
  title: string;
  comment: string;
}[] = [];
let firstBackup: string;
let manifest: BackupManifest;
let alphaClone: string;

itWithServer(
  'backs up the running platform while issues, comments and pushes keep coming',
  async () => {
    alphaClone = await newRepository('alpha');
    const betaClone = await newRepository('beta');
    for (let i = 1; i <= 6; i++) {
      const issue = await createIssue(url, token, 'demo/alpha', `before backup ${i}`);
      const comment = await gql<any>(
        url,
        ADD_COMMENT,
        { i: { issueId: issue.id, body: `comment ${i}` } },
        token,
      );
      expect(comment.errors).toBeUndefined();
      acknowledged.push({ repository: 'demo/alpha', ...issue, comment: `comment ${i}` });
    }
    const labelled = await gql<any>(
      url,
      `mutation ($i: CreateIssueInput!) { createIssue(input: $i) { id number title } }`,
      { i: { repository: 'demo/beta', title: 'labelled', labels: ['bug', 'backup'] } },
      token,
    );
    expect(labelled.errors).toBeUndefined();
    acknowledged.push({ repository: 'demo/beta', ...labelled.data.createIssue, comment: '' });
    await commitAndPush(alphaClone, 'before-backup.txt');
    const alphaHeadBefore = (await git(['rev-parse', 'HEAD'], alphaClone)).out.trim();

    // Writers that keep going for as long as the backup runs.
    let writing = true;
    let written = 0;
    const issueWriter = (async () => {
      for (let n = 1; writing; n++) {
        const issue = await createIssue(url, token, 'demo/beta', `during backup ${n}`);
        await gql(url, ADD_COMMENT, { i: { issueId: issue.id, body: `during ${n}` } }, token);
        written++;
      }
    })();
    const pushWriter = (async () => {
      for (let n = 1; writing; n++) await commitAndPush(betaClone, `during-${n}.txt`);
    })();

    const backup = await runCli('backup', [backups, '--data-dir', dataDir], env(sourceDb));
    writing = false;
    await Promise.all([issueWriter, pushWriter]);
    expect(backup.out).toMatch(/backup written/);
    expect(backup.code).toBe(0);
    expect(written).toBeGreaterThan(0);
    console.log(
      `backup of the running platform (writes continuing): ${backup.ms} ms wall\n${backup.out}`,
    );

    const [name] = readdirSync(backups).filter((n) => n.startsWith('gitforge-'));
    firstBackup = join(backups, name!);
    manifest = JSON.parse(
      readFileSync(join(firstBackup, 'manifest.json'), 'utf8'),
    ) as BackupManifest;
    expect(manifest.database.kind).toBe('pg_dump');
    const alpha = manifest.repositories.find((r) => r.name === 'alpha')!;
    expect(alpha.refs['refs/heads/main']).toBe(alphaHeadBefore);
    expect(manifest.repositories.map((r) => r.name).sort()).toEqual(['alpha', 'beta', 'hello']);
    expect(manifest.counters.repositoriesBundled).toBe(3);
    for (const f of ['files/githost/store.json', 'files/secrets/jwt-secret', 'database.dump']) {
      expect(manifest.files.map((e) => e.path)).toContain(f);
    }
    // Kept aside: the retention test below deletes it from `backups`.
    cpSync(firstBackup, join(work, 'first'), { recursive: true });
    firstBackup = join(work, 'first');
  },
);

itWithServer(
  'backs up incrementally: only the repository whose refs moved is bundled again',
  async () => {
    const list = () =>
      readdirSync(backups)
        .filter((n) => n.startsWith('gitforge-'))
        .sort();
    const manifestOf = (name: string) =>
      JSON.parse(readFileSync(join(backups, name, 'manifest.json'), 'utf8')) as BackupManifest;
    // The writers pushed to beta after its bundle was made: one backup now settles that.
    expect((await runCli('backup', [backups, '--data-dir', dataDir], env(sourceDb))).code).toBe(0);
    await commitAndPush(alphaClone, 'after-first-backup.txt');
    const incremental = await runCli('backup', [backups, '--data-dir', dataDir], env(sourceDb));
    expect(incremental.code).toBe(0);
    const names = list();
    expect(names).toHaveLength(3);
    const [, older, newer] = names;
    const m = manifestOf(newer!);
    expect(m.previous).toBe(older);
    expect(m.counters.repositoriesBundled).toBe(1);
    expect(m.counters.repositoriesReused).toBe(2);
    expect(m.repositories.find((r) => r.name === 'alpha')!.reused).toBe(false);
    const hello = m.repositories.find((r) => r.name === 'hello')!;
    expect(hello.reused).toBe(true);
    // The same file on disk (a hard link), not a copy; the changed repository is a new file.
    const inode = (name: string, file: string) => statSync(join(backups, name, file)).ino;
    expect(inode(newer!, hello.bundle!)).toBe(inode(older!, hello.bundle!));
    const alphaBundle = 'repositories/demo/alpha.bundle';
    expect(inode(newer!, alphaBundle)).not.toBe(inode(older!, alphaBundle));
    console.log(
      `incremental backup: ${incremental.ms} ms wall (1 bundled, 2 linked)\n${incremental.out}`,
    );

    const retained = await runCli(
      'backup',
      [backups, '--data-dir', dataDir, '--keep', '2'],
      env(sourceDb),
    );
    expect(retained.code).toBe(0);
    expect(retained.out).toMatch(/retention \(--keep 2\): deleted /);
    const kept = list();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe(newer);
    expect(manifestOf(kept[1]!).counters.repositoriesReused).toBe(3);
    // Deleting older backups left the linked bundles of the kept ones intact.
    expect(statSync(join(backups, kept[1]!, hello.bundle!)).nlink).toBeGreaterThanOrEqual(2);
    await stopSupervisor(platform);
  },
);

itWithServer('refuses a backup with any byte changed, and changes nothing', async () => {
  const target = await freshDatabase('backup_tamper');
  const victims = [
    'manifest.json',
    'repositories/demo/alpha.bundle',
    'database.dump',
    'files/githost/store.json',
    'files/secrets/jwt-secret',
  ];
  for (const victim of victims) {
    const copy = join(work, `tampered-${victims.indexOf(victim)}`);
    cpSync(firstBackup, copy, { recursive: true });
    const file = join(copy, victim);
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(file, bytes);
    const into = join(work, `restore-tampered-${victims.indexOf(victim)}`);
    const result = await runCli('restore', [copy, '--data-dir', into], env(target));
    expect(result.code).not.toBe(0);
    expect(result.out).toContain(victim);
    expect(result.out).toMatch(/verification failed/);
    expect(existsSync(into) ? readdirSync(into) : []).toEqual([]);
    expect(await userRelations(target)).toBe(0);
  }
  // A file slipped in afterwards is refused too.
  const added = join(work, 'tampered-added');
  cpSync(firstBackup, added, { recursive: true });
  writeFileSync(join(added, 'files', 'githost', 'planted.json'), '{}');
  const planted = await runCli(
    'restore',
    [added, '--data-dir', join(work, 'restore-added')],
    env(target),
  );
  expect(planted.out).toMatch(/files\/githost\/planted.json is not in the manifest/);
  expect(planted.code).not.toBe(0);
});

itWithServer(
  'restores into a fresh data dir and database; the platform starts with every acknowledged write',
  async () => {
    const verified = await runCli('restore', [firstBackup, '--verify-only'], process.env);
    expect(verified.out).toMatch(/backup verified: \d+ files/);
    expect(verified.code).toBe(0);
    const targetDb = await freshDatabase('backup_dst');
    const restoredDir = newDataDir();
    const restore = await runCli(
      'restore',
      [firstBackup, '--data-dir', restoredDir],
      env(targetDb),
    );
    expect(restore.out).toMatch(/restored backup of/);
    expect(restore.code).toBe(0);
    console.log(`restore: ${restore.ms} ms wall\n${restore.out}`);

    const again = await runCli('restore', [firstBackup, '--data-dir', restoredDir], env(targetDb));
    expect(again.code).not.toBe(0);
    expect(again.out).toMatch(/CONFLICT: data dir .* is not empty/);

    for (const repo of manifest.repositories) {
      const gitDir = join(restoredDir, repo.path);
      expect((await runGit(work, ['--git-dir', gitDir, 'fsck', '--no-dangling'])).code).toBe(0);
      const expected = Object.entries(repo.refs)
        .map(([ref, sha]) => `${sha} ${ref}`)
        .sort();
      expect((await bareRefs(gitDir)).trim().split('\n').sort()).toEqual(expected);
    }

    ports = await freePorts();
    platform = await startSupervisor({
      ...env(targetDb),
      ...ports,
      ...quotaSource(),
      GITFORGE_DATA_DIR: restoredDir,
      GITFORGE_DEMO_PASSWORD: 'not-the-password-any-more',
    });
    url = platform.graphqlUrl;
    // The session signed before the backup still verifies: the JWT secret came back.
    const viewer = await gql<any>(url, `{ viewer { login } }`, {}, token);
    expect(viewer.data?.viewer?.login).toBe('demo');
    const login = await gql<any>(
      url,
      `mutation ($p: String!) { login(username: "demo", password: $p) { token } }`,
      {
        p: PASSWORD,
      },
    );
    expect(login.errors).toBeUndefined();
    const me = await fetch(`http://127.0.0.1:${ports.GITHOST_PORT}/api/v1/user`, {
      headers: { authorization: `token ${giteaToken}` },
    });
    expect(me.status).toBe(200);

    for (const repository of ['demo/alpha', 'demo/beta']) {
      const seen = await allIssues(url, repository, token);
      const numbers = seen.map((i) => i.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const issue of acknowledged.filter((a) => a.repository === repository)) {
        const found = seen.find((s) => s.id === issue.id);
        expect(found).toMatchObject({ number: issue.number, title: issue.title });
        if (issue.comment)
          expect(found!.comments.nodes.map((c) => c.body)).toEqual([issue.comment]);
      }
      const next = await createIssue(url, token, repository, 'after restore');
      expect(next.number).toBe(Math.max(...numbers) + 1);
    }
    const beta = await allIssues(url, 'demo/beta', token);
    expect(
      beta
        .find((i) => i.title === 'labelled')!
        .labels.map((l) => l.name)
        .sort(),
    ).toEqual(['backup', 'bug']);

    const clone = join(work, 'alpha-restored');
    expect(
      (await git(['clone', '-q', pushUrl('demo/alpha', ports.GIT_PROXY_PORT), clone])).code,
    ).toBe(0);
    expect(existsSync(join(clone, 'before-backup.txt'))).toBe(true);
    await commitAndPush(clone, 'after-restore.txt');

    // Rollback: the same backup again over the changed platform (stopped), with --force.
    await stopSupervisor(platform);
    const rollback = await runCli(
      'restore',
      [firstBackup, '--data-dir', restoredDir, '--force'],
      env(targetDb),
    );
    expect(rollback.out).toMatch(/restored backup of/);
    expect(rollback.code).toBe(0);
    expect(await query(targetDb, `select id from issues where title = 'after restore'`)).toEqual(
      [],
    );
    const alpha = manifest.repositories.find((r) => r.name === 'alpha')!;
    const alphaRefs = (await bareRefs(join(restoredDir, alpha.path))).trim().split('\n').sort();
    expect(alphaRefs).toEqual(
      Object.entries(alpha.refs)
        .map(([ref, sha]) => `${sha} ${ref}`)
        .sort(),
    );
  },
);
