import { createLogger } from '@gitforge/logging';
import {
  createRepositoryServer,
  type RepositoryServer,
  type RepositoryServerOptions,
} from '../src/createRepositoryServer';

export const JWT_SECRET = 'repository-test-secret-0123456789abcdef';
export const WEBHOOK_SECRET = 'repository-webhook-secret-0123456789';
export const PUBLIC_GIT_URL = 'http://git.example.test/git';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: any }[];
}

export interface TestRepository {
  server: RepositoryServer;
  url: string;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GqlResult<T>>;
  /** Signs in through the `login` mutation and returns the session JWT. */
  login(username: string, password: string): Promise<string>;
  metric(name: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A real repository subgraph on a random port in front of `giteaUrl`. */
export async function startRepository(
  giteaUrl: string,
  overrides: Partial<RepositoryServerOptions> = {},
): Promise<TestRepository> {
  const server = await createRepositoryServer({
    port: 0,
    logger: createLogger('repository-test', 'silent'),
    giteaUrl,
    giteaTimeoutMs: 5000,
    circuit: { failureThreshold: 3, halfOpenAfterMs: 250 },
    jwtSecret: JWT_SECRET,
    webhookSecret: WEBHOOK_SECRET,
    publicGitUrl: PUBLIC_GIT_URL,
    cacheTtlMs: 60_000,
    limits: { blobTextBytes: 1024, treeMaxEntries: 5000 },
    ...overrides,
  });
  const url = `${server.url}/graphql`;
  const gql: TestRepository['gql'] = async (query, variables, options = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...options.headers,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as never;
  };
  return {
    server,
    url,
    gql,
    async login(username, password) {
      const res = await gql(
        `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
        { u: username, p: password },
      );
      if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
      return res.data.login.token as string;
    },
    async metric(name) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return text.split('\n').filter((line) => line.startsWith(name));
    },
    close: () => server.close(),
  };
}

export const codeOf = (res: GqlResult) => res.errors?.[0]?.extensions?.code as string | undefined;
