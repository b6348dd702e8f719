import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import {
  DataDirSessionVersions,
  InProcessSessionVersions,
  RedisSessionVersions,
  signSessionToken,
  verifySessionToken,
} from '@gitforge/auth';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const secret = 'test-secret-with-enough-entropy-0123456789';
const key = new TextEncoder().encode(secret);

describe('session JWT claims', () => {
  it.each([
    ['without exp', () => new SignJWT({}).setIssuer('gitforge')],
    ['with another issuer', () => new SignJWT({}).setIssuer('other').setExpirationTime('1h')],
    ['without an issuer', () => new SignJWT({}).setExpirationTime('1h')],
  ])('refuses a token %s', async (_why, make) => {
    const token = await make()
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt()
      .sign(key);
    await expect(verifySessionToken(secret, token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('carries the Gitea token id for logout', async () => {
    const token = await signSessionToken(secret, 'alice', {
      upstreamToken: 'abc',
      upstreamTokenId: 42,
    });
    await expect(verifySessionToken(secret, token)).resolves.toEqual({
      login: 'alice',
      upstreamToken: 'abc',
      upstreamTokenId: 42,
    });
  });

  it('refuses sessions signed before the user ended them all', async () => {
    const sessions = new InProcessSessionVersions();
    const before = await signSessionToken(secret, 'alice');
    await expect(verifySessionToken(secret, before, { sessions })).resolves.toMatchObject({
      login: 'alice',
    });
    const version = await sessions.endAll('Alice');
    await expect(verifySessionToken(secret, before, { sessions })).rejects.toMatchObject({
      message: 'Session ended; sign in again',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const after = await signSessionToken(secret, 'alice', { sessionVersion: version });
    await expect(verifySessionToken(secret, after, { sessions })).resolves.toMatchObject({
      login: 'alice',
    });
    // One session ended by its id; another session of the user is not.
    const one = await signSessionToken(secret, 'alice', {
      sessionVersion: version,
      sessionId: 's1',
    });
    const viewer = await verifySessionToken(secret, one, { sessions });
    expect(viewer.session).toEqual({ id: 's1', expiresAt: expect.any(Number) });
    await sessions.revoke('s1', viewer.session!.expiresAt);
    await expect(verifySessionToken(secret, one, { sessions })).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(verifySessionToken(secret, after, { sessions })).resolves.toBeTruthy();
    // Bob's sessions are untouched.
    const bob = await signSessionToken(secret, 'bob');
    await expect(verifySessionToken(secret, bob, { sessions })).resolves.toMatchObject({
      login: 'bob',
    });
  });
});

describe('RedisSessionVersions', () => {
  it('a logout everywhere in one process is seen by another', async () => {
    const prefix = `test:${randomUUID()}:`;
    const a = new RedisSessionVersions({ url: REDIS_URL, prefix });
    const b = new RedisSessionVersions({ url: REDIS_URL, prefix });
    try {
      await Promise.all([a.whenLive(), b.whenLive()]);
      const token = await signSessionToken(secret, 'alice');
      // b has read (and cached) alice's version ...
      await expect(verifySessionToken(secret, token, { sessions: b })).resolves.toMatchObject({
        login: 'alice',
      });
      expect(await b.current('alice')).toBe(0);
      // ... and learns of the bump from the announcement.
      expect(await a.endAll('alice')).toBe(1);
      const deadline = Date.now() + 5000;
      while ((await b.current('alice')) < 1) {
        if (Date.now() > deadline) throw new Error('b never saw the new version');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await expect(verifySessionToken(secret, token, { sessions: b })).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      // One session ended in a: b refuses it once announced, a later process from the set.
      const own = await signSessionToken(secret, 'bob', { sessionId: `s-${prefix}` });
      await expect(verifySessionToken(secret, own, { sessions: b })).resolves.toBeTruthy();
      await a.revoke(`s-${prefix}`, Date.now() + 60_000);
      const until = Date.now() + 5000;
      while (!(await b.isRevoked(`s-${prefix}`))) {
        if (Date.now() > until) throw new Error('b never saw the logout');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await expect(verifySessionToken(secret, own, { sessions: b })).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      // A process that starts later reads it from Redis.
      const c = new RedisSessionVersions({ url: REDIS_URL, prefix });
      await c.whenLive();
      expect(await c.current('ALICE')).toBe(1);
      expect(await c.isRevoked(`s-${prefix}`)).toBe(true);
      await c.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('DataDirSessionVersions (no Redis, one data dir: npm start)', () => {
  it('an ending written by one process is seen by another through the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gitforge-sessions-'));
    const repository = new DataDirSessionVersions(dataDir);
    const gateway = new DataDirSessionVersions(dataDir);
    try {
      const token = await signSessionToken(secret, 'alice', { sessionId: 'laptop' });
      await expect(verifySessionToken(secret, token, { sessions: gateway })).resolves.toBeTruthy();
      expect(await repository.endAll('alice')).toBe(1);
      await repository.revoke('phone', Date.now() + 60_000);
      const deadline = Date.now() + 5000;
      while (gateway.current('alice') < 1 || !gateway.isRevoked('phone')) {
        if (Date.now() > deadline) throw new Error('the other process never saw the change');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await expect(verifySessionToken(secret, token, { sessions: gateway })).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const later = new DataDirSessionVersions(dataDir);
      expect([later.current('ALICE'), later.isRevoked('phone'), later.isRevoked('x')]).toEqual([
        1,
        true,
        false,
      ]);
      await later.close();
    } finally {
      await repository.close();
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
