import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  InProcessThrottleStore,
  LoginThrottle,
  RedisThrottleStore,
  type LoginThrottlePolicy,
  type ThrottleStore,
} from '@gitforge/auth';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const policy: LoginThrottlePolicy = {
  perClient: { max: 5, windowMs: 300_000 },
  perAccount: { max: 10, windowMs: 3_600_000, baseDelayMs: 1000, maxDelayMs: 8000 },
  knownClientMs: 86_400_000,
};

/** Fails `n` attempts as `account` from `client`; returns how many were let through. */
async function fail(throttle: LoginThrottle, client: string, account: string, n: number) {
  let through = 0;
  for (let i = 0; i < n; i += 1) {
    const decision = await throttle.begin(client, account);
    if (decision.allowed) {
      through += 1;
      await decision.attempt.failed();
    }
  }
  return through;
}

describe.each([
  ['in process', () => new InProcessThrottleStore()],
  ['Redis', () => new RedisThrottleStore({ url: REDIS_URL, prefix: `test:${randomUUID()}:` })],
])('LoginThrottle (%s)', (_name, makeStore: () => ThrottleStore) => {
  let now: number;
  let store: ThrottleStore;
  let throttle: LoginThrottle;

  beforeEach(() => {
    now = 1_000_000;
    store = makeStore();
    throttle = new LoginThrottle(store, policy, () => now);
  });
  afterEach(() => store.close());

  it('locks the guessing address, not the account: the owner elsewhere still gets in', async () => {
    expect(await fail(throttle, '203.0.113.9', 'alice', 50)).toBe(5);
    const blocked = await throttle.begin('203.0.113.9', 'alice');
    expect(blocked).toEqual({ allowed: false, retryAfterMs: 300_000 });
    // Another account from the same address: the address is what is blocked.
    expect((await throttle.begin('203.0.113.9', 'bob')).allowed).toBe(false);
    const owner = await throttle.begin('198.51.100.1', 'alice');
    expect(owner.allowed).toBe(true);
    now += 300_000;
    expect((await throttle.begin('203.0.113.9', 'alice')).allowed).toBe(true);
  });

  it('slows an account guessed from many addresses with doubling delays, never locks it', async () => {
    for (let i = 0; i < 10; i += 1)
      expect(await fail(throttle, `192.0.2.${i}`, 'alice', 1)).toBe(1);
    // The 11th failure may come 1 s after the 10th, the 12th 2 s after the 11th, ...
    expect(await throttle.begin('192.0.2.50', 'alice')).toEqual({
      allowed: false,
      retryAfterMs: 1000,
    });
    now += 1000;
    expect(await fail(throttle, '192.0.2.50', 'alice', 1)).toBe(1);
    expect(await throttle.begin('192.0.2.51', 'ALICE')).toEqual({
      allowed: false,
      retryAfterMs: 2000,
    });
    // Capped: after many slow guesses the wait stays at maxDelayMs.
    for (let i = 0; i < 6; i += 1) {
      now += 8000;
      expect(await fail(throttle, `192.0.2.${60 + i}`, 'alice', 1)).toBe(1);
    }
    expect(await throttle.begin('192.0.2.99', 'alice')).toEqual({
      allowed: false,
      retryAfterMs: 8000,
    });
    // Other accounts are not slowed.
    expect((await throttle.begin('192.0.2.99', 'bob')).allowed).toBe(true);
  });

  it('an address that signed in to the account is exempt from its backoff', async () => {
    const first = await throttle.begin('198.51.100.1', 'alice');
    if (!first.allowed) throw new Error('expected the first attempt through');
    await first.attempt.succeeded();
    for (let i = 0; i < 10; i += 1) await fail(throttle, `192.0.2.${i}`, 'alice', 1);
    expect((await throttle.begin('192.0.2.77', 'alice')).allowed).toBe(false);
    expect((await throttle.begin('198.51.100.1', 'alice')).allowed).toBe(true);
  });

  it('successes and abandoned attempts do not count; concurrent guesses cannot slip through', async () => {
    for (let i = 0; i < 8; i += 1) {
      const decision = await throttle.begin('192.0.2.1', 'alice');
      if (!decision.allowed) throw new Error(`attempt ${i} refused`);
      await (i % 2 ? decision.attempt.succeeded() : decision.attempt.abandoned());
    }
    const decisions = await Promise.all(
      Array.from({ length: 12 }, () => throttle.begin('192.0.2.2', 'carol')),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
});

describe('LoginThrottle through Redis, shared by two processes', () => {
  it('counts the guesses of another process against the same address', async () => {
    const prefix = `test:${randomUUID()}:`;
    const client = `203.0.113.${Math.floor(Math.random() * 250)}`;
    // Another process makes 3 failed attempts from the address ...
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'support', 'failLogins.ts')],
      {
        env: { ...process.env, REDIS_URL, PREFIX: prefix, CLIENT: client, COUNT: '3' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out.trim()).toBe('allowed 3');
    // ... so this one has 2 left.
    const store = new RedisThrottleStore({ url: REDIS_URL, prefix });
    const throttle = new LoginThrottle(store, policy);
    try {
      expect(await fail(throttle, client, 'alice', 10)).toBe(2);
    } finally {
      await store.close();
    }
  });
});

describe('LoginThrottle without its store', () => {
  it('fails closed with UPSTREAM_UNAVAILABLE when Redis cannot be reached', async () => {
    // Port 9 (discard) refuses connections here: nothing is counted, so nothing is checked.
    const store = new RedisThrottleStore({ url: 'redis://127.0.0.1:9', prefix: 'test:down:' });
    const throttle = new LoginThrottle(store, policy);
    try {
      await expect(throttle.begin('192.0.2.1', 'alice')).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    } finally {
      await store.close();
    }
  });
});
