import { traceClientCall } from '@gitforge/tracing';
import { classifyUpstreamStatus } from '@gitforge/errors';
import type { UpstreamPools } from './upstreamPools';
import { GIT_HOST_UPSTREAM, toUpstreamError, UpstreamError } from './upstreamFailure';

/** The caller's level in a repository, from Gitea's `permissions` (Gitea's order). */
export type AccessLevel = 'none' | 'read' | 'write' | 'admin';

/** What the gate needs to know of a repository (from Gitea's `Repository`, as the caller sees it). */
export interface RepositoryAccess {
  ownerLogin: string;
  private: boolean;
  level: AccessLevel;
}

/**
 * Gitea's `permissions {admin, push, pull}` of the caller: admin → admin, push → write,
 * pull → read. Anything missing or malformed grants nothing (fail closed).
 */
export function levelOf(permissions: unknown): AccessLevel {
  const p = (permissions ?? {}) as { admin?: unknown; push?: unknown; pull?: unknown };
  if (p.admin === true) return 'admin';
  if (p.push === true) return 'write';
  if (p.pull === true) return 'read';
  return 'none';
}

export type RepositoryLookup =
  | { kind: 'visible'; repository: RepositoryAccess }
  | { kind: 'not-visible' }
  | { kind: 'bad-credentials' };

export type UserLookup = { kind: 'user'; login: string } | { kind: 'bad-credentials' };

const MAX_JSON_BYTES = 1024 * 1024;

/**
 * The two Gitea API calls the gate makes (`GET /user`, `GET /repos/{owner}/{repo}`), always
 * with the caller's own credentials so Gitea's visibility and permission rules apply.
 */
export class GiteaApi {
  constructor(
    private readonly pools: UpstreamPools,
    private readonly requestId: () => string | undefined,
  ) {}

  async currentUser(authorization: string): Promise<UserLookup> {
    const { status, body } = await this.get('/api/v1/user', authorization);
    if (status === 401 || status === 403) return { kind: 'bad-credentials' };
    const login = (body as { login?: unknown } | undefined)?.login;
    if (status !== 200 || typeof login !== 'string' || login === '') {
      throw unexpectedAnswer('GET /api/v1/user', status);
    }
    return { kind: 'user', login };
  }

  async repository(
    owner: string,
    repo: string,
    authorization: string | undefined,
  ): Promise<RepositoryLookup> {
    const path = `/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    const { status, body } = await this.get(path, authorization);
    if (status === 404 || status === 403) return { kind: 'not-visible' };
    if (status === 401) return { kind: 'bad-credentials' };
    const found = body as
      { private?: unknown; owner?: { login?: unknown }; permissions?: unknown } | undefined;
    if (
      status !== 200 ||
      typeof found?.private !== 'boolean' ||
      typeof found.owner?.login !== 'string'
    ) {
      throw unexpectedAnswer(`GET ${path}`, status);
    }
    return {
      kind: 'visible',
      repository: {
        ownerLogin: found.owner.login,
        private: found.private,
        level: levelOf(found.permissions),
      },
    };
  }

  /** Any HTTP answer proves the host is up (readiness). */
  async ping(): Promise<void> {
    await this.get('/api/v1/version', undefined);
  }

  private async get(
    path: string,
    authorization: string | undefined,
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    const requestId = this.requestId();
    if (requestId) headers['x-request-id'] = requestId;
    const signal = AbortSignal.timeout(this.pools.options.apiTimeoutMs);
    try {
      // Tracing on: a CLIENT span, `traceparent` sent along (the route, never the raw path).
      return await traceClientCall(
        'GET git host api',
        { 'http.request.method': 'GET' },
        async (traceHeaders) => {
          const response = await this.pools.api.request({
            method: 'GET',
            path: `${this.pools.basePath}${path}`,
            headers: traceHeaders ? { ...headers, ...traceHeaders } : headers,
            signal,
          });
          const length = Number(response.headers['content-length']);
          if (response.statusCode !== 200 || length > MAX_JSON_BYTES) {
            await response.body.dump();
            return { status: response.statusCode, body: undefined };
          }
          return { status: response.statusCode, body: await response.body.json() };
        },
        (answer) => answer.status,
      );
    } catch (err) {
      // Once the deadline fired, whatever undici threw is that timeout.
      throw toUpstreamError(signal.aborted ? signal.reason : err, `GET ${path}`);
    }
  }
}

/**
 * A status the gate cannot use, through the shared classification: a 429 stays a 429 (the git
 * client should slow down), the git host's own 504 is a 504, anything else a 502.
 */
function unexpectedAnswer(what: string, status: number): UpstreamError {
  const failure = classifyUpstreamStatus(GIT_HOST_UPSTREAM, status);
  const passOn = failure.code === 'RATE_LIMITED' || failure.kind === 'timeout';
  return new UpstreamError(
    passOn ? failure.httpStatus : 502,
    `The git host answered ${what} with ${status}`,
  );
}
