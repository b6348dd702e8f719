import { verifySessionToken, type LoginThrottle, type SessionVersions } from '@gitforge/auth';
import { setRequestUser } from '@gitforge/logging';
import type { GiteaApi } from '../upstream/GiteaApi';
import { UpstreamError } from '../upstream/upstreamFailure';
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

export type Authentication =
  | { ok: true; identity: Identity }
  /** 401 asks for other credentials; 429 (with `retryAfterSeconds`) says to stop guessing. */
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

export interface AuthenticatorOptions {
  jwtSecret: string;
  api: GiteaApi;
  cache: CredentialCache;
  /** The sign-in limiter shared with the repository subgraph's `login`. */
  throttle: LoginThrottle;
  /** Session versions: a session ended by `logoutEverywhere` is refused here too. */
  sessions?: SessionVersions;
}

const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The user name of Basic credentials (what a password guess is counted against). */
function basicUser(header: string): string | undefined {
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user === '' ? undefined : user;
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
 * password, or a Gitea token) are checked by Gitea itself with `GET /api/v1/user`, within the
 * sign-in limits of `clientAddress` and of the user name tried (credentials Gitea accepted a
 * moment ago are reused from the cache without a check).
 */
export async function authenticate(
  header: string | undefined,
  clientAddress: string,
  options: AuthenticatorOptions,
): Promise<Authentication> {
  if (header === undefined || header.trim() === '') {
    return { ok: true, identity: { kind: 'anonymous' } };
  }
  const sessionToken = sessionTokenIn(header);
  if (sessionToken) {
    try {
      const viewer = await verifySessionToken(options.jwtSecret, sessionToken, {
        sessions: options.sessions,
      });
      return userIdentity(
        viewer.login,
        viewer.upstreamToken ? basicAuthorization(viewer.login, viewer.upstreamToken) : undefined,
      );
    } catch {
      return { ok: false, status: 401, message: 'Invalid or expired GitForge token' };
    }
  }
  const cached = options.cache.get(header);
  if (cached !== undefined) return userIdentity(cached, header);
  let decision: Awaited<ReturnType<LoginThrottle['begin']>>;
  try {
    decision = await options.throttle.begin(clientAddress, basicUser(header));
  } catch (err) {
    // The shared counts (Redis) cannot be read: no password is checked without them.
    throw new UpstreamError(503, 'Sign-in is unavailable; try again shortly', { cause: err });
  }
  if (!decision.allowed) {
    const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
    const message = `Too many failed sign-ins; try again in ${retryAfterSeconds} s`;
    return { ok: false, status: 429, message, retryAfterSeconds };
  }
  let user: Awaited<ReturnType<GiteaApi['currentUser']>>;
  try {
    user = await options.api.currentUser(header);
  } catch (err) {
    // The git host did not answer: nothing was learnt about the password.
    await decision.attempt.abandoned();
    throw err;
  }
  if (user.kind === 'bad-credentials') {
    await decision.attempt.failed();
    return { ok: false, status: 401, message: 'Invalid username, password or token' };
  }
  await decision.attempt.succeeded();
  options.cache.set(header, user.login);
  return userIdentity(user.login, header);
}
