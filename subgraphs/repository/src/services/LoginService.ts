import { randomBytes } from 'node:crypto';
import { signSessionToken } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import { isGiteaError, type GiteaClient } from '../gitea';
import type { UserRecord } from './records';
import type { SlidingWindowLimiter } from './SlidingWindowLimiter';
import { toUser } from './toRecords';
import { validateCredentials } from './validation';

/**
 * What a GitForge session may do toward Gitea: read and write repositories (git push too) and
 * the user. `write:user` because Gitea 1.21 checks the `/user` group's scope on top of the
 * repository one for `POST /user/repos`; a write scope includes its read scope.
 */
export const GITEA_TOKEN_SCOPES = ['write:repository', 'write:user'];

export interface LoginResult {
  token: string;
  user: UserRecord;
  expiresAt: Date;
}

export interface LoginServiceOptions {
  /** Anonymous client: the token request authenticates with Basic auth itself. */
  gitea: GiteaClient;
  jwtSecret: string;
  sessionTtlSeconds: number;
  /** Failed logins per client address and per user name (one limiter, prefixed keys). */
  failures: SlidingWindowLimiter;
}

/**
 * Signs a user in through Gitea: the password goes to Gitea once, in exchange for a new access
 * token (a unique name per login), and is never stored. The session JWT carries that token
 * encrypted (`gt`), so later calls act as the user.
 */
export class LoginService {
  constructor(private readonly options: LoginServiceOptions) {}

  async login(username: string, password: string, clientAddress: string): Promise<LoginResult> {
    validateCredentials(username, password);
    const keys = [`ip:${clientAddress}`, `user:${username.toLowerCase()}`];
    const { failures } = this.options;
    const waitMs = Math.max(...keys.map((k) => failures.retryAfterMs(k)));
    if (waitMs > 0) {
      throw new DomainError(
        'RATE_LIMITED',
        `Too many failed sign-ins; try again in ${Math.ceil(waitMs / 1000)} s`,
      );
    }
    const attempt = failures.record(keys);
    let giteaToken: string;
    try {
      const created = await this.options.gitea.createAccessToken(username, password, {
        name: `gitforge-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
        scopes: GITEA_TOKEN_SCOPES,
      });
      giteaToken = created.sha1;
    } catch (err) {
      if (
        isGiteaError(err, 'unauthenticated') ||
        isGiteaError(err, 'forbidden') ||
        isGiteaError(err, 'not_found')
      ) {
        throw new DomainError('UNAUTHENTICATED', 'Invalid username or password');
      }
      // Gitea being down says nothing about the password: that attempt does not count.
      failures.release(keys, attempt);
      throw err;
    }
    failures.release(keys, attempt);
    failures.reset(`user:${username.toLowerCase()}`);
    const user = await this.options.gitea.as({ kind: 'token', token: giteaToken }).currentUser();
    const exp = Math.floor(Date.now() / 1000) + this.options.sessionTtlSeconds;
    const token = await signSessionToken(this.options.jwtSecret, user.login, {
      upstreamToken: giteaToken,
      expiresIn: exp,
      // Gitea tells is_admin to the user themself: site administration lasts for the session.
      isAdmin: user.is_admin,
    });
    return { token, user: toUser(user), expiresAt: new Date(exp * 1000) };
  }
}
