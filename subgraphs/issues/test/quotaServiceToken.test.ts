import { SignJWT } from 'jose';
import {
  isFeedToken,
  serviceTokenCaller,
  signFeedToken,
  signServiceToken,
  signSessionToken,
  viewerFromAuthorization,
} from '@gitforge/auth';

/** The service tokens quota calls between services carry (lib/auth serviceToken.ts). */

const secret = 'service-token-test-secret-0123456789abcdef';

describe('service token', () => {
  it('names its caller for its own scope and secret only', () => {
    const token = signServiceToken(secret, 'git-proxy', 'quota');
    expect(serviceTokenCaller(secret, `Bearer ${token}`, 'quota')).toBe('git-proxy');
    expect(serviceTokenCaller(secret, `Bearer ${token}`, 'feed')).toBeUndefined();
    expect(serviceTokenCaller('another-secret-0123456789abcdef', `Bearer ${token}`, 'quota')).toBe(
      undefined,
    );
    expect(serviceTokenCaller(secret, token, 'quota')).toBeUndefined();
    expect(serviceTokenCaller(secret, undefined, 'quota')).toBeUndefined();
  });

  it('is neither a session nor the feed token, and they are not service tokens', async () => {
    const token = signServiceToken(secret, 'git-proxy', 'quota');
    await expect(viewerFromAuthorization(secret, `Bearer ${token}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(isFeedToken(secret, `Bearer ${token}`)).toBe(false);
    const session = await signSessionToken(secret, 'alice', { isAdmin: true });
    expect(serviceTokenCaller(secret, `Bearer ${session}`, 'quota')).toBeUndefined();
    expect(serviceTokenCaller(secret, `Bearer ${signFeedToken(secret)}`, 'quota')).toBeUndefined();
  });

  it('is refused once expired or tampered with', async () => {
    const expired = await new SignJWT({ scope: 'quota' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('git-proxy')
      .setIssuer('gitforge-service')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
      .sign(new TextEncoder().encode(secret));
    expect(serviceTokenCaller(secret, `Bearer ${expired}`, 'quota')).toBeUndefined();
    const [h, p, s] = signServiceToken(secret, 'git-proxy', 'feed').split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'quota' })).toString('base64url');
    expect(serviceTokenCaller(secret, `Bearer ${h}.${forged}.${s}`, 'quota')).toBeUndefined();
    expect(() => signServiceToken(secret, 'x', 'quota', 0)).toThrow();
  });
});
