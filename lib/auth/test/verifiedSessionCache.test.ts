import { randomUUID } from 'node:crypto';
import {
  InProcessSessionVersions,
  RedisSessionVersions,
  VerifiedSessionCache,
  signSessionToken,
  verifySessionToken,
  verifiedSessions,
} from '@gitforge/auth';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const secret = 'test-secret-with-enough-entropy-0123456789';

/** A clock the test moves by hand. */
function clock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const unauthenticated = { extensions: { code: 'UNAUTHENTICATED' } };

describe('verified session cache', () => {
  it('serves a token verified before without verifying it again, for the same secret only', async () => {
    const cache = new VerifiedSessionCache();
    // An entry no real verification could produce: a hit is the only way to get it back.
    cache.set(secret, 'not-a-jwt', {
      viewer: { login: 'cached', upstreamToken: 'gitea-token' },
      sessionVersion: undefined,
      expiresAt: Date.now() + 60_000,
    });
    await expect(verifySessionToken(secret, 'not-a-jwt', { cache })).resolves.toEqual({
      login: 'cached',
      upstreamToken: 'gitea-token',
    });
    await expect(
      verifySessionToken(`${secret}-other`, 'not-a-jwt', { cache }),
    ).rejects.toMatchObject(unauthenticated);
    await expect(verifySessionToken(secret, 'not-a-jwt', { cache: null })).rejects.toMatchObject(
      unauthenticated,
    );
  });

  it('remembers the decrypted Gitea token with the claims; callers get their own copies', async () => {
    const cache = new VerifiedSessionCache();
    const token = await signSessionToken(secret, 'alice', {
      upstreamToken: 'gitea-secret',
      upstreamTokenId: 7,
      sessionId: 'laptop',
    });
    const first = await verifySessionToken(secret, token, { cache });
    expect(cache.size).toBe(1);
    expect(cache.get(secret, token)?.viewer).toEqual(first);
    first.session!.id = 'tampered';
    first.login = 'mallory';
    const second = await verifySessionToken(secret, token, { cache });
    expect(second).toEqual({
      login: 'alice',
      upstreamToken: 'gitea-secret',
      upstreamTokenId: 7,
      session: { id: 'laptop', expiresAt: expect.any(Number) },
    });
  });

  it('is used by default (the process-wide cache)', async () => {
    const token = await signSessionToken(secret, 'dora');
    await verifySessionToken(secret, token);
    expect(verifiedSessions.get(secret, token)?.viewer).toEqual({ login: 'dora' });
  });

  it('never keeps an entry past its TTL or past the token exp', async () => {
    const time = clock();
    const cache = new VerifiedSessionCache({ ttlMs: 30_000, now: time.now });
    const long = await signSessionToken(secret, 'alice', { expiresIn: '1h' });
    const short = await signSessionToken(secret, 'bob', { expiresIn: '10s' });
    await verifySessionToken(secret, long, { cache });
    await verifySessionToken(secret, short, { cache });
    time.advance(10_001);
    expect(cache.get(secret, short)).toBeUndefined();
    expect(cache.get(secret, long)).toBeDefined();
    time.advance(20_000);
    expect(cache.get(secret, long)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses an expired token even when it was cached', async () => {
    const cache = new VerifiedSessionCache();
    const token = await signSessionToken(secret, 'alice', { expiresIn: '1h' });
    cache.set(secret, token, {
      viewer: { login: 'alice' },
      sessionVersion: undefined,
      expiresAt: Date.now() - 1,
    });
    expect(cache.get(secret, token)).toBeUndefined();
    const expired = await signSessionToken(secret, 'alice', {
      expiresIn: Math.floor(Date.now() / 1000) - 10,
    });
    await expect(verifySessionToken(secret, expired, { cache })).rejects.toMatchObject({
      message: 'Token expired',
    });
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const cache = new VerifiedSessionCache({ maxEntries: 3 });
    const tokens = await Promise.all(
      ['a', 'b', 'c', 'd'].map((login) => signSessionToken(secret, login)),
    );
    for (const token of tokens.slice(0, 3)) await verifySessionToken(secret, token, { cache });
    // a is used again, so b is now the least recently used.
    await verifySessionToken(secret, tokens[0]!, { cache });
    await verifySessionToken(secret, tokens[3]!, { cache });
    expect(cache.size).toBe(3);
    expect(cache.get(secret, tokens[1]!)).toBeUndefined();
    expect(tokens.filter((t) => cache.get(secret, t) !== undefined)).toHaveLength(3);
  });

  it('refuses a cached session right after logout everywhere and after logout (in process)', async () => {
    const cache = new VerifiedSessionCache();
    const sessions = new InProcessSessionVersions();
    const laptop = await signSessionToken(secret, 'alice', { sessionId: 'laptop' });
    const phone = await signSessionToken(secret, 'alice', { sessionId: 'phone' });
    for (const token of [laptop, phone, laptop, phone]) {
      await expect(verifySessionToken(secret, token, { sessions, cache })).resolves.toBeTruthy();
    }
    expect(cache.size).toBe(2);
    await sessions.revoke('laptop', Date.now() + 60_000);
    await expect(verifySessionToken(secret, laptop, { sessions, cache })).rejects.toMatchObject({
      message: 'Session ended; sign in again',
    });
    expect(cache.get(secret, laptop)).toBeUndefined();
    await expect(verifySessionToken(secret, phone, { sessions, cache })).resolves.toBeTruthy();
    await sessions.endAll('ALICE');
    await expect(verifySessionToken(secret, phone, { sessions, cache })).rejects.toMatchObject({
      message: 'Session ended; sign in again',
    });
  });

  it('refuses a cached session once another process ended it through Redis', async () => {
    const prefix = `test:${randomUUID()}:`;
    const gateway = new RedisSessionVersions({ url: REDIS_URL, prefix });
    const repository = new RedisSessionVersions({ url: REDIS_URL, prefix });
    const cache = new VerifiedSessionCache();
    try {
      await Promise.all([gateway.whenLive(), repository.whenLive()]);
      const token = await signSessionToken(secret, 'carol', { sessionId: `s-${prefix}` });
      await verifySessionToken(secret, token, { sessions: gateway, cache });
      await verifySessionToken(secret, token, { sessions: gateway, cache });
      expect(cache.get(secret, token)).toBeDefined();
      await repository.revoke(`s-${prefix}`, Date.now() + 60_000);
      // The same signal that ends sessions: the announcement reaching the gateway's process.
      const deadline = Date.now() + 5000;
      while (!(await gateway.isRevoked(`s-${prefix}`))) {
        if (Date.now() > deadline) throw new Error('the gateway never saw the logout');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await expect(
        verifySessionToken(secret, token, { sessions: gateway, cache }),
      ).rejects.toMatchObject(unauthenticated);
    } finally {
      await gateway.close();
      await repository.close();
    }
  });
});
