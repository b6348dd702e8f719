import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

// Two subgraph instances over one database, as two replicas would be: in-process queueing
// cannot help across them, so the database transactions really contend.
let issues: TestIssues;
let replica: TestIssues;
beforeAll(async () => {
  issues = await startIssues({ poolMax: 10 });
  replica = await startIssues({ poolMax: 10 });
});
afterAll(async () => {
  await issues?.close();
  await replica?.close();
});

const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`;

it('gives 50 concurrent createIssue calls on one repository the numbers 1..50 exactly', async () => {
  const repo = uniqueRepo('alice');
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, n) =>
      (n % 2 ? replica : issues).gql(
        CREATE,
        { i: { repository: repo, title: `Concurrent ${n}`, labels: ['load'] } },
        `user${n % 7}`,
      ),
    ),
  );
  for (const r of results) expect(r.errors).toBeUndefined();
  const numbers = results.map((r) => r.data.createIssue.number as number).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

  // What the database holds agrees: 50 rows, numbers unique and gap-free.
  const [row] = await issues.server.orm.em
    .fork()
    .execute<{ n: string; lo: number; hi: number; distinct_numbers: string }[]>(
      'select count(*) as n, min(number) as lo, max(number) as hi, count(distinct number) as distinct_numbers from issues where repository = ?',
      [repo],
    );
  expect(Number(row!.n)).toBe(50);
  expect(Number(row!.distinct_numbers)).toBe(50);
  expect([Number(row!.lo), Number(row!.hi)]).toEqual([1, 50]);
});

it('keeps numbering independent per repository under concurrency', async () => {
  const repos = [uniqueRepo('bob'), uniqueRepo('carol'), uniqueRepo('dave')];
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, n) =>
      (n % 2 ? replica : issues).gql(
        CREATE,
        { i: { repository: repos[n % 3], title: `Spread ${n}` } },
        'erin',
      ),
    ),
  );
  for (const r of results) expect(r.errors).toBeUndefined();
  for (const repo of repos) {
    const listed = await issues.gql(
      `query($r: String) { issues(repository: $r, first: 100, orderBy: {field: CREATED_AT, direction: ASC}) { nodes { number } } }`,
      { r: repo },
    );
    const numbers = listed.data.issues.nodes
      .map((n: { number: number }) => n.number)
      .sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  }
});
