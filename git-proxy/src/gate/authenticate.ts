import { verifySessionToken } from '@gitforge/auth';
import { setRequestUser } from '@gitforge/logging';
import type { GiteaApi } from '../upstream/GiteaApi';
import type { CredentialCache } from './CredentialCache';

/** Who is asking, and how to act as them toward the git host. */
export type Identity =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      login: string;
      /** `Authorization` to send to Gitea as this user; absent = anonymous upstream. */
      upstreamAuthorization?: string;
    };

export type Authentication = { ok: true; identity: Identity } | { ok: false; message: string };

export interface AuthenticatorOptions {
  jwtSecret: string;
  api: GiteaApi;
  cache: CredentialCache;
}

const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The secret of an `Authorization` header that may be a GitForge session JWT. */
function sessionTokenIn(header: string): string | undefined {
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return JWT.test(value) ? value : undefined;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  return JWT.test(password) ? password : undefined;
}

/** An authenticated user; the login (never the credentials) goes on the request's log lines. */
function userIdentity(login: string, upstreamAuthorization: string | undefined): Authentication {
  setRequestUser(login);
  return { ok: true, identity: { kind: 'user', login, upstreamAuthorization } };
}

/**
 * Who the request comes from. A GitForge session JWT (as the Basic password, or Bearer) is
 * verified here and its encrypted Gitea token used upstream; any other credentials (username +
 * password, or a Gitea token) are checked by Gitea itself with `GET /api/v1/user`.
 */
export async function authenticate(
  header: string | undefined,
  options: AuthenticatorOptions,
): Promise<Authentication> {
  if (header === undefined || header.trim() === '') {
    return { ok: true, identity: { kind: 'anonymous' } };
  }
  const sessionToken = sessionTokenIn(header);
  if (sessionToken) {
    try {
      const viewer = await verifySessionToken(options.jwtSecret, sessionToken);
      return userIdentity(
        viewer.login,
        viewer.upstreamToken ? basicAuthorization(viewer.login, viewer.upstreamToken) : undefined,
      );
    } catch {
      return { ok: false, message: 'Invalid or expired GitForge token' };
    }
  }
  const cached = options.cache.get(header);
  if (cached !== undefined) return userIdentity(cached, header);
  const user = await options.api.currentUser(header);
  if (user.kind === 'bad-credentials') {
    return { ok: false, message: 'Invalid username, password or token' };
  }
  options.cache.set(header, user.login);
  return userIdentity(user.login, header);
}
