import { signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createIssuesServer, type IssuesServer } from '../../src/createIssuesServer';
import type { TestIssues } from '../startIssues';
import { CuttableBus } from './CuttableBus';
import {
  startFakeRepositorySubgraph,
  type FakeRepository,
  type FakeRepositorySubgraph,
} from './fakeRepositorySubgraph';

export const LEVELS_JWT_SECRET = 'issue-levels-test-secret-0123456789abcdef';
/** The login whose sessions carry Gitea's is_admin (a site administrator: ADMIN everywhere). */
export const SITE_ADMIN = 'root';

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

/** The real issues subgraph asking a stand-in repository subgraph, with a bus this test shares. */
export interface LevelsStack {
  server: IssuesServer;
  fake: FakeRepositorySubgraph;
  bus: CuttableBus;
  /** Every SQL statement the server sent. */
  queries: string[];
  /** What EventClients needs (url, token). */
  issues: TestIssues;
  /** `login` signs in (a session), `null` is anonymous. */
  gql(query: string, variables: Record<string, unknown>, login: string | null): Promise<Answer>;
  /** Publishes a repository change (as the repository subgraph does after membership changes). */
  changed(repository: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `fake`: another stack's stand-in (a second replica over the same database); `bus`: a bus of
 * its own (cut: nothing is decided from memory, every request asks). Closes only what it made.
 */
export async function startLevelsStack(
  shared: { fake?: FakeRepositorySubgraph; bus?: CuttableBus } = {},
): Promise<LevelsStack> {
  const bus = shared.bus ?? new CuttableBus();
  const fake = shared.fake ?? (await startFakeRepositorySubgraph(LEVELS_JWT_SECRET));
  const queries: string[] = [];
  const server = await createIssuesServer({
    onQuery: (sql) => queries.push(sql),
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 5,
    jwtSecret: LEVELS_JWT_SECRET,
    logger: createLogger('issues-levels-test', 'silent'),
    repositorySubgraphUrl: fake.url,
    pubsub: bus,
  });
  const tokens = new Map<string, Promise<string>>();
  const token = (login: string) => {
    if (!tokens.has(login)) {
      const isAdmin = login === SITE_ADMIN ? { isAdmin: true } : {};
      tokens.set(login, signSessionToken(LEVELS_JWT_SECRET, login, isAdmin));
    }
    return tokens.get(login)!;
  };
  const url = `${server.url}/graphql`;
  return {
    server,
    fake,
    bus,
    queries,
    issues: { url, token } as TestIssues,
    async gql(query, variables, login) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (login) headers.authorization = `Bearer ${await token(login)}`;
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as Answer;
    },
    async changed(repository) {
      const repo = fake.repositories.get(repository);
      await bus.publish(
        'repositories.changes',
        repo
          ? {
              action: 'updated',
              repository,
              owner: repo.owner,
              private: repo.private,
              at: new Date().toISOString(),
            }
          : { action: 'deleted', repository, at: new Date().toISOString() },
      );
    },
    async close() {
      await server.close();
      if (!shared.fake) await fake.close();
      if (!shared.bus) await bus.close();
    },
  };
}

let counter = 0;
/** A repository of alice's in the fake with these levels; its name is unique to this run. */
export function newRepository(
  stack: LevelsStack,
  isPrivate: boolean,
  levels: FakeRepository['levels'] = {},
): string {
  counter += 1;
  const repository = `alice/lv${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
  stack.fake.repositories.set(repository, {
    owner: 'alice',
    private: isPrivate,
    giteaId: counter,
    levels,
  });
  return repository;
}

/** The roles of the matrix: their levels on every repository `newRepository` makes for it. */
export const ROLE_LEVELS = { reader: 'READ', writer: 'WRITE', admin: 'ADMIN' } as const;

export const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
