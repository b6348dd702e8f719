import { SignJWT } from 'jose';
import { signSessionToken, verifySessionToken, viewerFromAuthorization } from '@gitforge/auth';
import { requestLogFields, runWithRequestId } from '@gitforge/logging';

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
          .setIssuer('gitforge')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(secret))}`,
    ],
  ])('rejects a %s token with UNAUTHENTICATED', async (_name, header) => {
    const value = await header();
    await runWithRequestId('r', async () => {
      await expect(viewerFromAuthorization(secret, value)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(requestLogFields()).not.toHaveProperty('user');
    });
  });

  it("puts the verified login (never the token) on the request's log fields", async () => {
    const token = await signSessionToken(secret, 'alice');
    const fields = await runWithRequestId('r', async () => {
      await viewerFromAuthorization(secret, `Bearer ${token}`);
      return requestLogFields();
    });
    expect(fields).toEqual({ requestId: 'r', user: 'alice' });
  });
});
