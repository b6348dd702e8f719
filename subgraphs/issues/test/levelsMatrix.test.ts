import { until } from './support/eventClients';
import {
  codeOf,
  newRepository,
  ROLE_LEVELS,
  SITE_ADMIN,
  startLevelsStack,
  type LevelsStack,
} from './support/levelsStack';

/*
 * Issue 16: the issues subgraph's rules over Gitea's levels, asked from a stand-in repository
 * subgraph that answers `viewerPermission` per viewer. Every action as anonymous, a signed-in
 * outsider, READ, WRITE and ADMIN collaborators, the owner, and the author of the thing, on a
 * private and on a public repository.
 */

type Role = 'anonymous' | 'outsider' | 'reader' | 'writer' | 'admin' | 'owner';
const LOGIN: Record<Role, string | null> = {
  anonymous: null,
  outsider: 'bob',
  reader: 'reader',
  writer: 'writer',
  admin: 'admin',
  owner: 'alice',
};
const ROLES = Object.keys(LOGIN) as Role[];

let stack: LevelsStack;
beforeAll(async () => {
  stack = await startLevelsStack();
});
afterAll(async () => {
  await stack?.close();
});

async function issueBy(repository: string, login: string, title = 'An issue') {
  const res = await stack.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`,
    { i: { repository, title } },
    login,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createIssue as { id: string; number: number };
}

async function commentBy(issueId: string, login: string) {
  const res = await stack.gql(
    `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
    { i: { issueId, body: `by ${login}` } },
    login,
  );
  expect(res.errors).toBeUndefined();
  return res.data.addComment.id as string;
}

/** 'OK' when the answer has no error, else its code. */
const outcome = (res: { errors?: unknown[] } & Parameters<typeof codeOf>[0]) =>
  res.errors ? codeOf(res) : 'OK';

/** What each role gets for actions that need WRITE (or authorship) on others' things. */
const writeOnly = (isPrivate: boolean): Record<Role, string | undefined> => ({
  anonymous: 'UNAUTHENTICATED',
  outsider: isPrivate ? 'NOT_FOUND' : 'FORBIDDEN',
  reader: 'FORBIDDEN',
  writer: 'OK',
  admin: 'OK',
  owner: 'OK',
});
/** ... and for actions READ may do (a signed-in user on a public repository is READ). */
const readers = (isPrivate: boolean) => ({
  anonymous: isPrivate ? 'NOT_FOUND' : 'OK',
  outsider: isPrivate ? 'NOT_FOUND' : 'OK',
  reader: 'OK',
  writer: 'OK',
  admin: 'OK',
  owner: 'OK',
});

