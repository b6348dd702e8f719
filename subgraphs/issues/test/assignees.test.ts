import { collect, EventClients, until } from './support/eventClients';
import {
  codeOf,
  newRepository,
  ROLE_LEVELS,
  startLevelsStack,
  type LevelsStack,
} from './support/levelsStack';

/*
 * Issue 16: assignees. assignIssue / unassignIssue need WRITE; the assignee must be one of the
 * repository's assignable users (the repository subgraph's assignableUsers: WRITE and above),
 * at most 10; issues(assignee:) filters; each change is an ASSIGNED / UNASSIGNED event.
 */

const ASSIGN = `mutation($i: AssignIssueInput!) { assignIssue(input: $i) { assignees { login } } }`;
const UNASSIGN = `mutation($i: UnassignIssueInput!) { unassignIssue(input: $i) { assignees { login } } }`;

const clients = new EventClients();
let stack: LevelsStack;
beforeAll(async () => {
  stack = await startLevelsStack();
});
afterAll(async () => {
  await clients.disposeAll();
  await stack?.close();
});

async function issueIn(repository: string, login = 'alice') {
  const res = await stack.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`,
    { i: { repository, title: `by ${login}` } },
    login,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createIssue as { id: string; number: number };
}

const outcome = (res: Awaited<ReturnType<LevelsStack['gql']>>) =>
  res.errors ? codeOf(res) : (res.data.assignIssue ?? res.data.unassignIssue);

describe.each([
  ['private', true],
  ['public', false],
])('%s repository', (_kind, isPrivate) => {
  let repository: string;
  beforeAll(() => {
    repository = newRepository(stack, isPrivate, { ...ROLE_LEVELS });
  });

  it('assign and unassign: WRITE and above; anyone else refused, the author too', async () => {
    const got: Record<string, unknown> = {};
    const removed: Record<string, unknown> = {};
    const roles = {
      anonymous: null,
      outsider: 'bob',
      reader: 'reader',
      writer: 'writer',
      admin: 'admin',
      owner: 'alice',
    };
    for (const [role, login] of Object.entries(roles)) {
      const issue = await issueIn(repository, 'reader');
      got[role] = outcome(await stack.gql(ASSIGN, { i: { id: issue.id, login: 'writer' } }, login));
      removed[role] = outcome(
        await stack.gql(UNASSIGN, { i: { id: issue.id, login: 'writer' } }, login),
      );
    }
    const assigned = { assignees: [{ login: 'writer' }] };
    const none = { assignees: [] };
    // The issue's author is `reader`: authorship gives no right to assign.
    expect(got).toEqual({
      anonymous: 'UNAUTHENTICATED',
      outsider: isPrivate ? 'NOT_FOUND' : 'FORBIDDEN',
      reader: 'FORBIDDEN',
      writer: assigned,
      admin: assigned,
      owner: assigned,
    });
    expect(removed).toEqual({
      anonymous: 'UNAUTHENTICATED',
      outsider: isPrivate ? 'NOT_FOUND' : 'FORBIDDEN',
      reader: 'FORBIDDEN',
      writer: none,
      admin: none,
      owner: none,
    });
  });

  it('only assignable users (WRITE and above) may be assigned, as Gitea spells them', async () => {
    const issue = await issueIn(repository);
    for (const login of ['reader', 'bob', 'nobody-at-all']) {
      const res = await stack.gql(ASSIGN, { i: { id: issue.id, login } }, 'alice');
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
    const asked = stack.fake.assigneeCalls();
    const res = await stack.gql(ASSIGN, { i: { id: issue.id, login: 'ADMIN' } }, 'writer');
    expect(res.errors).toBeUndefined();
    expect(res.data.assignIssue.assignees).toEqual([{ login: 'admin' }]);
    expect(stack.fake.assigneeCalls()).toBe(asked + 1);
    // Again: nothing changes; removing someone not assigned changes nothing either.
    const again = await stack.gql(ASSIGN, { i: { id: issue.id, login: 'admin' } }, 'writer');
    expect(again.data.assignIssue.assignees).toEqual([{ login: 'admin' }]);
    const absent = await stack.gql(UNASSIGN, { i: { id: issue.id, login: 'writer' } }, 'writer');
    expect(absent.data.unassignIssue.assignees).toEqual([{ login: 'admin' }]);
    const bad = await stack.gql(ASSIGN, { i: { id: issue.id, login: 'no spaces' } }, 'writer');
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });
});

it('at most 10 assignees', async () => {
  const writers = Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [`dev${i}`, 'WRITE' as const]),
  );
  const repository = newRepository(stack, true, writers);
  const issue = await issueIn(repository);
  for (let i = 0; i < 10; i++) {
    const res = await stack.gql(ASSIGN, { i: { id: issue.id, login: `dev${i}` } }, 'alice');
    expect(res.errors).toBeUndefined();
  }
  const eleventh = await stack.gql(ASSIGN, { i: { id: issue.id, login: 'dev10' } }, 'alice');
  expect(codeOf(eleventh)).toBe('BAD_USER_INPUT');
  const read = await stack.gql(
    `query($id: ID!) { issueById(id: $id) { assignees { login } } }`,
    { id: issue.id },
    'alice',
  );
  expect(read.data.issueById.assignees).toHaveLength(10);
});

it('issues(assignee:) lists the issues assigned to a user, on the repository and across', async () => {
  const repository = newRepository(stack, true, { ...ROLE_LEVELS });
  const first = await issueIn(repository);
  await issueIn(repository);
  const third = await issueIn(repository);
  for (const issue of [first, third]) {
    await stack.gql(ASSIGN, { i: { id: issue.id, login: 'writer' } }, 'alice');
  }
  await stack.gql(ASSIGN, { i: { id: third.id, login: 'admin' } }, 'alice');
  const list = async (args: string, login: string) => {
    const res = await stack.gql(
      `query($r: String!) { issues(repository: $r, ${args}) { nodes { number assignees { login } } } }`,
      { r: repository },
      login,
    );
    expect(res.errors).toBeUndefined();
    return res.data.issues.nodes;
  };
  expect(await list('assignee: "writer"', 'reader')).toEqual([
    { number: third.number, assignees: [{ login: 'writer' }, { login: 'admin' }] },
    { number: first.number, assignees: [{ login: 'writer' }] },
  ]);
  expect(await list('assignee: "admin"', 'reader')).toHaveLength(1);
  // Every issue's assignees in one statement (a DataLoader batch), not one per issue.
  const before = stack.queries.filter((sql) => sql.includes('from issue_assignees')).length;
  expect(await list('first: 20', 'reader')).toHaveLength(3);
  expect(stack.queries.filter((sql) => sql.includes('from issue_assignees')).length).toBe(
    before + 1,
  );
  expect(await list('assignee: "reader"', 'reader')).toEqual([]);
  // Across repositories: only the ones the caller may read.
  const across = await stack.gql(
    `query { issues(assignee: "writer", first: 100) { nodes { repository { fullName } } } }`,
    {},
    'bob',
  );
  expect(across.errors).toBeUndefined();
  expect(across.data.issues.nodes.map((n: any) => n.repository.fullName)).not.toContain(repository);
});

it('assignment changes are ASSIGNED / UNASSIGNED events, in the outbox and live', async () => {
  const repository = newRepository(stack, true, { ...ROLE_LEVELS });
  const issue = await issueIn(repository);
  const watcher = collect(
    clients.connect(stack.issues, { login: 'reader' }),
    `subscription($r: String!) { issueEvents(repository: $r) {
       action actor { login } issue { number assignees { login } } } }`,
    { r: repository },
  );
  await until(() => stack.server.eventSubscriptions() > 0, 'the subscription');
  await stack.gql(ASSIGN, { i: { id: issue.id, login: 'writer' } }, 'admin');
  await stack.gql(ASSIGN, { i: { id: issue.id, login: 'writer' } }, 'admin');
  await stack.gql(UNASSIGN, { i: { id: issue.id, login: 'writer' } }, 'alice');
  await until(() => watcher.events().length === 2, 'both events');
  expect(watcher.events()).toEqual([
    {
      action: 'ASSIGNED',
      actor: { login: 'admin' },
      issue: { number: issue.number, assignees: [{ login: 'writer' }] },
    },
    {
      action: 'UNASSIGNED',
      actor: { login: 'alice' },
      issue: { number: issue.number, assignees: [] },
    },
  ]);
  watcher.stop();
  const rows = await stack.server.orm.em
    .fork()
    .execute<{ action: string; payload: any }[]>(
      'select action, payload from issue_events where repository = ? order by sequence',
      [repository],
    );
  expect(rows.map((r) => [r.action, r.payload.issue.assignees])).toEqual([
    ['CREATED', undefined],
    ['ASSIGNED', ['writer']],
    ['UNASSIGNED', []],
  ]);
});
