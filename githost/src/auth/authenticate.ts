import { createHash, timingSafeEqual } from 'node:crypto';
import { setRequestUser } from '@gitforge/logging';
import type { Viewer } from '../services/access';
import type { UserRecord } from '../store/records';
import type { UserService } from '../services/UserService';
import type { Credentials } from './readCredentials';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'user'; viewer: Viewer }
  /**
   * The admin token (GITEA_ADMIN_TOKEN): the admin routes, and every other route as a site
   * administrator (`ADMIN_TOKEN_USER`), like the token of a Gitea admin account.
   */
  | { kind: 'admin' }
  | { kind: 'invalid'; message: string };

/**
 * Who the admin token acts as outside the admin routes: a site administrator that is not a
 * stored user (id 0 matches no record; the login is not a valid Gitea name, so no user can
 * take it). GitForge's repository subgraph uses it to see every repository (quota usage) and
 * to carry out what an ADMIN collaborator may do but Gitea reserves to owners (deletion).
 */
export const ADMIN_TOKEN_USER: UserRecord = Object.freeze({
  id: 0,
  login: 'gitforge admin token',
  email: '',
  fullName: 'GitForge admin token',
  passwordHash: '',
  createdAt: '1970-01-01T00:00:00.000Z',
  isAdmin: true,
});

/** The viewer the admin token is on the non-admin routes (password-like: every scope). */
export const ADMIN_TOKEN_VIEWER: Viewer = { user: ADMIN_TOKEN_USER, via: 'password' };

const digest = (value: string) => createHash('sha256').update(value).digest();

export class Authenticator {
  private readonly adminDigest: Buffer | undefined;

  constructor(
    private readonly users: UserService,
    adminToken: string | undefined,
  ) {
    this.adminDigest = adminToken ? digest(adminToken) : undefined;
  }

  private isAdminToken(token: string): boolean {
    return this.adminDigest !== undefined && timingSafeEqual(digest(token), this.adminDigest);
  }

  private byToken(token: string): Authentication | undefined {
    if (this.isAdminToken(token)) return { kind: 'admin' };
    const found = this.users.authenticateToken(token);
    if (!found) return undefined;
    return {
      kind: 'user',
      viewer: { user: found.user, via: 'token', scopes: new Set(found.token.scopes) },
    };
  }

  /** Who presents `credentials`; a user's login (never the credentials) goes on the log lines. */
  async authenticate(credentials: Credentials): Promise<Authentication> {
    const auth = await this.identify(credentials);
    if (auth.kind === 'user') setRequestUser(auth.viewer.user.login);
    return auth;
  }

  private async identify(credentials: Credentials): Promise<Authentication> {
    switch (credentials.kind) {
      case 'none':
        return { kind: 'anonymous' };
      case 'malformed':
        return { kind: 'invalid', message: 'invalid authorization header' };
      case 'token':
        return this.byToken(credentials.token) ?? { kind: 'invalid', message: 'invalid token' };
      case 'basic': {
        const { username, password } = credentials;
        // Like Gitea: a token may stand in for the password, or for the username.
        const asToken =
          this.byToken(password) ??
          (password === '' || password === 'x-oauth-basic' ? this.byToken(username) : undefined);
        if (asToken) return asToken;
        const user = await this.users.verifyLogin(username, password);
        if (!user) return { kind: 'invalid', message: 'invalid username, password or token' };
        return { kind: 'user', viewer: { user, via: 'password' } };
      }
    }
  }
}
