import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { gitforgeError } from '@gitforge/errors';
import { setRequestUser } from '@gitforge/logging';
import type { SessionVersions } from './sessionVersions';
import { decryptUpstreamToken, encryptUpstreamToken } from './upstreamToken';

export interface Viewer {
  login: string;
  /** The viewer's Gitea access token, decrypted from the session's `gt` claim when it has one. */
  upstreamToken?: string;
  /** Gitea's `is_admin` when the session was made (the `adm` claim); absent when not. */
  isAdmin?: boolean;
  /** The id of that Gitea token (the `gti` claim), for revoking it at logout. */
  upstreamTokenId?: number;
  /** The session's id (`jti`) and natural end (`exp`, epoch ms), for ending it at logout. */
  session?: { id: string; expiresAt: number };
}

/** The session claim carrying the encrypted Gitea access token. */
export const UPSTREAM_TOKEN_CLAIM = 'gt';
/** The session claim saying the user was a Gitea site administrator at sign-in. */
export const SITE_ADMIN_CLAIM = 'adm';
/** The user's session version when the session was signed (see `SessionVersions`). */
export const SESSION_VERSION_CLAIM = 'sv';
/** The id of the Gitea token in `gt`. */
export const UPSTREAM_TOKEN_ID_CLAIM = 'gti';

const ALG = 'HS256';
const ISSUER = 'gitforge';
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export interface SessionTokenOptions {
  expiresIn?: string | number;
  /** Extra claims, added as given (an already encrypted `gt` included). */
  claims?: Record<string, unknown>;
  /** A Gitea access token in clear: encrypted here into the `gt` claim. */
  upstreamToken?: string;
  /** The user is a Gitea site administrator: sets the `adm` claim. */
  isAdmin?: boolean;
  /** Sets the `gti` claim: the Gitea id of `upstreamToken`. */
  upstreamTokenId?: number;
  /** Sets the `sv` claim: the user's current session version. */
  sessionVersion?: number;
  /** Sets `jti`: a session that can be ended on its own (`logout`). */
  sessionId?: string;
}

/** What `verifySessionToken` checks beyond signature, issuer and expiry. */
export interface SessionChecks {
  /** Refuses sessions whose `sv` is older than the user's current version. */
  sessions?: SessionVersions;
}

/** A session JWT for `login`; extra claims (e.g. the encrypted Gitea token) are added as given. */
export async function signSessionToken(
  secret: string,
  login: string,
  options: SessionTokenOptions = {},
): Promise<string> {
  const claims: Record<string, unknown> = { ...options.claims };
  if (options.upstreamToken !== undefined) {
    claims[UPSTREAM_TOKEN_CLAIM] = await encryptUpstreamToken(secret, options.upstreamToken);
  }
  if (options.isAdmin === true) claims[SITE_ADMIN_CLAIM] = true;
  if (options.upstreamTokenId !== undefined)
    claims[UPSTREAM_TOKEN_ID_CLAIM] = options.upstreamTokenId;
  if (options.sessionVersion) claims[SESSION_VERSION_CLAIM] = options.sessionVersion;
  const jwt = new SignJWT(claims);
  if (options.sessionId !== undefined) jwt.setJti(options.sessionId);
  return jwt
    .setProtectedHeader({ alg: ALG })
    .setSubject(login)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(key(secret));
}

/**
 * Verifies signature, algorithm, issuer and expiry (a token without `exp` is refused), and the
 * session version when `checks.sessions` is given; decrypts the upstream token when the session
 * carries one; any failure is UNAUTHENTICATED.
 */
export async function verifySessionToken(
  secret: string,
  token: string,
  checks: SessionChecks = {},
): Promise<Viewer> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALG],
      issuer: ISSUER,
      requiredClaims: ['exp', 'sub'],
    });
    if (typeof payload.sub !== 'string' || !LOGIN.test(payload.sub)) {
      throw gitforgeError('UNAUTHENTICATED', 'Token has no valid subject');
    }
    if (checks.sessions) {
      const sv = payload[SESSION_VERSION_CLAIM] ?? 0;
      const ended =
        typeof sv !== 'number' ||
        sv < (await checks.sessions.current(payload.sub)) ||
        (payload.jti !== undefined && (await checks.sessions.isRevoked(payload.jti)));
      if (ended) throw gitforgeError('UNAUTHENTICATED', 'Session ended; sign in again');
    }
    const extra: Pick<Viewer, 'isAdmin' | 'upstreamTokenId' | 'session'> =
      payload[SITE_ADMIN_CLAIM] === true ? { isAdmin: true } : {};
    const gti = payload[UPSTREAM_TOKEN_ID_CLAIM];
    if (typeof gti === 'number') extra.upstreamTokenId = gti;
    if (payload.jti !== undefined && payload.exp !== undefined) {
      extra.session = { id: payload.jti, expiresAt: payload.exp * 1000 };
    }
    const gt = payload[UPSTREAM_TOKEN_CLAIM];
    if (gt === undefined) return { login: payload.sub, ...extra };
    if (typeof gt !== 'string') throw gitforgeError('UNAUTHENTICATED', 'Invalid upstream token');
    return { login: payload.sub, upstreamToken: await decryptUpstreamToken(secret, gt), ...extra };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) {
      throw gitforgeError('UNAUTHENTICATED', 'Token expired');
    }
    if (err instanceof joseErrors.JOSEError) {
      throw gitforgeError('UNAUTHENTICATED', 'Invalid token');
    }
    throw err;
  }
}

/**
 * The viewer named by an `Authorization` header: null when the header is absent (anonymous,
 * read-only); UNAUTHENTICATED when it is present but not a valid `Bearer <JWT>`. The verified
 * login goes on the current request's log lines (`user`).
 */
export async function viewerFromAuthorization(
  secret: string,
  header: string | undefined,
  checks: SessionChecks = {},
): Promise<Viewer | null> {
  if (header === undefined || header === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw gitforgeError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
  const viewer = await verifySessionToken(secret, match[1], checks);
  setRequestUser(viewer.login);
  return viewer;
}
