import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '../src/db/createOrm';
import {
  ADMIN_TOKEN,
  JWT_SECRET,
  cleanUpProcesses,
  createGiteaUser,
  freePort,
  gql,
  signIn,
  startService,
  tempDir,
  type ServiceProcess,
} from './support/serviceProcesses';

/*
 * Issue 13 item 3 as `npm start` runs it: no REDIS_URL, so each process has its own in-process
 * bus and the repository subgraph's deletion message never reaches the issues processes. A
 * repository deleted and re-created (as private) under the same name used to inherit the
 * deleted one's issues, comments, labels and number counter. Now its new Gitea id shows the
 * re-creation at the first permission check: the old issues go (once, although two issues
 * replicas notice it at the same moment), the first new issue is #1, outsiders get NOT_FOUND.
 */

let githost: ServiceProcess;
let repository: ServiceProcess;
const replicas: ServiceProcess[] = [];
let orm: MikroORM;
const tokens: Record<string, string> = {};
const unique = Date.now().toString(36);
const embedded = process.env.GITFORGE_TEST_EMBEDDED_DB === '1';

const CREATE_REPO = `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName } }`;
const DELETE_REPO = `mutation($i: DeleteRepositoryInput!) { deleteRepository(input: $i) { fullName } }`;
const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`;
const COMMENT = `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`;
const READ = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { title } }`;

async function startIssuesReplica(port: number): Promise<ServiceProcess> {
  // No REDIS_URL, whatever the test run has: the deployment this is about (npm start).
  return startService('issues', 'subgraphs/issues', port, {
    ISSUES_PORT: String(port),
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_POOL_MAX: embedded ? '1' : '5',
    GITFORGE_JWT_SECRET: JWT_SECRET,
    REPOSITORY_SUBGRAPH_URL: `${repository.url}/graphql`,
    LOG_SYNC: 'true',
  });
}

async function repositoryMutation(query: string, input: Record<string, unknown>): Promise<void> {
  const res = await gql(repository.url, query, { i: input }, tokens.alice);
  expect(res.errors).toBeUndefined();
}

async function storedId(repo: string): Promise<number | null> {
  const [row] = await orm.em
    .fork()
    .execute<{ gitea_id: string | null }[]>(
      'select gitea_id from repository_facts where repository = ?',
      [repo.toLowerCase()],
    );
  return row?.gitea_id == null ? null : Number(row.gitea_id);
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(row?.n);
}

beforeAll(async () => {
  const githostPort = await freePort();
  githost = await startService('githost', 'githost', githostPort, {
    GITHOST_PORT: String(githostPort),
    GITFORGE_DATA_DIR: tempDir('issues-recreated-githost-'),
    GITEA_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  await createGiteaUser(githost.url, 'alice');
  await createGiteaUser(githost.url, 'bob');
  const repositoryPort = await freePort();
  const replicaPorts = [await freePort(), await freePort()] as const;
  repository = await startService('repository', 'subgraphs/repository', repositoryPort, {
    REPOSITORY_PORT: String(repositoryPort),
    GITEA_URL: githost.url,
    // Quota limits (createRepository) come from the first issues replica, started below.
    ISSUES_SUBGRAPH_URL: `http://127.0.0.1:${replicaPorts[0]}`,
    GITFORGE_JWT_SECRET: JWT_SECRET,
    GITFORGE_WEBHOOK_SECRET: 'issues-recreated-e2e-webhook-secret',
    GITFORGE_DATA_DIR: tempDir('issues-recreated-repository-'),
  });
  replicas.push(
    await startIssuesReplica(replicaPorts[0]),
    await startIssuesReplica(replicaPorts[1]),
  );
  orm = await createOrm({ databaseUrl: process.env.DATABASE_URL!, poolMax: 1 });
  tokens.alice = await signIn(repository.url, 'alice');
  tokens.bob = await signIn(repository.url, 'bob');
}, 90_000);

afterAll(async () => {
  cleanUpProcesses();
  await orm?.close();
});

it('a repository deleted and re-created as private starts empty, in every replica, for its owner only', async () => {
  const name = `again-${unique}`;
  const repo = `alice/${name}`;
  const [a, b] = replicas as [ServiceProcess, ServiceProcess];
  await repositoryMutation(CREATE_REPO, { name, private: false });

  // The public repository's issues, filed through both replicas: numbers 1 to 3.
  const one = await gql(
    a.url,
    CREATE,
    { i: { repository: repo, title: 'Old one', labels: ['bug'] } },
    tokens.alice,
  );
  expect(one.errors).toBeUndefined();
  const oldIssueId = one.data.createIssue.id as string;
  expect(
    (await gql(a.url, COMMENT, { i: { issueId: oldIssueId, body: 'old' } }, tokens.bob)).errors,
  ).toBeUndefined();
  expect(
    (await gql(b.url, CREATE, { i: { repository: repo, title: 'Old two' } }, tokens.bob)).data
      ?.createIssue.number,
  ).toBe(2);
  expect(
    (await gql(b.url, CREATE, { i: { repository: repo, title: 'Old three' } }, tokens.alice)).data
      ?.createIssue.number,
  ).toBe(3);
  const oldId = await storedId(repo);
  expect(oldId).toEqual(expect.any(Number));

  await repositoryMutation(DELETE_REPO, { owner: 'alice', name });
  await repositoryMutation(CREATE_REPO, { name, private: true });

  // Both replicas file the first issues of the new repository at the same moment.
  const filed = await Promise.all(
    [a, b].map((replica, i) =>
      gql(replica.url, CREATE, { i: { repository: repo, title: `New ${i}` } }, tokens.alice),
    ),
  );
  for (const res of filed) expect(res.errors).toBeUndefined();
  expect(filed.map((res) => res.data.createIssue.number).sort()).toEqual([1, 2]);

  // Nothing of the deleted repository is left; both new issues are (neither replica deleted
  // the other's), and the stored facts are the new repository's.
  expect(await count('select count(*) as n from issues where lower(repository) = ?', [repo])).toBe(
    2,
  );
  expect(await count('select count(*) as n from comments where issue_id = ?', [oldIssueId])).toBe(
    0,
  );
  expect(
    await count("select count(*) as n from labels where lower(repository) = ? and name = 'bug'", [
      repo,
    ]),
  ).toBe(0);
  expect(await storedId(repo)).toBeGreaterThan(oldId!);
  for (const replica of [a, b]) {
    const third = await gql(replica.url, READ, { r: repo, n: 3 }, tokens.alice);
    expect(third.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const first = await gql(replica.url, READ, { r: repo, n: 1 }, tokens.alice);
    expect(first.data?.issue.title).toMatch(/^New [01]$/);
  }
  // One replica deleted the old issues; the other found the new id already stored.
  const deletions = replicas.filter((replica) =>
    replica.output().includes('deleted the issues of the deleted one'),
  );
  expect(deletions).toHaveLength(1);

  // Outsiders, signed in or not, see none of it and cannot file there.
  for (const replica of [a, b]) {
    for (const token of [tokens.bob, undefined]) {
      const res = await gql(replica.url, READ, { r: repo, n: 1 }, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const res = await gql(
      replica.url,
      CREATE,
      { i: { repository: repo, title: 'Intruder' } },
      tokens.bob,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }
  expect(
    (await gql(b.url, CREATE, { i: { repository: repo, title: 'Third' } }, tokens.alice)).data
      ?.createIssue.number,
  ).toBe(3);
});