describe.each([
  ['private', true],
  ['public', false],
])('%s repository', (_kind, isPrivate) => {
  let repository: string;
  beforeAll(() => {
    repository = newRepository(stack, isPrivate, { ...ROLE_LEVELS });
  });

  it('reads an issue and its viewerCan* fields', async () => {
    const theirs = await issueBy(repository, 'alice');
    await commentBy(theirs.id, 'alice');
    const got: Record<string, unknown> = {};
    for (const role of ROLES) {
      const res = await stack.gql(
        `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) {
           viewerCanUpdate viewerCanClose
           comments { nodes { viewerCanUpdate viewerCanDelete } } } }`,
        { r: repository, n: theirs.number },
        LOGIN[role],
      );
      got[role] = res.errors ? codeOf(res) : res.data.issue;
    }
    const may = (v: boolean) => ({
      viewerCanUpdate: v,
      viewerCanClose: v,
      comments: { nodes: [{ viewerCanUpdate: v, viewerCanDelete: v }] },
    });
    expect(got).toEqual({
      anonymous: isPrivate ? 'NOT_FOUND' : may(false),
      outsider: isPrivate ? 'NOT_FOUND' : may(false),
      reader: may(false),
      writer: may(true),
      admin: may(true),
      owner: may(true),
    });
  });

  it('opens issues and comments: READ and above (signed in)', async () => {
    const theirs = await issueBy(repository, 'alice');
    const opened: Record<string, unknown> = {};
    const commented: Record<string, unknown> = {};
    for (const role of ROLES) {
      opened[role] = outcome(
        await stack.gql(
          `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
          { i: { repository, title: `by ${role}` } },
          LOGIN[role],
        ),
      );
      commented[role] = outcome(
        await stack.gql(
          `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
          { i: { issueId: theirs.id, body: `by ${role}` } },
          LOGIN[role],
        ),
      );
    }
    // Anonymous callers are told to sign in before anything is looked up.
    expect(opened).toEqual({ ...readers(isPrivate), anonymous: 'UNAUTHENTICATED' });
    expect(commented).toEqual({ ...readers(isPrivate), anonymous: 'UNAUTHENTICATED' });
  });

  it("closes, reopens and labels others' issues: WRITE and above", async () => {
    const closed: Record<string, unknown> = {};
    const reopened: Record<string, unknown> = {};
    const labelled: Record<string, unknown> = {};
    for (const role of ROLES) {
      const issue = await issueBy(repository, 'alice');
      closed[role] = outcome(
        await stack.gql(
          `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
          { i: { id: issue.id } },
          LOGIN[role],
        ),
      );
      const shut = await issueBy(repository, 'alice');
      await stack.gql(
        `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
        { i: { id: shut.id } },
        'alice',
      );
      reopened[role] = outcome(
        await stack.gql(
          `mutation($i: ReopenIssueInput!) { reopenIssue(input: $i) { state } }`,
          { i: { id: shut.id } },
          LOGIN[role],
        ),
      );
      labelled[role] = outcome(
        await stack.gql(
          `mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { labels { name } } }`,
          { i: { id: issue.id, labels: ['triaged'] } },
          LOGIN[role],
        ),
      );
    }
    expect(closed).toEqual(writeOnly(isPrivate));
    expect(reopened).toEqual(writeOnly(isPrivate));
    expect(labelled).toEqual(writeOnly(isPrivate));
  });

  it("edits and deletes others' comments: WRITE and above", async () => {
    const issue = await issueBy(repository, 'alice');
    const edited: Record<string, unknown> = {};
    const deleted: Record<string, unknown> = {};
    for (const role of ROLES) {
      const comment = await commentBy(issue.id, 'alice');
      edited[role] = outcome(
        await stack.gql(
          `mutation($i: UpdateCommentInput!) { updateComment(input: $i) { body } }`,
          { i: { id: comment, body: `edited by ${role}` } },
          LOGIN[role],
        ),
      );
      deleted[role] = outcome(
        await stack.gql(
          `mutation($i: DeleteCommentInput!) { deleteComment(input: $i) { id } }`,
          { i: { id: comment } },
          LOGIN[role],
        ),
      );
    }
    expect(edited).toEqual(writeOnly(isPrivate));
    expect(deleted).toEqual(writeOnly(isPrivate));
  });

  it('the author (READ) keeps every right over their own issue and comments', async () => {
    const own = await issueBy(repository, 'reader', 'Mine');
    const comment = await commentBy(own.id, 'reader');
    const fields = await stack.gql(
      `query($id: ID!) { issueById(id: $id) { viewerCanUpdate viewerCanClose
         comments { nodes { viewerCanUpdate viewerCanDelete } } } }`,
      { id: own.id },
      'reader',
    );
    expect(fields.data.issueById).toEqual({
      viewerCanUpdate: true,
      viewerCanClose: true,
      comments: { nodes: [{ viewerCanUpdate: true, viewerCanDelete: true }] },
    });
    const steps = [
      [
        `mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { title } }`,
        { id: own.id, title: 'Mine, edited', labels: ['mine'] },
      ],
      [`mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`, { id: own.id }],
      [`mutation($i: ReopenIssueInput!) { reopenIssue(input: $i) { state } }`, { id: own.id }],
      [
        `mutation($i: UpdateCommentInput!) { updateComment(input: $i) { body } }`,
        { id: comment, body: 'edited' },
      ],
      [`mutation($i: DeleteCommentInput!) { deleteComment(input: $i) { id } }`, { id: comment }],
    ] as const;
    for (const [mutation, input] of steps) {
      expect(outcome(await stack.gql(mutation, { i: input }, 'reader'))).toBe('OK');
    }
    // Another reader is no author: FORBIDDEN; and a writer may (any issue).
    const other = await issueBy(repository, 'reader', 'Also mine');
    stack.fake.repositories.get(repository)!.levels!.reader2 = 'READ';
    await stack.changed(repository);
    expect(
      codeOf(
        await stack.gql(
          `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
          { i: { id: other.id } },
          'reader2',
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('a site administrator (is_admin in the session, forwarded to the repository subgraph) is ADMIN', async () => {
    const theirs = await issueBy(repository, 'alice');
    const read = await stack.gql(
      `query($id: ID!) { issueById(id: $id) { viewerCanClose } }`,
      { id: theirs.id },
      SITE_ADMIN,
    );
    expect(read.data.issueById).toEqual({ viewerCanClose: true });
    const closed = await stack.gql(
      `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
      { i: { id: theirs.id } },
      SITE_ADMIN,
    );
    expect(closed.data.closeIssue.state).toBe('CLOSED');
  });

  it('a list of 50 issues asks the repository subgraph once for the viewer', async () => {
    const many = newRepository(stack, isPrivate, { ...ROLE_LEVELS });
    for (let i = 0; i < 50; i++) await issueBy(many, 'alice', `#${i}`);
    // Memory decides once the bus is live (heartbeats back): then the owner asks nothing.
    await until(async () => {
      const asked = stack.fake.calls();
      await stack.gql(
        `query($r: String!) { issues(repository: $r) { totalCount } }`,
        { r: many },
        'alice',
      );
      return stack.fake.calls() === asked;
    }, 'decisions from memory');
    // A change drops what memory holds: the list below must ask, once.
    await stack.changed(many);
    const before = stack.fake.calls();
    const res = await stack.gql(
      `query($r: String!) { issues(repository: $r, first: 50) {
         nodes { viewerCanUpdate viewerCanClose assignees { login } } } }`,
      { r: many },
      'writer',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.issues.nodes).toHaveLength(50);
    expect(res.data.issues.nodes.every((n: { viewerCanClose: boolean }) => n.viewerCanClose)).toBe(
      true,
    );
    expect(stack.fake.calls() - before).toBe(1);
  });
});
