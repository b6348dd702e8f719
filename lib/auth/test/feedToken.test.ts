import { SignJWT } from 'jose';
import {
  isFeedToken,
  signFeedToken,
  signSessionToken,
  verifySessionToken,
  viewerFromAuthorization,
} from '@gitforge/auth';

const secret = 'feed-test-secret-with-enough-entropy-0123';

describe('feed token', () => {
  it('is recognised with the secret that signed it, and carries the contract claims', () => {
    const token = signFeedToken(secret);
    expect(isFeedToken(secret, `Bearer ${token}`)).toBe(true);
    expect(isFeedToken(secret, `bearer   ${token}`)).toBe(true);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'gitforge-gateway', scope: 'feed' });
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('is refused with another secret, expired, tampered with, or absent', async () => {
    const token = signFeedToken(secret, 60);
    expect(isFeedToken('another-secret-0123456789abcdef', `Bearer ${token}`)).toBe(false);
    expect(isFeedToken(secret, token)).toBe(false); // no "Bearer"
    expect(isFeedToken(secret, undefined)).toBe(false);
    expect(isFeedToken(secret, '')).toBe(false);
    expect(isFeedToken(secret, 'Bearer not.a.jwt')).toBe(false);
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 9999 })).toString(
      'base64url',
    );
    expect(isFeedToken(secret, `Bearer ${h}.${forged}.${s}`)).toBe(false);
    // Signed correctly but expired.
    const expired = await new SignJWT({ scope: 'feed' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('gitforge-gateway')
      .setIssuer('gitforge-feed')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(new TextEncoder().encode(secret));
    expect(isFeedToken(secret, `Bearer ${expired}`)).toBe(false);
    expect(() => signFeedToken(secret, 0)).toThrow();
  });

  it('is not a user session: a session token is not a feed token, nor the reverse', async () => {
    const session = await signSessionToken(secret, 'gitforge-gateway');
    expect(isFeedToken(secret, `Bearer ${session}`)).toBe(false);
    // A session-like token with scope feed but the session issuer is not a feed token either.
    const sessionScoped = await signSessionToken(secret, 'gitforge-gateway', {
      claims: { scope: 'feed' },
    });
    expect(isFeedToken(secret, `Bearer ${sessionScoped}`)).toBe(false);
  });

  it('is rejected by viewerFromAuthorization and verifySessionToken (never a Viewer)', async () => {
    const token = signFeedToken(secret);
    await expect(viewerFromAuthorization(secret, `Bearer ${token}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(verifySessionToken(secret, token, { cache: null })).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
