import { randomBytes, randomUUID } from 'node:crypto';
import {
  signSessionToken,
  type LoginThrottle,
  type SessionVersions,
  type Viewer,
} from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import { isGiteaError, type GiteaClient } from '../gitea';
import { SESSION_TOKEN_PREFIX, type GiteaTokens } from './GiteaTokens';
import type { UserRecord } from './records';
import { toUser } from './toRecords';
import { validateCredentials } from './validation';

/**
 * What a GitForge session may do toward Gitea: read and write repositories (git push too) and
 * the user. `write:user` because Gitea 1.21 checks the `/user` group's scope on top of the
 * repository one for `POST /user/repos` (and for deleting the token again at logout);
 * `write:organization` for organizations and teams (issue 16). A write scope includes its read
 * scope.
 */
export const GITEA_TOKEN_SCOPES = ['write:repository', 'write:user', 'write:organization'];

export interface LoginResult {
  token: string;
  user: UserRecord;
  expiresAt: Date;
}

export interface LoginServiceOptions {
  /** Anonymous client: the token request authenticates with Basic auth itself. */
  gitea: GiteaClient;
  tokens: GiteaTokens;
  jwtSecret: string;
  sessionTtlSeconds: number;
  /** Failed sign-ins per client address and per account (shared with the git proxy). */
  throttle: LoginThrottle;
  sessions: SessionVersions;
}

/**
 * Signs a user in through Gitea: the password goes to Gitea once, in exchange for a new access
 * token (a unique name per login), and is never stored. The session JWT carries that token
 * encrypted (`gt`) and its id (`gti`), so later calls act as the user and logout revokes it.
 */
export class LoginService {
  constructor(private readonly options: LoginServiceOptions) {}

  async login(username: string, password: string, clientAddress: string): Promise<LoginResult> {
    validateCredentials(username, password);
    const decision = await this.options.throttle.begin(clientAddress, username);
    if (!decision.allowed) {
      throw new DomainError(
        'RATE_LIMITED',
        `Too many failed sign-ins; try again in ${Math.ceil(decision.retryAfterMs / 1000)} s`,
      );
    }
    const { attempt } = decision;
    let created: { id: number; sha1: string };
    try {
      created = await this.options.gitea.createAccessToken(username, password, {
        name: `${SESSION_TOKEN_PREFIX}${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
        scopes: GITEA_TOKEN_SCOPES,
      });
    } catch (err) {
      if (
        isGiteaError(err, 'unauthenticated') ||
        isGiteaError(err, 'forbidden') ||
        isGiteaError(err, 'not_found')
      ) {
        await attempt.failed();
        throw new DomainError('UNAUTHENTICATED', 'Invalid username or password');
      }
      // Gitea being down says nothing about the password: that attempt does not count.
      await attempt.abandoned();
      throw err;
    }
    await attempt.succeeded();
    const user = await this.options.gitea.as({ kind: 'token', token: created.sha1 }).currentUser();
    const exp = Math.floor(Date.now() / 1000) + this.options.sessionTtlSeconds;
    const token = await signSessionToken(this.options.jwtSecret, user.login, {
      upstreamToken: created.sha1,
      upstreamTokenId: created.id,
      sessionVersion: await this.options.sessions.current(user.login),
      sessionId: randomUUID(),
      expiresIn: exp,
      // Gitea tells is_admin to the user themself: site administration lasts for the session.
      isAdmin: user.is_admin,
    });
    return { token, user: toUser(user), expiresAt: new Date(exp * 1000) };
  }

  /**
   * Ends this session: every service refuses its JWT from now on, and the Gitea token minted at
   * its sign-in is deleted (so a git push with either fails).
   */
  async logout(viewer: Viewer | null): Promise<boolean> {
    if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    if (viewer.upstreamToken && viewer.upstreamTokenId !== undefined) {
      await this.options.tokens.revoke(viewer.login, viewer.upstreamToken, viewer.upstreamTokenId);
    }
    if (viewer.session) {
      await this.options.sessions.revoke(viewer.session.id, viewer.session.expiresAt);
    }
    return true;
  }

  /**
   * Ends every session of the viewer: the session version moves on (every service refuses the
   * older JWTs) and every Gitea token GitForge minted for them is deleted.
   */
  async logoutEverywhere(viewer: Viewer | null): Promise<boolean> {
    if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    // Gitea first: if it fails nothing has ended yet and the same session can try again.
    if (viewer.upstreamToken) {
      await this.revokeSessionTokens(viewer.login, viewer.upstreamToken, viewer.upstreamTokenId);
    }
    await this.options.sessions.endAll(viewer.login);
    return true;
  }

  /** Every `gitforge-*` Gitea token of `login`, listed and deleted with `token` (id `own`). */
  private async revokeSessionTokens(login: string, token: string, own?: number): Promise<void> {
    const { tokens } = this.options;
    let ids: number[];
    try {
      ids = await tokens.sessionTokenIds(login, token);
    } catch (err) {
      // The viewer's own token is gone: an earlier attempt deleted them all, itself last.
      if (isGiteaError(err, 'unauthenticated')) return;
      throw err;
    }
    // The viewer's own token authenticates the others' deletion: it goes last.
    for (const id of ids.filter((i) => i !== own)) await tokens.revoke(login, token, id);
    if (own !== undefined) await tokens.revoke(login, token, own);
  }
}
