import { signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import type {
  AssigneeCheck,
  OwnerRuleAccess,
  RepositoryAccess,
} from '../src/services/repositoryAccess';
import { ownerByName } from './ownerByName';

export const JWT_SECRET = 'issues-test-secret-0123456789abcdef';

export interface TestIssues {
  server: IssuesServer;
  url: string;
  queries: string[];
  token(login: string): Promise<string>;
  /** `login`: a session of that user; `{ raw }`: this Authorization value as is. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    login?: string | null | { raw: string },
  ): Promise<{ data?: T; errors?: { message: string; extensions?: any }[] }>;
  close(): Promise<void>;
}

/** A real issues subgraph on a random port over the test database (DATABASE_URL). */
export async function startIssues(
  options: {
    poolMax?: number;
    access?: RepositoryAccess | OwnerRuleAccess;
    assignees?: AssigneeCheck;
    pubsub?: PubSub;
    redisUrl?: string;
    redisKeyPrefix?: string;
    eventPageSize?: number;
  } = {},
): Promise<TestIssues> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is set by the jest globalSetup');
  const queries: string[] = [];
  const embedded = process.env.GITFORGE_TEST_EMBEDDED_DB === '1';
  const server = await createIssuesServer({
    port: 0,
    databaseUrl,
    poolMax: embedded ? 1 : (options.poolMax ?? 10),
    jwtSecret: JWT_SECRET,
    logger: createLogger('issues-test', 'silent'),
    onQuery: (sql) => queries.push(sql),
    access: options.access ?? ownerByName,
    assignees: options.assignees,
    pubsub: options.pubsub,
    redisUrl: options.redisUrl,
    redisKeyPrefix: options.redisKeyPrefix,
    eventPageSize: options.eventPageSize,
  });
  const url = `${server.url}/graphql`;
  const tokens = new Map<string, string>();
  const token = async (login: string) => {
    if (!tokens.has(login)) tokens.set(login, await signSessionToken(JWT_SECRET, login));
    return tokens.get(login)!;
  };
  return {
    server,
    url,
    queries,
    token,
    async gql(query, variables, login = null) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (typeof login === 'string') headers.authorization = `Bearer ${await token(login)}`;
      else if (login) headers.authorization = login.raw;
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as never;
    },
    close: () => server.close(),
  };
}

let counter = 0;
/** A repository name no other test (or earlier run against the same database) uses. */
export function uniqueRepo(owner = 'alice'): string {
  counter += 1;
  return `${owner}/r${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

/** Files an issue as `alice` through the subgraph; fails the test on an error. */
export async function createIssueAs(
  issues: TestIssues,
  repository: string,
  title: string,
  labels: string[] = [],
): Promise<{ id: string; number: number }> {
  const res = await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`,
    { i: { repository, title, labels } },
    'alice',
  );
  expect(res.errors).toBeUndefined();
  return res.data.createIssue as { id: string; number: number };
}

/** `select count(*) as n ...` straight from the database, as a number. */
export async function countRows(issues: TestIssues, sql: string, params: unknown[]) {
  const [row] = await issues.server.orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(row?.n);
}
