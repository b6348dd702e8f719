import { gql } from './graphql';
import { CREATE_ISSUE, CREATE_REPOSITORY, LOGIN, STORE_VALUE } from './operations';

export interface Fixture {
  /** `Bearer <session JWT>` of the demo user. */
  authorization: string;
  /** The seeded public repository the read queries list issues of. */
  readRepository: string;
  /** A key stored in the resilience subgraph. */
  kvKey: string;
  /** Fresh repositories of the demo user that `createIssue` load is spread over. */
  writeRepositories: string[];
}

const BODY =
  'Steps to reproduce: clone the repository, run the tests twice, watch the second run ' +
  'fail on a stale cache entry. Expected: both runs pass. Seen on 2 cores with PostgreSQL 15.';

/**
 * Signs in as `demo` through the gateway and gives the read queries something to read: issues
 * with labels in `demo/hello`, a stored key, and fresh repositories for the write load.
 */
export async function seedFixture(
  graphqlUrl: string,
  demoPassword: string,
  options: { issues: number; writeRepositories: number; runId: string },
): Promise<Fixture> {
  const { login } = await gql<{ login: { token: string } }>(graphqlUrl, LOGIN, {
    username: 'demo',
    password: demoPassword,
  });
  const authorization = `Bearer ${login.token}`;
  const readRepository = 'demo/hello';
  for (let i = 1; i <= options.issues; i += 1) {
    await gql(
      graphqlUrl,
      CREATE_ISSUE,
      {
        input: {
          repository: readRepository,
          title: `Flaky test run ${i}: the cache survives a restart`,
          body: BODY,
          labels: i % 2 === 0 ? ['bug', 'tests'] : ['bug'],
        },
      },
      authorization,
    );
  }
  const kvKey = 'bench-key';
  await gql(graphqlUrl, STORE_VALUE, { key: kvKey, value: 'x'.repeat(64) }, authorization);

  const writeRepositories: string[] = [];
  for (let i = 1; i <= options.writeRepositories; i += 1) {
    const { createRepository } = await gql<{ createRepository: { fullName: string } }>(
      graphqlUrl,
      CREATE_REPOSITORY,
      { input: { name: `bench-${options.runId}-${i}`, private: false } },
      authorization,
    );
    writeRepositories.push(createRepository.fullName);
  }
  return { authorization, readRepository, kvKey, writeRepositories };
}
