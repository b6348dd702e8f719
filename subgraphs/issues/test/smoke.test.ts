import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

let issues: TestIssues;
beforeAll(async () => {
  issues = await startIssues();
});
afterAll(async () => {
  await issues?.close();
});

it('creates and lists an issue', async () => {
  const repo = uniqueRepo();
  const created = await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number title labels { name } author { login } } }`,
    { i: { repository: repo, title: 'First', body: 'hello', labels: ['bug'] } },
    'alice',
  );
  expect(created.errors).toBeUndefined();
  expect(created.data.createIssue).toMatchObject({
    number: 1,
    title: 'First',
    labels: [{ name: 'bug' }],
  });
  const listed = await issues.gql(
    `query($r: String) { issues(repository: $r) { totalCount nodes { number } } }`,
    { r: repo },
  );
  expect(listed.data.issues).toEqual({ totalCount: 1, nodes: [{ number: 1 }] });
});
