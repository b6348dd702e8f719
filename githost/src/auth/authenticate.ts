import { createHash, timingSafeEqual } from 'node:crypto';
import { setRequestUser } from '@gitforge/logging';
import type { Viewer } from '../services/access';
import type { UserService } from '../services/UserService';
import type { Credentials } from './readCredentials';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'user'; viewer: Viewer }
  /** The admin token (GITEA_ADMIN_TOKEN): accepted by the admin routes only. */
  | { kind: 'admin' }
  | { kind: 'invalid'; message: string };

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
