import { freePort } from './support/serviceProcesses';
import { startIssues, uniqueRepo } from './startIssues';

/*
 * Following repository changes over Redis must not make the issue tracker depend on Redis to
 * start: with the bus unreachable it starts and serves (the subscription is retried).
 */
it('starts and files issues while Redis is unreachable', async () => {
  const closedPort = await freePort();
  const issues = await startIssues({ redisUrl: `redis://127.0.0.1:${closedPort}` });
  try {
    const res = await issues.gql(
      `mutation($i: CreateIssueInput!) { createIssue(input: $i) { number } }`,
      { i: { repository: uniqueRepo('alice'), title: 'Filed without a bus' } },
      'alice',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.createIssue.number).toBe(1);
  } finally {
    await issues.close();
  }
}, 20_000);
