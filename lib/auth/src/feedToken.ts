import { createHmac, timingSafeEqual } from 'node:crypto';

/** The feed token's subject: the gateway's shared upstream subscriptions, not a user. */
export const FEED_TOKEN_SUBJECT = 'gitforge-gateway';
/** What the feed token grants (see the issues subgraph's `issueEvents`). */
export const FEED_TOKEN_SCOPE = 'feed';
/**
 * Its issuer is not the session tokens' (`gitforge`): `verifySessionToken` checks the issuer, so
 * a feed token never passes as a user session (its subject is a valid login).
 */
export const FEED_TOKEN_ISSUER = 'gitforge-feed';

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function signature(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

/**
 * The token the gateway presents to the issues subgraph for its shared feeds: an HS256 JWT with
 * the shared session secret, `{ sub: 'gitforge-gateway', scope: 'feed' }`, issuer
 * `gitforge-feed`, valid `ttlSeconds`. Synchronous (node:crypto), so it can be signed per
 * connection.
 */
export function signFeedToken(secret: string, ttlSeconds = 3600): string {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new Error(`ttlSeconds must be positive, got ${ttlSeconds}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const payload = base64url(
    JSON.stringify({
      sub: FEED_TOKEN_SUBJECT,
      scope: FEED_TOKEN_SCOPE,
      iss: FEED_TOKEN_ISSUER,
      iat: now,
      exp: now + Math.ceil(ttlSeconds),
    }),
  );
  const input = `${HEADER}.${payload}`;
  return `${input}.${signature(secret, input).toString('base64url')}`;
}

/**
 * Whether an `Authorization` value is `Bearer <a valid, unexpired feed token>` signed with
 * `secret`. Never throws: anything else (absent, a session token, a bad signature) is false.
 */
export function isFeedToken(secret: string, authorization: string | undefined): boolean {
  const token = authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) return false;
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, sig] = parts as [string, string, string];
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
      alg?: unknown;
    };
    if (alg !== 'HS256') return false;
    const expected = signature(secret, `${header}.${payload}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return (
      claims.sub === FEED_TOKEN_SUBJECT &&
      claims.scope === FEED_TOKEN_SCOPE &&
      claims.iss === FEED_TOKEN_ISSUER &&
      typeof claims.exp === 'number' &&
      claims.exp * 1000 > Date.now()
    );
  } catch {
    return false;
  }
}
