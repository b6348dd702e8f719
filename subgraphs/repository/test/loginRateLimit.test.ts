import { TrustedProxies } from '@gitforge/server';
import { FakeGitea } from './fake/FakeGitea';
import { codeOf, startRepository, type TestRepository } from './startRepository';

/** The gateway in front of the subgraph: its X-Forwarded-For names the client. */
const GATEWAY = new TrustedProxies(['127.0.0.1', '::1']);

describe('login limits (per client address: 5 failures / 5 min; per account: backoff)', () => {
  let fake: FakeGitea;
  let repo: TestRepository;
  const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
  /** A sign-in from `ip`, as the gateway forwards it (it appends the peer it saw). */
  const attempt = (u: string, p: string, ip: string) =>
    repo.gql(LOGIN, { u, p }, { headers: { 'x-forwarded-for': ip } });
  const tokenCalls = () => fake.calls.filter((c) => c === 'userCreateToken').length;

  beforeEach(async () => {
    fake = new FakeGitea();
    await fake.start();
    for (const login of ['alice', 'bob', 'carol']) fake.addUser(login, `${login}-pw`);
    repo = await startRepository(fake.url, {
      trustedProxies: GATEWAY,
      loginPolicy: {
        perClient: { max: 5, windowMs: 300_000 },
        perAccount: { max: 8, windowMs: 3_600_000, baseDelayMs: 60_000, maxDelayMs: 600_000 },
        knownClientMs: 86_400_000,
      },
    });
  });

  afterEach(async () => {
    await repo.close();
    await fake.stop();
  });

  it('an attacker guessing the owner’s password locks only their own address', async () => {
    for (let i = 0; i < 50; i += 1) {
      const code = codeOf(await attempt('alice', `guess-${i}`, '203.0.113.66'));
      expect(code).toBe(i < 5 ? 'UNAUTHENTICATED' : 'RATE_LIMITED');
    }
    // Only 5 of the 50 guesses reached Gitea.
    expect(tokenCalls()).toBe(5);
    const blocked = await attempt('alice', 'alice-pw', '203.0.113.66');
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors![0]!.extensions.http).toEqual({ status: 429 });
    // The owner, from their own address, signs in with the right password.
    const owner = await attempt('alice', 'alice-pw', '198.51.100.20');
    expect(owner.errors).toBeUndefined();
    expect(owner.data.login.token).toEqual(expect.any(String));
  });

  it('guesses from many addresses slow the account down, but its known address still gets in', async () => {
    expect(codeOf(await attempt('alice', 'alice-pw', '198.51.100.20'))).toBeUndefined();
    for (let i = 0; i < 8; i += 1) {
      expect(codeOf(await attempt('alice', 'wrong', `203.0.113.${i}`))).toBe('UNAUTHENTICATED');
    }
    // The 9th failure must wait (backoff); the guesses stop reaching Gitea ...
    const calls = tokenCalls();
    expect(codeOf(await attempt('alice', 'wrong', '203.0.113.100'))).toBe('RATE_LIMITED');
    expect(tokenCalls()).toBe(calls);
    // ... while the address the owner signed in from before is not slowed.
    expect(codeOf(await attempt('alice', 'alice-pw', '198.51.100.20'))).toBeUndefined();
    // Other accounts are unaffected.
    expect(codeOf(await attempt('bob', 'bob-pw', '203.0.113.100'))).toBeUndefined();
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

describe('X-Forwarded-For from a peer that is not a trusted proxy', () => {
  it('is ignored: changing it does not give an attacker fresh attempts', async () => {
    const fake = new FakeGitea();
    await fake.start();
    fake.addUser('alice', 'alice-pw');
    const repo = await startRepository(fake.url); // TRUSTED_PROXIES unset
    try {
      const LOGIN = `mutation { login(username: "alice", password: "wrong") { token } }`;
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 8; i += 1) {
        const forged = { 'x-forwarded-for': `198.51.100.${i}` };
        codes.push(codeOf(await repo.gql(LOGIN, undefined, { headers: forged })));
      }
      expect(codes).toEqual([
        ...Array(5).fill('UNAUTHENTICATED'),
        ...Array(3).fill('RATE_LIMITED'),
      ]);
      expect(fake.calls.filter((c) => c === 'userCreateToken')).toHaveLength(5);
    } finally {
      await repo.close();
      await fake.stop();
    }
  });
});
