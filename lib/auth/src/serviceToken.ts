import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Issuer of service tokens: neither the sessions' (`gitforge`) nor the feed token's
 * (`gitforge-feed`), so a service token never passes as a user session or as the gateway's feed.
 */
/** The scope of the quota calls between services (limits from issues, usage from repository). */
export const QUOTA_SCOPE = 'quota';

export const SERVICE_TOKEN_ISSUER = 'gitforge-service';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const sign = (secret: string, input: string) => createHmac('sha256', secret).update(input).digest();

/**
 * A token one GitForge service presents to another's internal endpoint: an HS256 JWT with the
 * shared session secret, `{ sub: <calling service>, scope }`, issuer `gitforge-service`, valid
 * `ttlSeconds` (short: it is signed per call). `scope` says what it may do (e.g. `quota`).
 */
export function signServiceToken(
  secret: string,
  service: string,
  scope: string,
  ttlSeconds = 60,
): string {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new Error(`ttlSeconds must be positive, got ${ttlSeconds}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(
    JSON.stringify({
      sub: service,
      scope,
      iss: SERVICE_TOKEN_ISSUER,
      iat: now,
      exp: now + Math.ceil(ttlSeconds),
    }),
  ).toString('base64url');
  const input = `${HEADER}.${payload}`;
  return `${input}.${sign(secret, input).toString('base64url')}`;
}

/**
 * The calling service's name when `authorization` is `Bearer <a valid, unexpired service token
 * for scope>` signed with `secret`; undefined for anything else (never throws).
 */
export function serviceTokenCaller(
  secret: string,
  authorization: string | undefined,
  scope: string,
): string | undefined {
  const token = authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
      alg?: unknown;
    };
    if (alg !== 'HS256') return undefined;
    const expected = sign(secret, `${header}.${payload}`);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const valid =
      typeof claims.sub === 'string' &&
      claims.scope === scope &&
      claims.iss === SERVICE_TOKEN_ISSUER &&
      typeof claims.exp === 'number' &&
      claims.exp * 1000 > Date.now();
    return valid ? (claims.sub as string) : undefined;
  } catch {
    return undefined;
  }
}
