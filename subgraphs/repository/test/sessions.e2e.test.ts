import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LoginThrottle,
  RedisSessionVersions,
  RedisThrottleStore,
  verifySessionToken,
} from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createGitProxy, type RunningGitProxy } from '../../../git-proxy/src/createGitProxy';
import {
  startGithostUpstream,
  type GithostUpstream,
} from '../../../git-proxy/test/support/githostUpstream';
import { runGit } from '../../../git-proxy/test/support/runGit';
import { ContractProxy } from './contractProxy';
import { codeOf, JWT_SECRET, startRepository, type TestRepository } from './startRepository';

/**
 * Sign-in limits and sessions across the repository subgraph and the git proxy, as in
 * production: each has its own Redis connections (as two processes would), real githost, real
 * git. The attacker and the owner are told apart by their socket addresses (127.0.0.3 and
 * 127.0.0.1: the whole 127/8 is loopback on Linux).
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ATTACKER = '127.0.0.3';
const ALICE_PASSWORD = 'alice-password-1';

let tmp: string;
let githost: GithostUpstream;
let giteaForRepository: ContractProxy;
let giteaForGitProxy: ContractProxy;
let repo: TestRepository;
let gitProxy: RunningGitProxy;
const closers: (() => Promise<void>)[] = [];

/** Stores each service opens on its own, sharing state only through Redis. */
function sharedThroughRedis(prefix: string) {
  const throttle = new LoginThrottle(new RedisThrottleStore({ url: REDIS_URL, prefix }));
  const sessions = new RedisSessionVersions({ url: REDIS_URL, prefix });
  closers.push(
    () => throttle.close(),
    () => sessions.close(),
  );
  return { loginThrottle: throttle, sessions };
}

/** An HTTP request from a chosen local address. */
function send(
  url: string,
  options: { from?: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const loginFrom = async (from: string, username: string, password: string) =>
  JSON.parse(
    (
      await send(repo.url, {
        from,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
          variables: { u: username, p: password },
        }),
      })
    ).text,
  ) as { data?: { login: { token: string } }; errors?: { extensions: { code: string } }[] };

const repoUrl = (path: string, user?: string, password?: string) => {
  const url = new URL(`${gitProxy.url}/git/${path}.git`);
  if (user) url.username = encodeURIComponent(user);
  if (password) url.password = encodeURIComponent(password);
  return url.toString();
};

/** Clones alice/notes with `password`, commits a file and pushes it back the same way. */
async function pushAs(password: string, file: string): Promise<{ code: number; stderr: string }> {
  const dir = join(tmp, `${file}-${randomUUID()}`);
  const home = join(tmp, 'home');
  const url = repoUrl('alice/notes', 'alice', password);
  const clone = await runGit(['clone', '--quiet', url, dir], { home });
  if (clone.code !== 0) return clone;
  await writeFile(join(dir, file), `${file}\n`);
  await runGit(['add', file], { cwd: dir, home });
  await runGit(['commit', '--quiet', '-m', file], { cwd: dir, home });
  return runGit(['push', '--quiet', 'origin', 'HEAD'], { cwd: dir, home });
}

const giteaUserCalls = () =>
  giteaForGitProxy.exchanges.filter((e) => e.path.startsWith('/api/v1/user')).length;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'gitforge-sessions-'));
  githost = await startGithostUpstream(join(tmp, 'data'));
  await githost.createUser('alice', ALICE_PASSWORD);
  await githost.createRepo('alice', ALICE_PASSWORD, 'notes', true);
  giteaForRepository = await new ContractProxy(githost.url).start();
  giteaForGitProxy = await new ContractProxy(githost.url).start();
  const prefix = `test:${randomUUID()}:`;
  repo = await startRepository(giteaForRepository.url, sharedThroughRedis(prefix));
  gitProxy = await createGitProxy({
    upstreamUrl: giteaForGitProxy.url,
    jwtSecret: JWT_SECRET,
    logger: createLogger('git-proxy', 'silent'),
    authCacheTtlMs: 0,
    ...sharedThroughRedis(prefix),
  });
}, 60_000);

