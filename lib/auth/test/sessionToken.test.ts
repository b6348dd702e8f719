import { SignJWT } from 'jose';
import { signSessionToken, verifySessionToken, viewerFromAuthorization } from '@gitforge/auth';

const secret = 'test-secret-with-enough-entropy-0123456789';

describe('session tokens', () => {
  it('round-trips the login in sub', async () => {
    const token = await signSessionToken(secret, 'alice');
    await expect(verifySessionToken(secret, token)).resolves.toEqual({ login: 'alice' });
  });

  it('treats a missing header as anonymous', async () => {
    await expect(viewerFromAuthorization(secret, undefined)).resolves.toBeNull();
  });

  it.each([
    ['wrong secret', async () => `Bearer ${await signSessionToken('other-secret', 'alice')}`],
    [
      'expired',
      async () => `Bearer ${await signSessionToken(secret, 'alice', { expiresIn: -10 })}`,
    ],
    ['garbage', async () => 'Bearer not.a.jwt'],
    ['not bearer', async () => 'Basic YWxpY2U6cHc='],
    [
      'alg none',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
        const body = Buffer.from(JSON.stringify({ sub: 'alice' })).toString('base64url');
        return `Bearer ${header}.${body}.`;
      },
    ],
    [
      'bad subject',
      async () =>
        `Bearer ${await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('../etc')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(secret))}`,
    ],
  ])('rejects a %s token with UNAUTHENTICATED', async (_name, header) => {
    await expect(viewerFromAuthorization(secret, await header())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
