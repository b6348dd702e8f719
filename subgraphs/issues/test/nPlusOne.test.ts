import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

let issues: TestIssues;
let repo: string;
beforeAll(async () => {
  issues = await startIssues();
  repo = uniqueRepo('alice');
  for (let n = 0; n < 50; n++) {
    const created = await issues.gql(
      `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
      {
        i: {
          repository: repo,
          title: `Issue ${n}`,
          labels: n % 2 ? ['bug', `area-${n % 5}`] : ['docs'],
        },
      },
      'alice',
    );
    if (n % 10 === 0) {
      await issues.gql(
        `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
        { i: { issueId: created.data.createIssue.id, body: 'a comment' } },
        'bob',
      );
    }
  }
});
afterAll(async () => {
  await issues?.close();
});

it('loads a page of 50 issues with comment counts and labels in a constant number of statements', async () => {
  issues.queries.length = 0;
  const res = await issues.gql(
    `query($r: String) {
      issues(repository: $r, first: 50) {
        totalCount
        nodes { number title commentCount labels { name color } author { login } }
      }
    }`,
    { r: repo },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.issues.nodes).toHaveLength(50);
  expect(res.data.issues.totalCount).toBe(50);
  const withComments = res.data.issues.nodes.filter(
    (n: { commentCount: number }) => n.commentCount === 1,
  );
  expect(withComments).toHaveLength(5);
  expect(res.data.issues.nodes.every((n: { labels: unknown[] }) => n.labels.length >= 1)).toBe(
    true,
  );
  // One page query, one batched label query, and a count unless the page holds every match
  // (it does here): not 50 of anything.
  const statements = issues.queries.filter((sql) => /^\s*select/i.test(sql));
  expect(statements.length).toBeLessThanOrEqual(3);
  expect(issues.queries.filter((sql) => /issue_labels/.test(sql))).toHaveLength(1);
});

it('resolves openIssueCount for many repositories through _entities in one statement', async () => {
  const other = uniqueRepo('bob');
  issues.queries.length = 0;
  const res = await issues.gql(
    `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Repository { fullName openIssueCount } } }`,
    {
      reps: [repo, other, repo].map((fullName) => ({ __typename: 'Repository', fullName })),
    },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data._entities).toEqual([
    { fullName: repo, openIssueCount: 50 },
    { fullName: other, openIssueCount: 0 },
    { fullName: repo, openIssueCount: 50 },
  ]);
  expect(issues.queries.filter((sql) => /^\s*select/i.test(sql))).toHaveLength(1);
});
