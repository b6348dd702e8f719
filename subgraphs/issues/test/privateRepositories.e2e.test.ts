import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import {
  startRepository,
  JWT_SECRET as REPOSITORY_JWT_SECRET,
  type TestRepository,
} from '../../repository/test/startRepository';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import { createGiteaUser } from './support/serviceProcesses';

/*
 * The seed's permission rule for issues, answered by the real repository subgraph in front of
 * the real embedded git host: a private repository's issues exist for its owner only.
 */

const ADMIN_TOKEN = 'admin-token-for-issues-private-e2e-0123';
let dataDir: string;
let githost: Githost;
let repository: TestRepository;
let issues: IssuesServer;
const tokens: Record<string, string> = {};

const createUser = (login: string) => createGiteaUser(githost.url, login, ADMIN_TOKEN);

async function gql(query: string, variables: Record<string, unknown> = {}, login?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (login) headers.authorization = `Bearer ${tokens[login]}`;
  const res = await fetch(`${issues.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

const unique = Date.now().toString(36);
const privateRepo = `alice/secret-${unique}`;
const publicRepo = `alice/open-${unique}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'issues-private-'));
  githost = await createGithost({
    dataDir,
    port: 0,
    adminToken: ADMIN_TOKEN,
    seedDemo: false,
    logger: createLogger('githost', 'silent'),
  });
  await createUser('alice');
  await createUser('bob');
  repository = await startRepository(githost.url);
  tokens.alice = await repository.login('alice', 'alice-password');
  tokens.bob = await repository.login('bob', 'bob-password');
  for (const [name, isPrivate] of [
    [privateRepo, true],
    [publicRepo, false],
  ] as const) {
    const created = await repository.gql(
      `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName private } }`,
      { i: { name: name.split('/')[1], private: isPrivate } },
      { token: tokens.alice },
    );
    expect(created.errors).toBeUndefined();
  }
  issues = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 5,
    jwtSecret: REPOSITORY_JWT_SECRET,
    logger: createLogger('issues-test', 'silent'),
    repositorySubgraphUrl: repository.url,
  });
}, 60_000);

afterAll(async () => {
  await issues?.close();
  await repository?.close();
  await githost?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`;

describe('issues of a private repository', () => {
  let secretIssueId: string;
  beforeAll(async () => {
    const created = await gql(
      CREATE,
      { i: { repository: privateRepo, title: 'Secret plan' } },
      'alice',
    );
    expect(created.errors).toBeUndefined();
    secretIssueId = created.data.createIssue.id;
    const open = await gql(
      CREATE,
      { i: { repository: publicRepo, title: 'Public plan' } },
      'alice',
    );
    expect(open.errors).toBeUndefined();
  });

  it('are readable by the owner', async () => {
    const res = await gql(
      `query($r: String!) { issue(repository: $r, number: 1) { title viewerCanUpdate } }`,
      { r: privateRepo },
      'alice',
    );
    expect(res.data.issue).toEqual({ title: 'Secret plan', viewerCanUpdate: true });
  });

  it.each([
    ['bob', 'bob'],
    ['anonymous', undefined],
  ])('do not exist for %s', async (_who, login) => {
    const byNumber = await gql(
      `query($r: String!) { issue(repository: $r, number: 1) { title } }`,
      { r: privateRepo },
      login,
    );
    expect(byNumber.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const byId = await gql(
      `query($id: ID!) { issueById(id: $id) { title } }`,
      { id: secretIssueId },
      login,
    );
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await gql(
      `query($r: String) { issues(repository: $r) { totalCount } }`,
      { r: privateRepo },
      login,
    );
    expect(list.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const count = await gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Repository { openIssueCount } } }`,
      { reps: [{ __typename: 'Repository', fullName: privateRepo }] },
      login,
    );
    expect(count.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Lists across repositories and searches leave them out, public ones stay.
    const search = await gql(
      `{ issues(search: "plan", first: 100) { nodes { title repository { fullName } } totalCount } }`,
      {},
      login,
    );
    const titles = search.data.issues.nodes.map((n: { title: string }) => n.title);
    expect(titles).toContain('Public plan');
    expect(titles).not.toContain('Secret plan');
    expect(search.data.issues.totalCount).toBe(search.data.issues.nodes.length);
  });

  it('cannot be created or commented on by anyone else', async () => {
    const create = await gql(CREATE, { i: { repository: privateRepo, title: 'Intrusion' } }, 'bob');
    expect(create.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const comment = await gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId: secretIssueId, body: 'hi' } },
      'bob',
    );
    expect(comment.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const owner = await gql(
      `query($r: String!) { issue(repository: $r, number: 1) { commentCount } }`,
      { r: privateRepo },
      'alice',
    );
    expect(owner.data.issue.commentCount).toBe(0);
  });

  it('are refused for repositories that do not exist', async () => {
    const res = await gql(
      CREATE,
      { i: { repository: `alice/missing-${unique}`, title: 'Nowhere' } },
      'alice',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('only the owner of a public repository (or the author) may close its issues', async () => {
    const created = await gql(CREATE, { i: { repository: publicRepo, title: 'By bob' } }, 'bob');
    expect(created.errors).toBeUndefined();
    const id = created.data.createIssue.id;
    const byOwner = await gql(
      `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
      { i: { id } },
      'alice',
    );
    expect(byOwner.data.closeIssue.state).toBe('CLOSED');
  });

  it('keep working from the last known facts while the git host is down', async () => {
    await githost.close();
    const owner = await gql(
      `query($r: String!) { issue(repository: $r, number: 1) { title } }`,
      { r: privateRepo },
      'alice',
    );
    expect(owner.data?.issue).toEqual({ title: 'Secret plan' });
    const other = await gql(
      `query($r: String!) { issue(repository: $r, number: 1) { title } }`,
      { r: privateRepo },
      'bob',
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const write = await gql(
      CREATE,
      { i: { repository: publicRepo, title: 'Filed while the host is down' } },
      'bob',
    );
    expect(write.errors).toBeUndefined();
    const never = await gql(
      CREATE,
      { i: { repository: `alice/never-seen-${unique}`, title: 'x' } },
      'alice',
    );
    expect(never.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
