import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { runCli } from './support';

/**
 * The default installation, `npm start` without DATABASE_URL: the embedded devdb (PGlite) in
 * the data dir. `npm run backup` finds it on DEVDB_PORT, `npm run restore` without DATABASE_URL
 * makes the restored data dir's own embedded database, and the platform starts on it.
 */

jest.setTimeout(5 * 60_000);

const PASSWORD = 'demo-password-for-embedded-backup';
const work = mkdtempSync(join(tmpdir(), 'gitforge-embedded-e2e-'));
let platform: RunningSupervisor | undefined;

/** The environment without DATABASE_URL: the supervisor then runs devdb. */
function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, DATABASE_POOL_MAX: _alsoIgnored, ...rest } = process.env;
  return { ...rest, ...extra };
}

afterAll(async () => {
  if (platform?.child.exitCode === null) await stopSupervisor(platform);
  rmSync(work, { recursive: true, force: true });
});

const login = async (url: string) => {
  const res = await gql<any>(
    url,
    `mutation ($p: String!) { login(username: "demo", password: $p) { token } }`,
    {
      p: PASSWORD,
    },
  );
  expect(res.errors).toBeUndefined();
  return res.data.login.token as string;
};

it('backs up and restores the embedded database with the rest of the data dir', async () => {
  const dataDir = newDataDir();
  let ports = await freePorts();
  platform = await startSupervisor(
    embeddedEnv({ ...ports, GITFORGE_DATA_DIR: dataDir, GITFORGE_DEMO_PASSWORD: PASSWORD }),
  );
  let url = platform.graphqlUrl;
  let token = await login(url);
  const issues = [];
  for (let i = 1; i <= 3; i++)
    issues.push(await createIssue(url, token, 'demo/hello', `embedded ${i}`));
  const clone = join(work, 'hello');
  const remote = `http://demo:${token}@localhost:${ports.GIT_PROXY_PORT}/git/demo/hello.git`;
  expect((await runGit(work, ['clone', '-q', remote, clone])).code).toBe(0);
  writeFileSync(join(clone, 'embedded.txt'), 'embedded\n');
  await runGit(work, ['add', 'embedded.txt'], clone);
  await runGit(work, ['commit', '-q', '-m', 'embedded'], clone);
  expect((await runGit(work, ['push', '-q', 'origin', 'HEAD'], clone)).code).toBe(0);
  const head = (await runGit(work, ['rev-parse', 'HEAD'], clone)).out.trim();

  const backups = join(work, 'backups');
  const backup = await runCli(
    'backup',
    [backups, '--data-dir', dataDir],
    embeddedEnv({ DEVDB_PORT: ports.DEVDB_PORT! }),
  );
  expect(backup.out).toMatch(/database: sql/);
  expect(backup.code).toBe(0);
  console.log(`backup with the embedded database: ${backup.ms} ms wall\n${backup.out}`);
  await stopSupervisor(platform);

  const restoredDir = newDataDir();
  const [name] = backup.out.match(/gitforge-[0-9TZ-]+/) ?? [];
  const restore = await runCli(
    'restore',
    [join(backups, name!), '--data-dir', restoredDir],
    embeddedEnv({}),
  );
  expect(restore.out).toMatch(/restored the database \(sql\)/);
  expect(restore.code).toBe(0);

  ports = await freePorts();
  platform = await startSupervisor(
    embeddedEnv({
      ...ports,
      GITFORGE_DATA_DIR: restoredDir,
      GITFORGE_DEMO_PASSWORD: 'another-password',
    }),
  );
  url = platform.graphqlUrl;
  token = await login(url);
  const listed = await gql<any>(
    url,
    `{ issues(repository: "demo/hello", first: 20) { nodes { id number title } } }`,
    {},
  );
  expect(listed.errors).toBeUndefined();
  for (const issue of issues) expect(listed.data.issues.nodes).toContainEqual(issue);
  const next = await createIssue(url, token, 'demo/hello', 'after restore');
  expect(next.number).toBe(Math.max(...issues.map((i) => i.number)) + 1);
  const remoteAfter = `http://localhost:${ports.GIT_PROXY_PORT}/git/demo/hello.git`;
  const refs = await runGit(work, ['ls-remote', remoteAfter, 'refs/heads/main']);
  expect(refs.out.split(/\s/)[0]).toBe(head);
  await stopSupervisor(platform);
});
