import { SlidingWindowLimiter } from '../src/services/SlidingWindowLimiter';
import { FakeGitea } from './fake/FakeGitea';
import { codeOf, startRepository, type TestRepository } from './startRepository';

describe('SlidingWindowLimiter', () => {
  it('allows max attempts per window and frees them as the window slides', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ max: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterMs('k')).toBe(0);
      limiter.record(['k']);
      now += 100;
    }
    // Attempts at 0, 100, 200; now 300: blocked until the first leaves the window (at 1000).
    expect(limiter.retryAfterMs('k')).toBe(700);
    expect(limiter.retryAfterMs('other')).toBe(0);
    now = 1_000_000 + 1000;
    expect(limiter.retryAfterMs('k')).toBe(0);
    limiter.record(['k']);
    expect(limiter.retryAfterMs('k')).toBe(100);
  });

  it('releases an attempt that did not count, and resets a key', () => {
    const now = 5_000;
    const limiter = new SlidingWindowLimiter({ max: 2, windowMs: 1000, now: () => now });
    limiter.record(['a', 'b']);
    const at = limiter.record(['a', 'b']);
    expect(limiter.retryAfterMs('a')).toBeGreaterThan(0);
    limiter.release(['a', 'b'], at);
    expect(limiter.retryAfterMs('a')).toBe(0);
    expect(limiter.retryAfterMs('b')).toBe(0);
    limiter.record(['b']);
    limiter.reset('b');
    expect(limiter.retryAfterMs('b')).toBe(0);
  });

  it('forgets the least recently used keys beyond maxKeys', () => {
    const limiter = new SlidingWindowLimiter({ max: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.record(['a']);
    limiter.record(['b']);
    limiter.record(['c']);
    expect(limiter.retryAfterMs('a')).toBe(0);
    expect(limiter.retryAfterMs('c')).toBeGreaterThan(0);
  });
});

describe('login rate limit (5 failures / 5 min per client address and per user name)', () => {
  let fake: FakeGitea;
  let repo: TestRepository;
  const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
  const attempt = (u: string, p: string, ip: string) =>
    repo.gql(LOGIN, { u, p }, { headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
  const tokenCalls = () => fake.calls.filter((c) => c === 'userCreateToken').length;

  beforeEach(async () => {
    fake = new FakeGitea();
    await fake.start();
    for (const login of ['alice', 'bob', 'carol']) fake.addUser(login, `${login}-pw`);
    repo = await startRepository(fake.url);
  });

  afterEach(async () => {
    await repo.close();
    await fake.stop();
  });

  it('blocks a user name after 5 failures, from any address, before asking Gitea', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect(codeOf(await attempt('alice', 'wrong', `203.0.113.${i}`))).toBe('UNAUTHENTICATED');
    }
    const calls = tokenCalls();
    const blocked = await attempt('alice', 'alice-pw', '203.0.113.99');
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors![0]!.extensions.http).toEqual({ status: 429 });
    expect(tokenCalls()).toBe(calls);
    // Other users are unaffected.
    expect(codeOf(await attempt('bob', 'bob-pw', '203.0.113.99'))).toBeUndefined();
  });

  it('blocks a client address after 5 failures, whatever user name it tries', async () => {
    for (const u of ['alice', 'bob', 'carol', 'alice', 'bob']) {
      expect(codeOf(await attempt(u, 'wrong', '198.51.100.7'))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await attempt('carol', 'carol-pw', '198.51.100.7'))).toBe('RATE_LIMITED');
    expect(codeOf(await attempt('carol', 'carol-pw', '198.51.100.8'))).toBeUndefined();
  });

  it('concurrent guesses cannot slip past the limit', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => attempt('alice', 'wrong', '192.0.2.1')),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(7);
    expect(tokenCalls()).toBe(5);
  });

  it('successful sign-ins and Gitea outages do not count as failures', async () => {
    for (let i = 0; i < 6; i += 1) {
      expect(codeOf(await attempt('alice', 'alice-pw', '192.0.2.2'))).toBeUndefined();
    }
    fake.mode = 'error500';
    for (let i = 0; i < 2; i += 1) {
      expect(codeOf(await attempt('bob', 'bob-pw', '192.0.2.3'))).toBe('UPSTREAM_UNAVAILABLE');
    }
    fake.mode = 'ok';
    for (let i = 0; i < 4; i += 1) await attempt('bob', 'wrong', '192.0.2.3');
    expect(codeOf(await attempt('bob', 'bob-pw', '192.0.2.3'))).toBeUndefined();
  });

  it('without X-Forwarded-For the socket address is the client', async () => {
    for (let i = 0; i < 5; i += 1) {
      await repo.gql(LOGIN, { u: ['alice', 'bob', 'carol'][i % 3], p: 'wrong' });
    }
    expect(codeOf(await repo.gql(LOGIN, { u: 'carol', p: 'carol-pw' }))).toBe('RATE_LIMITED');
  });

  it.each([
    ['an empty user name', '', 'x', 'username'],
    ['a user name with a slash', 'a/b', 'x', 'username'],
    ['an empty password', 'alice', '', 'password'],
  ])('%s is BAD_USER_INPUT', async (_why, u, p, field) => {
    const res = await attempt(u, p, '192.0.2.9');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
