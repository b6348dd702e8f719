import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { gitforgeError } from '@gitforge/errors';

export interface Viewer {
  login: string;
}

const ALG = 'HS256';
const ISSUER = 'gitforge';
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A session JWT for `login`; extra claims (e.g. the encrypted Gitea token) are added as given. */
export async function signSessionToken(
  secret: string,
  login: string,
  options: { expiresIn?: string | number; claims?: Record<string, unknown> } = {},
): Promise<string> {
  return new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg: ALG })
    .setSubject(login)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(key(secret));
}

/** Verifies signature, algorithm and expiry; any failure is UNAUTHENTICATED. */
export async function verifySessionToken(secret: string, token: string): Promise<Viewer> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: [ALG] });
    if (typeof payload.sub !== 'string' || !LOGIN.test(payload.sub)) {
      throw gitforgeError('UNAUTHENTICATED', 'Token has no valid subject');
    }
    return { login: payload.sub };
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
 * read-only); UNAUTHENTICATED when it is present but not a valid `Bearer <JWT>`.
 */
export async function viewerFromAuthorization(
  secret: string,
  header: string | undefined,
): Promise<Viewer | null> {
  if (header === undefined || header === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw gitforgeError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
  return verifySessionToken(secret, match[1]);
}
