import {
  ADMIN_TOKEN,
  JWT_SECRET,
  cleanUpProcesses,
  createGiteaUser,
  freePort,
  gql,
  signIn,
  signal,
  startService,
  tempDir,
  type ServiceProcess,
} from './support/serviceProcesses';

/*
 * Issue 13 item 2, as an operator sees it: the issues process is SIGKILLed and restarted while
 * the git host is frozen (SIGSTOP: a hung upstream, not a refused connection). Issues of a
 * repository the tracker knew before are read and filed within 3 s, with the permissions the
 * repository had: its private issues for the owner only. Before, every check waited 5 s and then
 * failed with UPSTREAM_UNAVAILABLE, since the facts lived only in the killed process's memory.
 */

let githost: ServiceProcess;
let repository: ServiceProcess;
let issues: ServiceProcess;
let issuesPort: number;
const tokens: Record<string, string> = {};
const unique = Date.now().toString(36);
const privateRepo = `alice/frozen-secret-${unique}`;
const publicRepo = `alice/frozen-open-${unique}`;

const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { number } }`;
const READ = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { title viewerCanUpdate } }`;

function startIssues(): Promise<ServiceProcess> {
  return startService('issues', 'subgraphs/issues', issuesPort, {
    ISSUES_PORT: String(issuesPort),
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_POOL_MAX: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? '1' : '5',
    GITFORGE_JWT_SECRET: JWT_SECRET,
    REPOSITORY_SUBGRAPH_URL: `${repository.url}/graphql`,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
}

beforeAll(async () => {
  const githostPort = await freePort();
  githost = await startService('githost', 'githost', githostPort, {
    GITHOST_PORT: String(githostPort),
    GITFORGE_DATA_DIR: tempDir('issues-frozen-githost-'),
    GITEA_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  await createGiteaUser(githost.url, 'alice');
  await createGiteaUser(githost.url, 'bob');
  const repositoryPort = await freePort();
  issuesPort = await freePort();
  repository = await startService('repository', 'subgraphs/repository', repositoryPort, {
    REPOSITORY_PORT: String(repositoryPort),
    GITEA_URL: githost.url,
    // Quota limits (createRepository) come from the issues subgraph started below.
    ISSUES_SUBGRAPH_URL: `http://127.0.0.1:${issuesPort}`,
    GITFORGE_JWT_SECRET: JWT_SECRET,
    GITFORGE_WEBHOOK_SECRET: 'issues-processes-e2e-webhook-secret',
    GITFORGE_DATA_DIR: tempDir('issues-frozen-repository-'),
    // Every check reaches the git host: no answer from the subgraph's own cache hides the hang.
    REPOSITORY_CACHE_TTL_MS: '0',
  });
  issues = await startIssues();
  tokens.alice = await signIn(repository.url, 'alice');
  tokens.bob = await signIn(repository.url, 'bob');
  for (const [name, isPrivate] of [
    [privateRepo, true],
    [publicRepo, false],
  ] as const) {
    const created = await gql(
      repository.url,
      `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName } }`,
      { i: { name: name.split('/')[1], private: isPrivate } },
      tokens.alice,
    );
    expect(created.errors).toBeUndefined();
  }
  // The tracker learns both repositories the ordinary way: issues filed while all is well.
  for (const repo of [privateRepo, publicRepo]) {
    const res = await gql(
      issues.url,
      CREATE,
      { i: { repository: repo, title: `First of ${repo}` } },
      tokens.alice,
    );
    expect(res.errors).toBeUndefined();
  }
}, 90_000);

afterAll(() => {
  // Never leave a stopped git host behind, whatever failed.
  if (githost) githost.child.kill('SIGCONT');
  cleanUpProcesses();
});

/** Runs `work`, returning its result and how long it took. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - started) };
}

describe('issues after an issues restart while the git host is frozen', () => {
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    await signal(issues, 'SIGKILL');
    await signal(githost, 'SIGSTOP');
    issues = await startIssues();
  }, 60_000);

  afterAll(() => {
    githost.child.kill('SIGCONT');
    console.log(`issues with githost frozen, after a restart (ms): ${JSON.stringify(measured)}`);
  });

  it('the owner reads and files issues of the private repository within 3 s', async () => {
    const read = await timed(() => gql(issues.url, READ, { r: privateRepo, n: 1 }, tokens.alice));
    measured.ownerReadPrivate = read.ms;
    expect(read.result.errors).toBeUndefined();
    expect(read.result.data.issue).toEqual({
      title: `First of ${privateRepo}`,
      viewerCanUpdate: true,
    });
    expect(read.ms).toBeLessThan(3000);

    const create = await timed(() =>
      gql(
        issues.url,
        CREATE,
        { i: { repository: privateRepo, title: 'Filed while frozen' } },
        tokens.alice,
      ),
    );
    measured.ownerCreatePrivate = create.ms;
    expect(create.result.errors).toBeUndefined();
    expect(create.result.data.createIssue.number).toBe(2);
    expect(create.ms).toBeLessThan(3000);
  });

  it.each([
    ['an outsider', 'bob'],
    ['an anonymous caller', undefined],
  ])('%s gets NOT_FOUND for the private repository within 3 s', async (who, login) => {
    const token = login ? tokens[login] : undefined;
    const read = await timed(() => gql(issues.url, READ, { r: privateRepo, n: 1 }, token));
    measured[`${login ?? 'anonymous'}ReadPrivate`] = read.ms;
    expect(read.result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(read.ms).toBeLessThan(3000);
    if (!login) return;
    const create = await timed(() =>
      gql(issues.url, CREATE, { i: { repository: privateRepo, title: `By ${who}` } }, token),
    );
    expect(create.result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(create.ms).toBeLessThan(3000);
  });

  it('everyone reads the public repository, an outsider files an issue there, within 3 s', async () => {
    const anonymous = await timed(() => gql(issues.url, READ, { r: publicRepo, n: 1 }));
    measured.anonymousReadPublic = anonymous.ms;
    expect(anonymous.result.data?.issue).toEqual({
      title: `First of ${publicRepo}`,
      viewerCanUpdate: false,
    });
    expect(anonymous.ms).toBeLessThan(3000);
    const create = await timed(() =>
      gql(issues.url, CREATE, { i: { repository: publicRepo, title: 'From bob' } }, tokens.bob),
    );
    measured.outsiderCreatePublic = create.ms;
    expect(create.result.errors).toBeUndefined();
    expect(create.ms).toBeLessThan(3000);
    const bobReads = await gql(issues.url, READ, { r: publicRepo, n: 1 }, tokens.bob);
    expect(bobReads.data?.issue.viewerCanUpdate).toBe(false);
  });

  it('a repository the tracker never saw is refused with UPSTREAM_UNAVAILABLE, quickly', async () => {
    const res = await timed(() =>
      gql(
        issues.url,
        CREATE,
        { i: { repository: `alice/unknown-${unique}`, title: 'x' } },
        tokens.alice,
      ),
    );
    measured.unknownRepository = res.ms;
    expect(res.result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(res.ms).toBeLessThan(3000);
  });
});
