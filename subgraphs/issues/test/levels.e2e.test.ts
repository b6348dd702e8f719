import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { InMemoryPubSub } from '@gitforge/pubsub';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import {
  startRepository,
  JWT_SECRET as REPOSITORY_JWT_SECRET,
  type TestRepository,
} from '../../repository/test/startRepository';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import type { TestIssues } from './startIssues';
import { collect, EventClients, until } from './support/eventClients';
import { createGiteaUser } from './support/serviceProcesses';

/*
 * Issue 16 end to end: the real repository subgraph (viewerPermission, assignableUsers,
 * add/removeCollaborator publishing the repository change) in front of the real embedded git
 * host, and the issues subgraph on the same bus. Collaborators' levels decide; removing one
 * cuts them off at their next request and ends their events.
 */

const ADMIN_TOKEN = 'admin-token-for-issues-levels-e2e-0123';
const bus = new InMemoryPubSub();
const clients = new EventClients();
let dataDir: string;
let githost: Githost;
let repository: TestRepository;
let issues: IssuesServer;
const tokens: Record<string, string> = {};
const repo = `alice/levels-${Date.now().toString(36)}`;

async function gql(query: string, variables: Record<string, unknown>, login?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (login) headers.authorization = `Bearer ${tokens[login]}`;
  const res = await fetch(`${issues.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}
const codeOf = (res: Awaited<ReturnType<typeof gql>>) => res.errors?.[0]?.extensions?.code;

async function collaborator(mutation: 'addCollaborator' | 'removeCollaborator', input: object) {
  const type = mutation === 'addCollaborator' ? 'AddCollaboratorInput' : 'RemoveCollaboratorInput';
  const res = await repository.gql(
    `mutation($i: ${type}!) { ${mutation}(input: $i) { fullName } }`,
    { i: { repository: repo, ...input } },
    { token: tokens.alice },
  );
  expect(res.errors).toBeUndefined();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'issues-levels-'));
  githost = await createGithost({
    dataDir,
    port: 0,
    adminToken: ADMIN_TOKEN,
    seedDemo: false,
    logger: createLogger('githost', 'silent'),
  });
  repository = await startRepository(githost.url, { pubsub: bus });
  for (const login of ['alice', 'wanda', 'rita', 'bob']) {
    await createGiteaUser(githost.url, login, ADMIN_TOKEN);
    tokens[login] = await repository.login(login, `${login}-password`);
  }
  const created = await repository.gql(
    `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName } }`,
    { i: { name: repo.split('/')[1], private: true } },
    { token: tokens.alice },
  );
  expect(created.errors).toBeUndefined();
  await collaborator('addCollaborator', { login: 'wanda', permission: 'WRITE' });
  await collaborator('addCollaborator', { login: 'rita', permission: 'READ' });
  issues = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 5,
    jwtSecret: REPOSITORY_JWT_SECRET,
    logger: createLogger('issues-test', 'silent'),
    repositorySubgraphUrl: repository.url,
    pubsub: bus,
  });
}, 60_000);

afterAll(async () => {
  await clients.disposeAll();
  await issues?.close();
  await repository?.close();
  await githost?.close();
  await bus.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('READ and WRITE collaborators, an outsider and the owner, as Gitea says', async () => {
  const filed = await gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`,
    { i: { repository: repo, title: 'Plan' } },
    'alice',
  );
  expect(filed.errors).toBeUndefined();
  const { id, number } = filed.data.createIssue;
  const READ = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { viewerCanClose } }`;
  const can: Record<string, unknown> = {};
  for (const login of ['alice', 'wanda', 'rita', 'bob']) {
    const res = await gql(READ, { r: repo, n: number }, login);
    can[login] = res.errors ? codeOf(res) : res.data.issue.viewerCanClose;
  }
  expect(can).toEqual({ alice: true, wanda: true, rita: false, bob: 'NOT_FOUND' });

  const CLOSE = `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`;
  expect(codeOf(await gql(CLOSE, { i: { id } }, 'rita'))).toBe('FORBIDDEN');
  const comment = await gql(
    `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
    { i: { issueId: id, body: 'I can read it' } },
    'rita',
  );
  expect(comment.errors).toBeUndefined();
  expect((await gql(CLOSE, { i: { id } }, 'wanda')).data.closeIssue.state).toBe('CLOSED');

  // Assignable: Gitea's assignees (WRITE and above), asked as the viewer.
  const ASSIGN = `mutation($i: AssignIssueInput!) { assignIssue(input: $i) { assignees { login } } }`;
  const assigned = await gql(ASSIGN, { i: { id, login: 'wanda' } }, 'wanda');
  expect(assigned.errors).toBeUndefined();
  expect(assigned.data.assignIssue.assignees).toEqual([{ login: 'wanda' }]);
  expect(codeOf(await gql(ASSIGN, { i: { id, login: 'rita' } }, 'wanda'))).toBe('BAD_USER_INPUT');
  expect(codeOf(await gql(ASSIGN, { i: { id, login: 'alice' } }, 'rita'))).toBe('FORBIDDEN');
});

it('removing a collaborator cuts off reads and events at once', async () => {
  const rita = collect(
    // Only what EventClients needs of a test server.
    clients.connect({ url: `${issues.url}/graphql` } as TestIssues, {
      raw: `Bearer ${tokens.rita}`,
    }),
    `subscription($r: String!) { issueEvents(repository: $r) { action issue { title } } }`,
    { r: repo },
  );
  await until(() => issues.eventSubscriptions() > 0, "rita's subscription");
  const file = (title: string) =>
    gql(
      `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
      { i: { repository: repo, title } },
      'alice',
    );
  await file('Seen by rita');
  await until(() => rita.events().length === 1, 'the first event');

  await collaborator('removeCollaborator', { login: 'rita' });
  const read = await gql(
    `query($r: String!) { issues(repository: $r) { totalCount } }`,
    { r: repo },
    'rita',
  );
  expect(codeOf(read)).toBe('NOT_FOUND');
  const access = await gql(
    `query($r: String!) { issueEventsAccess(repository: $r) { readable } }`,
    { r: repo },
    'rita',
  );
  expect(access.data.issueEventsAccess).toEqual({ readable: false });
  // The owner still reads; rita gets no more events (the owner's list shows the new issue first).
  await file('Not for rita');
  const owner = await gql(
    `query($r: String!) { issues(repository: $r, first: 1) { nodes { title } } }`,
    { r: repo },
    'alice',
  );
  expect(owner.data.issues.nodes).toEqual([{ title: 'Not for rita' }]);
  await file('Nor this');
  await until(async () => {
    const text = await (await fetch(`${issues.url}/metrics`)).text();
    return /issues_events_withheld_total\{action="CREATED"[^}]*\} [2-9]/.test(text);
  }, "rita's events withheld");
  expect(rita.events()).toEqual([{ action: 'CREATED', issue: { title: 'Seen by rita' } }]);
  rita.stop();
});