afterAll(async () => {
  await gitProxy?.close();
  await repo?.close();
  for (const close of closers) await close();
  await giteaForRepository?.close();
  await giteaForGitProxy?.close();
  await githost?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('password guessing through the git proxy', () => {
  it('locks the guessing address after 5 tries; the owner elsewhere still clones', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const res = await send(`${repoUrl('alice/notes')}/info/refs?service=git-upload-pack`, {
        from: ATTACKER,
        // A forged X-Forwarded-For from a peer that is no trusted proxy changes nothing.
        headers: { authorization: basic('alice', `guess-${i}`), 'x-forwarded-for': `10.9.8.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(45).fill(429)]);
    // 5 guesses reached the git host, not 50.
    expect(giteaUserCalls()).toBe(5);

    // The same limiter guards the repository subgraph's login (shared through Redis).
    await expect(loginFrom(ATTACKER, 'alice', ALICE_PASSWORD)).resolves.toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED' } }],
    });
    // The owner, from another address, with the right password: git works, and so does login.
    const clone = await runGit(
      ['clone', '--quiet', repoUrl('alice/notes', 'alice', ALICE_PASSWORD), join(tmp, 'owner')],
      { home: join(tmp, 'home') },
    );
    expect(clone).toMatchObject({ code: 0 });
    expect((await loginFrom('127.0.0.1', 'alice', ALICE_PASSWORD)).data?.login.token).toEqual(
      expect.any(String),
    );
  });
});

describe('sessions', () => {
  it('logout refuses the session everywhere and revokes its Gitea token (git push fails)', async () => {
    const session = await repo.login('alice', ALICE_PASSWORD);
    const { upstreamToken } = await verifySessionToken(JWT_SECRET, session);
    expect(await pushAs(session, 'before-logout')).toMatchObject({ code: 0 });

    const out = await repo.gql(`mutation { logout }`, undefined, { token: session });
    expect(out).toEqual({ data: { logout: true } });

    // The JWT is refused by the subgraph and by the git proxy (another Redis client) ...
    expect(codeOf(await repo.gql(`{ viewer { login } }`, undefined, { token: session }))).toBe(
      'UNAUTHENTICATED',
    );
    const refused = await pushAs(session, 'after-logout');
    expect(refused.code).not.toBe(0);
    // ... and the Gitea token it carried is gone from Gitea: a push with it fails too.
    const withGiteaToken = await pushAs(upstreamToken!, 'with-gitea-token');
    expect(withGiteaToken.code).not.toBe(0);
    expect(withGiteaToken.stderr).toMatch(/401|Authentication failed|Invalid/i);
    const me = await send(`${githost.url}/api/v1/user`, {
      headers: { authorization: `token ${upstreamToken}` },
    });
    expect(me.status).toBe(401);
  });

  it('logoutEverywhere ends the user’s other sessions and their Gitea tokens', async () => {
    const laptop = await repo.login('alice', ALICE_PASSWORD);
    const phone = await repo.login('alice', ALICE_PASSWORD);
    const phoneGitea = (await verifySessionToken(JWT_SECRET, phone)).upstreamToken!;
    expect(await pushAs(phone, 'from-phone')).toMatchObject({ code: 0 });

    const out = await repo.gql(`mutation { logoutEverywhere }`, undefined, { token: laptop });
    expect(out).toEqual({ data: { logoutEverywhere: true } });

    for (const token of [laptop, phone]) {
      const res = await repo.gql(`{ viewer { login } }`, undefined, { token });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    expect((await pushAs(phone, 'phone-after')).code).not.toBe(0);
    const me = await send(`${githost.url}/api/v1/user`, {
      headers: { authorization: `token ${phoneGitea}` },
    });
    expect(me.status).toBe(401);
    // Signing in again works, with a session of the new version.
    const fresh = await repo.login('alice', ALICE_PASSWORD);
    const viewer = await repo.gql(`{ viewer { login } }`, undefined, { token: fresh });
    expect(viewer).toEqual({ data: { viewer: { login: 'alice' } } });
  });

  it('logoutEverywhere retried after its Gitea part went through still ends the sessions', async () => {
    const first = await repo.login('alice', ALICE_PASSWORD);
    const other = await repo.login('alice', ALICE_PASSWORD);
    const { upstreamToken, upstreamTokenId } = await verifySessionToken(JWT_SECRET, first);
    // As if an earlier attempt had deleted the tokens, then failed before ending the sessions.
    const gone = await send(`${githost.url}/api/v1/users/alice/tokens/${upstreamTokenId}`, {
      method: 'DELETE',
      headers: { authorization: basic('alice', upstreamToken!) },
    });
    expect(gone.status).toBe(204);
    const out = await repo.gql(`mutation { logoutEverywhere }`, undefined, { token: first });
    expect(out).toEqual({ data: { logoutEverywhere: true } });
    expect(codeOf(await repo.gql(`{ viewer { login } }`, undefined, { token: other }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('logout without a session is UNAUTHENTICATED', async () => {
    expect(codeOf(await repo.gql(`mutation { logout }`))).toBe('UNAUTHENTICATED');
  });

  it('every Gitea call of login and logout is an operation of the Gitea 1.21 spec', () => {
    expect(giteaForRepository.errors).toEqual([]);
    expect(giteaForRepository.operations()).toEqual(
      expect.arrayContaining(['userCreateToken', 'userDeleteAccessToken', 'userGetTokens']),
    );
  });
});
