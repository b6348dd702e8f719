import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import {
  decryptUpstreamToken,
  encryptUpstreamToken,
  signSessionToken,
  verifySessionToken,
  viewerFromAuthorization,
} from '@gitforge/auth';

const secret = 'test-secret-with-enough-entropy-0123456789';
const giteaToken = '0123456789abcdef0123456789abcdef01234567';

describe('upstream token encryption', () => {
  it('round-trips as a compact JWE (dir + A256GCM) that does not contain the token', async () => {
    const jwe = await encryptUpstreamToken(secret, giteaToken);
    expect(jwe.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(jwe)).toEqual({ alg: 'dir', enc: 'A256GCM' });
    expect(jwe).not.toContain(giteaToken);
    expect(Buffer.from(jwe.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(
      giteaToken,
    );
    await expect(decryptUpstreamToken(secret, jwe)).resolves.toBe(giteaToken);
  });

  it('encrypts with a fresh IV every time', async () => {
    const a = await encryptUpstreamToken(secret, giteaToken);
    const b = await encryptUpstreamToken(secret, giteaToken);
    expect(a).not.toBe(b);
  });

  it.each([
    ['another secret', async () => encryptUpstreamToken('another-secret-0123456789abcdef', 't')],
    [
      'a tampered ciphertext',
      async () => {
        const parts = (await encryptUpstreamToken(secret, giteaToken)).split('.');
        const ct = Buffer.from(parts[3]!, 'base64url');
        ct[0] = ct[0]! ^ 1;
        parts[3] = ct.toString('base64url');
        return parts.join('.');
      },
    ],
    ['garbage', async () => 'a.b.c.d.e'],
    ['a JWT instead of a JWE', async () => signSessionToken(secret, 'alice')],
  ])('refuses %s with UNAUTHENTICATED', async (_name, make) => {
    await expect(decryptUpstreamToken(secret, await make())).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('session tokens carrying an upstream token', () => {
  it('encrypts the upstream token into gt and returns it decrypted from verify', async () => {
    const jwt = await signSessionToken(secret, 'alice', { upstreamToken: giteaToken });
    const claims = decodeJwt(jwt);
    expect(typeof claims.gt).toBe('string');
    expect(JSON.stringify(claims)).not.toContain(giteaToken);
    await expect(verifySessionToken(secret, jwt)).resolves.toEqual({
      login: 'alice',
      upstreamToken: giteaToken,
    });
    await expect(viewerFromAuthorization(secret, `Bearer ${jwt}`)).resolves.toEqual({
      login: 'alice',
      upstreamToken: giteaToken,
    });
  });

  it('accepts an already encrypted gt claim', async () => {
    const gt = await encryptUpstreamToken(secret, giteaToken);
    const jwt = await signSessionToken(secret, 'alice', { claims: { gt } });
    expect((await verifySessionToken(secret, jwt)).upstreamToken).toBe(giteaToken);
  });

  it('has no upstreamToken key when the session carries none', async () => {
    const viewer = await verifySessionToken(secret, await signSessionToken(secret, 'bob'));
    expect(Object.keys(viewer)).toEqual(['login']);
  });

  it.each([
    ['a gt that is not a string', { gt: 42 }],
    ['a gt that is not a JWE', { gt: 'plain-token' }],
  ])('rejects %s with UNAUTHENTICATED', async (_name, claims) => {
    const jwt = await signSessionToken(secret, 'alice', { claims });
    await expect(verifySessionToken(secret, jwt)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('rejects a gt encrypted under another secret even in a validly signed JWT', async () => {
    const gt = await encryptUpstreamToken('another-secret-0123456789abcdef', giteaToken);
    const jwt = await new SignJWT({ gt })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('gitforge')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(verifySessionToken(secret, jwt)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
