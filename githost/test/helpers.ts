import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOperation, validateRequest, validateResponse } from '@gitforge/gitea-contract';
import { createLogger } from '@gitforge/logging';
import { apiRoutes } from '../src/api/createApiRoutes';
import { createGithost, type Githost, type GithostOptions } from '../src/createGithost';

export const DEMO_PASSWORD = 'demo-password-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-githost-tests-0123456789';

export interface TestGithost extends Githost {
  dataDir: string;
  /** Closes the host and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startGithost(options: Partial<GithostOptions> = {}): Promise<TestGithost> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'githost-test-')));
  const githost = await createGithost({
    dataDir,
    demoPassword: DEMO_PASSWORD,
    adminToken: ADMIN_TOKEN,
    logger: createLogger('githost-test', process.env.GITHOST_TEST_LOG ?? 'silent'),
    webhookDelivery: { timeoutMs: 2000, attempts: 3, backoffMs: 50 },
    ...options,
  });
  return {
    ...githost,
    dataDir,
    dispose: async () => {
      await githost.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Auth =
  | { basic: [string, string] }
  | { token: string; via?: 'token' | 'bearer' | 'query' | 'access_token' | 'basic' }
  | undefined;

export interface ApiResult {
  status: number;
  headers: Headers;
  body: any;
  /** Contract problems of this request and response (empty when both follow the spec). */
  requestErrors: string[];
  responseErrors: string[];
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * Calls `/api/v1<path>` and checks both directions against Gitea 1.21's spec. `path` may carry a
 * query string; `auth` picks one of the ways Gitea accepts credentials.
 */
export async function api(
  base: string,
  method: string,
  path: string,
  options: { auth?: Auth; body?: unknown; rawBody?: string } = {},
): Promise<ApiResult> {
  const url = new URL(`${base}/api/v1${path}`);
  const headers: Record<string, string> = {};
  const auth = options.auth;
  if (auth && 'basic' in auth) headers.authorization = basic(...auth.basic);
  if (auth && 'token' in auth) {
    const via = auth.via ?? 'token';
    if (via === 'token') headers.authorization = `token ${auth.token}`;
    if (via === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    if (via === 'basic') headers.authorization = basic('anyone', auth.token);
    if (via === 'query') url.searchParams.set('token', auth.token);
    if (via === 'access_token') url.searchParams.set('access_token', auth.token);
  }
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const below = url.pathname.slice('/api/v1'.length);
  const request = validateRequest({
    method,
    path: below,
    query: url.searchParams,
    body: options.body,
  });
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) {
    parsed = JSON.parse(text);
  }
  const response = validateResponse(method, below, res.status, parsed);
  return {
    status: res.status,
    headers: res.headers,
    body: parsed,
    requestErrors: request.errors,
    responseErrors: response.errors,
  };
}

/** Creates a user through the admin API and returns a token with the given scopes. */
export async function createUser(
  base: string,
  login: string,
  password = `${login}-password`,
  scopes = ['write:repository', 'write:user'],
): Promise<{ login: string; password: string; token: string }> {
  const created = await api(base, 'POST', '/admin/users', {
    auth: { token: ADMIN_TOKEN },
    body: { username: login, email: `${login}@example.com`, password, must_change_password: false },
  });
  if (created.status !== 201) throw new Error(`creating ${login}: ${JSON.stringify(created.body)}`);
  const token = await api(base, 'POST', `/users/${login}/tokens`, {
    auth: { basic: [login, password] },
    body: { name: `t-${Date.now()}-${Math.random()}`, scopes },
  });
  if (token.status !== 201) throw new Error(`token for ${login}: ${JSON.stringify(token.body)}`);
  return { login, password, token: token.body.sha1 as string };
}

export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real git CLI, isolated from the machine's configuration and never prompting. */
export function git(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'credential.helper=', '-c', 'init.defaultBranch=main', ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: cwd,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: '',
          SSH_ASKPASS: '',
          GIT_AUTHOR_NAME: 'Test Author',
          GIT_AUTHOR_EMAIL: 'author@example.com',
          GIT_COMMITTER_NAME: 'Test Author',
          GIT_COMMITTER_EMAIL: 'author@example.com',
          ...env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `http://user:password@host/owner/repo.git` for the git CLI. */
export function gitUrl(base: string, repo: string, user?: string, password?: string): string {
  const url = new URL(`${base}/${repo}.git`);
  if (user !== undefined) url.username = encodeURIComponent(user);
  if (password !== undefined) url.password = encodeURIComponent(password);
  return url.toString();
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Polls until `probe` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  deadlineMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Templates of the organization, team and collaborator operations (their own test files). */
export const isAccessRoute = (template: string): boolean =>
  /^\/(orgs|teams)(\/|$)|^\/user\/orgs$|^\/users\/\{username\}\/orgs(\/|$)|\/collaborators|\/assignees$/.test(
    template,
  );

/** `METHOD template` of every served operation whose template passes `filter`. */
export function servedOperations(
  filter: (template: string) => boolean,
): { method: string; template: string }[] {
  return apiRoutes
    .filter((r) => filter(r.template))
    .flatMap((r) => Object.keys(r.handlers).map((method) => ({ method, template: r.template })));
}

/**
 * Records the operations a test file drove with a spec-valid request and response (`check`),
 * so the file can assert it exercised every operation of its share.
 */
export class ContractCheck {
  readonly covered = new Set<string>();

  constructor(private readonly base: () => string) {}

  /** Calls the API and expects `status`, a request and a response that follow the spec. */
  async expect(
    status: number,
    method: string,
    path: string,
    options: Parameters<typeof api>[3] = {},
  ): Promise<ApiResult> {
    const result = await api(this.base(), method, path, options);
    if (result.status !== status || result.requestErrors.length || result.responseErrors.length) {
      throw new Error(
        `${method} ${path}: expected ${status} following the spec, got ${result.status} ${JSON.stringify(result.body)} (request: ${result.requestErrors.join('; ')}; response: ${result.responseErrors.join('; ')})`,
      );
    }
    const op = findOperation(method, path.split('?')[0] ?? '');
    if (op) this.covered.add(`${method} ${op.template}`);
    return result;
  }

  /**
   * A status Gitea answers that its spec does not declare for the operation (a 403 from
   * reqOrgOwnership, a 409, a 422 where Gitea itself fails with 500): the request must follow
   * the spec and the only response problem allowed is the undeclared status.
   */
  async undeclared(
    status: number,
    method: string,
    path: string,
    options: Parameters<typeof api>[3] = {},
  ): Promise<ApiResult> {
    const result = await api(this.base(), method, path, options);
    const onlyStatus = result.responseErrors.every((e) =>
      e.startsWith(`status ${status} is not declared`),
    );
    if (result.status !== status || result.requestErrors.length || !onlyStatus) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)} (request: ${result.requestErrors.join('; ')}; response: ${result.responseErrors.join('; ')})`,
      );
    }
    expect(result.body).toEqual({ message: expect.any(String), url: expect.any(String) });
    return result;
  }

  /** The served operations passing `filter` that no `expect` call exercised. */
  missing(filter: (template: string) => boolean): string[] {
    return servedOperations(filter)
      .map((s) => `${s.method} ${s.template}`)
      .filter((op) => !this.covered.has(op))
      .sort();
  }
}
