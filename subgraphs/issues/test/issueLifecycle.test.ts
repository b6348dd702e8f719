import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

let issues: TestIssues;
beforeAll(async () => {
  issues = await startIssues();
});
afterAll(async () => {
  await issues?.close();
});

const ISSUE_FIELDS = `id number title body state stateReason closedAt commentCount labels { name color }
  author { login } repository { fullName } createdAt updatedAt viewerCanUpdate`;

async function create(
  repo: string,
  title: string,
  login = 'alice',
  labels: string[] = [],
  body = '',
) {
  const res = await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { ${ISSUE_FIELDS} } }`,
    { i: { repository: repo, title, body, labels } },
    login,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createIssue;
}

describe('issue lifecycle', () => {
  it('creates, edits, labels, closes with a reason and reopens', async () => {
    const repo = uniqueRepo('alice');
    const issue = await create(repo, '  Crash on start  ', 'bob', ['bug', 'bug', 'p1'], 'Steps...');
    expect(issue).toMatchObject({
      number: 1,
      title: 'Crash on start',
      body: 'Steps...',
      state: 'OPEN',
      stateReason: null,
      closedAt: null,
      commentCount: 0,
      author: { login: 'bob' },
      repository: { fullName: repo },
      viewerCanUpdate: true,
    });
    expect(issue.labels.map((l: { name: string }) => l.name)).toEqual(['bug', 'p1']);
    expect(issue.labels[0].color).toMatch(/^[0-9a-f]{6}$/);

    const updated = await issues.gql(
      `mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { title body labels { name } updatedAt } }`,
      { i: { id: issue.id, title: 'Crash on cold start', labels: ['crash'] } },
      'bob',
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateIssue).toMatchObject({
      title: 'Crash on cold start',
      body: 'Steps...',
      labels: [{ name: 'crash' }],
    });

    // The repository owner may close someone else's issue.
    const closed = await issues.gql(
      `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state stateReason closedAt } }`,
      { i: { id: issue.id, reason: 'NOT_PLANNED' } },
      'alice',
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeIssue.state).toBe('CLOSED');
    expect(closed.data.closeIssue.stateReason).toBe('NOT_PLANNED');
    expect(Date.parse(closed.data.closeIssue.closedAt)).not.toBeNaN();

    const reopened = await issues.gql(
      `mutation($i: ReopenIssueInput!) { reopenIssue(input: $i) { state stateReason closedAt } }`,
      { i: { id: issue.id } },
      'bob',
    );
    expect(reopened.data.reopenIssue).toEqual({
      state: 'OPEN',
      stateReason: 'REOPENED',
      closedAt: null,
    });

    const labels = await issues.gql(`query($r: String!) { labels(repository: $r) { name } }`, {
      r: repo,
    });
    expect(labels.data.labels.map((l: { name: string }) => l.name)).toEqual(['bug', 'crash', 'p1']);

    const byNumber = await issues.gql(
      `query($r: String!) { issue(repository: $r, number: 1) { id title viewerCanUpdate } }`,
      { r: repo },
      'mallory',
    );
    expect(byNumber.data.issue).toEqual({
      id: issue.id,
      title: 'Crash on cold start',
      viewerCanUpdate: false,
    });
  });

  it('threads comments, keeps the count in step and pages through them', async () => {
    const repo = uniqueRepo('alice');
    const issue = await create(repo, 'Discuss');
    const ids: string[] = [];
    for (const [n, who] of ['bob', 'carol', 'bob'].entries()) {
      const res = await issues.gql(
        `mutation($i: AddCommentInput!) { addComment(input: $i) { id body author { login } issue { number } } }`,
        { i: { issueId: issue.id, body: `comment ${n}` } },
        who,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.addComment).toMatchObject({
        body: `comment ${n}`,
        author: { login: who },
        issue: { number: 1 },
      });
      ids.push(res.data.addComment.id);
    }
    const page1 = await issues.gql(
      `query($r: String!) { issue(repository: $r, number: 1) { commentCount
         comments(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { body } } } }`,
      { r: repo },
    );
    const first = page1.data.issue;
    expect(first.commentCount).toBe(3);
    expect(first.comments.totalCount).toBe(3);
    expect(first.comments.nodes.map((c: { body: string }) => c.body)).toEqual([
      'comment 0',
      'comment 1',
    ]);
    expect(first.comments.pageInfo.hasNextPage).toBe(true);
    const page2 = await issues.gql(
      `query($r: String!, $after: String) { issue(repository: $r, number: 1) {
         comments(first: 2, after: $after) { pageInfo { hasNextPage } nodes { body } } } }`,
      { r: repo, after: first.comments.pageInfo.endCursor },
    );
    expect(page2.data.issue.comments).toEqual({
      pageInfo: { hasNextPage: false },
      nodes: [{ body: 'comment 2' }],
    });

    const edited = await issues.gql(
      `mutation($i: UpdateCommentInput!) { updateComment(input: $i) { body } }`,
      { i: { id: ids[1], body: 'edited' } },
      'carol',
    );
    expect(edited.data.updateComment.body).toBe('edited');
    const deleted = await issues.gql(
      `mutation($i: DeleteCommentInput!) { deleteComment(input: $i) { id issue { commentCount } } }`,
      { i: { id: ids[0] } },
      'alice', // repository owner deletes bob's comment
    );
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteComment).toEqual({ id: ids[0], issue: { commentCount: 2 } });
  });
});

describe('issue lists', () => {
  let repo: string;
  beforeAll(async () => {
    repo = uniqueRepo('alice');
    await create(repo, 'Login fails with SSO', 'bob', ['bug', 'auth']);
    await create(repo, 'Add dark mode', 'carol', ['feature']);
    const third = await create(repo, 'Docs typo in README', 'bob', ['docs', 'bug']);
    await create(repo, 'Percent 100% sign', 'carol');
    await issues.gql(
      `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { id } }`,
      { i: { id: third.id } },
      'bob',
    );
    await issues.gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId: third.id, body: 'fixed' } },
      'carol',
    );
  });

  const list = async (args: string, vars: Record<string, unknown> = {}) => {
    const res = await issues.gql(
      `query($r: String, $after: String) { issues(repository: $r, after: $after, ${args}) {
         totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { number } } } }`,
      { r: repo, ...vars },
    );
    expect(res.errors).toBeUndefined();
    return {
      ...res.data.issues,
      numbers: res.data.issues.edges.map((e: { node: { number: number } }) => e.node.number),
    };
  };

  it('filters by state, labels (all of them), author and search', async () => {
    expect((await list('state: OPEN')).numbers).toEqual([4, 2, 1]);
    expect((await list('state: CLOSED')).numbers).toEqual([3]);
    expect((await list('labels: ["bug"]')).numbers).toEqual([3, 1]);
    expect((await list('labels: ["bug", "auth"]')).numbers).toEqual([1]);
    expect((await list('author: "carol"')).numbers).toEqual([4, 2]);
    expect((await list('search: "readme"')).numbers).toEqual([3]);
    // LIKE wildcards in the search are literal.
    expect((await list('search: "100%"')).numbers).toEqual([4]);
    expect((await list('search: "%"')).numbers).toEqual([4]);
    const filtered = await list('state: OPEN, author: "bob"');
    expect([filtered.numbers, filtered.totalCount]).toEqual([[1], 1]);
  });

  it('orders by creation, update and comment count in both directions', async () => {
    expect((await list('orderBy: {field: CREATED_AT, direction: ASC}')).numbers).toEqual([
      1, 2, 3, 4,
    ]);
    expect((await list('orderBy: {field: UPDATED_AT, direction: DESC}')).numbers[0]).toBe(3);
    expect((await list('orderBy: {field: COMMENTS, direction: DESC}')).numbers[0]).toBe(3);
  });

  it('pages with cursors without skipping or repeating', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await list('first: 3', { after });
      expect(page.totalCount).toBe(4);
      seen.push(...page.numbers);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([4, 3, 2, 1]);
  });

  it('pages by comment count too', async () => {
    const page1 = await list('first: 2, orderBy: {field: COMMENTS, direction: DESC}');
    const page2 = await list('first: 2, orderBy: {field: COMMENTS, direction: DESC}', {
      after: page1.pageInfo.endCursor,
    });
    expect([...page1.numbers, ...page2.numbers].sort()).toEqual([1, 2, 3, 4]);
  });

  it('counts open issues on the Repository entity', async () => {
    const res = await issues.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Repository { openIssueCount issues(state: CLOSED) { totalCount } } } }`,
      { reps: [{ __typename: 'Repository', fullName: repo }] },
    );
    expect(res.data._entities).toEqual([{ openIssueCount: 3, issues: { totalCount: 1 } }]);
  });
});

describe('federation', () => {
  it('publishes its subgraph SDL with entity keys', async () => {
    const res = await issues.gql('{ _service { sdl } }');
    const sdl: string = res.data._service.sdl;
    expect(sdl).toMatch(/type Repository\s+@key\(fields: "fullName"\)/);
    expect(sdl).toMatch(/type Issue\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "login", resolvable: false\)/);
  });
});
