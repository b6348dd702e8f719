import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { gitforgeError } from '@gitforge/errors';
import { setRequestUser } from '@gitforge/logging';
import type { SessionVersions } from './sessionVersions';
import { decryptUpstreamToken, encryptUpstreamToken } from './upstreamToken';
import { verifiedSessions, type VerifiedSessionCache } from './verifiedSessionCache';

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
  /**
   * Where verified tokens are remembered (default: the process-wide `verifiedSessions`);
   * `null` verifies every time. The `sessions` check runs on every call either way.
   */
  cache?: VerifiedSessionCache | null;
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

/** Throws UNAUTHENTICATED when the session was ended (logoutEverywhere, logout) since it was signed. */
async function refuseEnded(
  sessions: SessionVersions,
  login: string,
  sv: unknown,
  jti: string | undefined,
): Promise<void> {
  const version = sv ?? 0;
  const ended =
    typeof version !== 'number' ||
    version < (await sessions.current(login)) ||
    (jti !== undefined && (await sessions.isRevoked(jti)));
  if (ended) throw gitforgeError('UNAUTHENTICATED', 'Session ended; sign in again');
}

/** A fresh copy for the caller: cached viewers are shared between requests. */
function copyOf(viewer: Readonly<Viewer>): Viewer {
  const copy: Viewer = { ...viewer };
  if (viewer.session) copy.session = { ...viewer.session };
  return copy;
}

/**
 * Verifies signature, algorithm, issuer and expiry (a token without `exp` is refused), and the
 * session version when `checks.sessions` is given; decrypts the upstream token when the session
 * carries one; any failure is UNAUTHENTICATED. What the token proves by itself (signature,
 * claims, the decrypted Gitea token) is reused from `checks.cache` until min(exp, its TTL);
 * the session-version check runs on every call.
 */
export async function verifySessionToken(
  secret: string,
  token: string,
  checks: SessionChecks = {},
): Promise<Viewer> {
  const cache = checks.cache === undefined ? verifiedSessions : checks.cache;
  const cached = cache?.get(secret, token);
  if (cached) {
    if (checks.sessions) {
      try {
        await refuseEnded(
          checks.sessions,
          cached.viewer.login,
          cached.sessionVersion,
          cached.sessionId,
        );
      } catch (err) {
        cache?.delete(token);
        throw err;
      }
    }
    return copyOf(cached.viewer);
  }
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
      await refuseEnded(checks.sessions, payload.sub, payload[SESSION_VERSION_CLAIM], payload.jti);
    }
    const extra: Pick<Viewer, 'isAdmin' | 'upstreamTokenId' | 'session'> =
      payload[SITE_ADMIN_CLAIM] === true ? { isAdmin: true } : {};
    const gti = payload[UPSTREAM_TOKEN_ID_CLAIM];
    if (typeof gti === 'number') extra.upstreamTokenId = gti;
    if (payload.jti !== undefined && payload.exp !== undefined) {
      extra.session = { id: payload.jti, expiresAt: payload.exp * 1000 };
    }
    const gt = payload[UPSTREAM_TOKEN_CLAIM];
    let viewer: Viewer;
    if (gt === undefined) viewer = { login: payload.sub, ...extra };
    else if (typeof gt !== 'string')
      throw gitforgeError('UNAUTHENTICATED', 'Invalid upstream token');
    else
      viewer = {
        login: payload.sub,
        upstreamToken: await decryptUpstreamToken(secret, gt),
        ...extra,
      };
    cache?.set(secret, token, {
      viewer: Object.freeze(copyOf(viewer)),
      sessionVersion: payload[SESSION_VERSION_CLAIM],
      sessionId: payload.jti,
      // requiredClaims: jose refused the token without a numeric exp.
      expiresAt: (payload.exp ?? 0) * 1000,
    });
    return viewer;
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
