import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createGitProxy, type RunningGitProxy } from '../src/createGitProxy';
import { startGithostUpstream, type GithostUpstream } from './support/githostUpstream';
import { git, runGit } from './support/runGit';

/** The done-when items of the git proxy, with the real git CLI against the real githost. */

const JWT_SECRET = 'test-secret-for-the-git-proxy-0123456789';
const ALICE = 'alice-password-1';
const BOB = 'bob-password-1';

let tmp: string;
let home: string;
let githost: GithostUpstream;
let proxy: RunningGitProxy;
let aliceToken: string;

/** A clone URL through the proxy, with credentials when given. */
function repoUrl(path: string, user?: string, password?: string): string {
  const url = new URL(`${proxy.url}/git/${path}.git`);
  if (user) url.username = encodeURIComponent(user);
  if (password) url.password = encodeURIComponent(password);
  return url.toString();
}

let dirs = 0;
const dir = (name: string) => join(tmp, `${name}-${(dirs += 1)}`);

/** The commit subject of `ref` in the git host's own copy of the repository. */
const upstreamSubject = (owner: string, name: string) =>
  git(['--git-dir', githost.repoPath(owner, name), 'log', '--format=%s', '-1'], { home });

async function commitTo(clone: string, file: string): Promise<void> {
  writeFileSync(join(clone, file), `${file}\n`);
  await git(['add', file], { cwd: clone, home });
  await git(['commit', '--quiet', '-m', `add ${file}`], { cwd: clone, home });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gitforge-git-proxy-'));
  home = join(tmp, 'home');
  githost = await startGithostUpstream(join(tmp, 'data'));
  await githost.createUser('alice', ALICE);
  await githost.createUser('bob', BOB);
  await githost.createRepo('alice', ALICE, 'public', false);
  await githost.createRepo('alice', ALICE, 'secret', true);
  aliceToken = await githost.createToken('alice', ALICE);
  proxy = await createGitProxy({
    upstreamUrl: githost.url,
    jwtSecret: JWT_SECRET,
    logger: createLogger('git-proxy', 'silent'),
  });
});

afterAll(async () => {
  await proxy?.close();
  await githost?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('reading', () => {
  it('clones a public repository anonymously (protocol v0)', async () => {
    const target = dir('v0');
    await git(['-c', 'protocol.version=0', 'clone', '--quiet', repoUrl('demo/hello'), target], {
      home,
    });
    expect(existsSync(join(target, '.git'))).toBe(true);
    await git(['rev-parse', '--verify', 'HEAD'], { cwd: target, home });
  });

  it('makes a protocol v2 shallow clone', async () => {
    const target = dir('v2');
    const result = await runGit(
      ['-c', 'protocol.version=2', 'clone', '--depth', '1', repoUrl('demo/hello'), target],
      { home, env: { GIT_TRACE_PACKET: '1' } },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('< version 2');
    expect(result.stderr).toContain('> deepen 1');
    expect(await git(['rev-parse', '--is-shallow-repository'], { cwd: target, home })).toBe(
      'true\n',
    );
  });

  it('clones a private repository for its owner', async () => {
    const target = dir('owner');
    await git(['clone', '--quiet', repoUrl('alice/secret', 'alice', ALICE), target], { home });
    await git(['rev-parse', '--verify', 'HEAD'], { cwd: target, home });
  });

  it('does not let anyone else clone a private repository', async () => {
    const anonymous = await runGit(['clone', repoUrl('alice/secret'), dir('anon')], { home });
    expect(anonymous.code).not.toBe(0);
    // 401: git asks for credentials (and cannot, here).
    expect(anonymous.stderr).toMatch(/could not read Username/);

    const other = await runGit(['clone', repoUrl('alice/secret', 'bob', BOB), dir('bob')], {
      home,
    });
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/repository '.*' not found/);
  });

  it('answers a non-owner of a private repository exactly like a missing one', async () => {
    const authorization = `Basic ${Buffer.from(`bob:${BOB}`).toString('base64')}`;
    const ask = async (path: string, service: string) => {
      const res = await fetch(`${proxy.url}/git/${path}.git/info/refs?service=${service}`, {
        headers: { authorization },
      });
      return { status: res.status, body: await res.text() };
    };
    for (const service of ['git-upload-pack', 'git-receive-pack']) {
      const hidden = await ask('alice/secret', service);
      expect(hidden).toEqual({ status: 404, body: 'Repository not found\n' });
      expect(await ask('alice/no-such-repository', service)).toEqual(hidden);
    }
  });
});

describe('writing', () => {
  it('lets the owner push', async () => {
    const clone = dir('push-owner');
    await git(['clone', '--quiet', repoUrl('alice/public'), clone], { home });
    await commitTo(clone, 'owner.txt');
    await git(['push', '--quiet', repoUrl('alice/public', 'alice', ALICE), 'HEAD'], {
      cwd: clone,
      home,
    });
    expect(await upstreamSubject('alice', 'public')).toBe('add owner.txt\n');
  });

  it('refuses a push by another user with a clear message', async () => {
    const clone = dir('push-bob');
    await git(['clone', '--quiet', repoUrl('alice/public'), clone], { home });
    const before = await upstreamSubject('alice', 'public');
    await commitTo(clone, 'bob.txt');
    const result = await runGit(['push', repoUrl('alice/public', 'bob', BOB), 'HEAD'], {
      cwd: clone,
      home,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/403/);
    expect(await upstreamSubject('alice', 'public')).toBe(before);
  });

  it('asks an anonymous pusher for credentials', async () => {
    const clone = dir('push-anon');
    await git(['clone', '--quiet', repoUrl('alice/public'), clone], { home });
    await commitTo(clone, 'anon.txt');
    const result = await runGit(['push', repoUrl('alice/public'), 'HEAD'], { cwd: clone, home });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/could not read Username/);
  });

  it('accepts a GitForge session JWT carrying the Gitea token as the password', async () => {
    const jwt = await signSessionToken(JWT_SECRET, 'alice', { upstreamToken: aliceToken });
    const clone = dir('push-jwt');
    await git(['clone', '--quiet', repoUrl('alice/secret', 'alice', jwt), clone], { home });
    await commitTo(clone, 'jwt.txt');
    await git(['push', '--quiet', 'origin', 'HEAD'], { cwd: clone, home });
    expect(await upstreamSubject('alice', 'secret')).toBe('add jwt.txt\n');
  });

  it('accepts a Gitea token as the password', async () => {
    const clone = dir('push-token');
    await git(['clone', '--quiet', repoUrl('alice/secret', 'alice', aliceToken), clone], { home });
    await commitTo(clone, 'token.txt');
    await git(['push', '--quiet', 'origin', 'HEAD'], { cwd: clone, home });
    expect(await upstreamSubject('alice', 'secret')).toBe('add token.txt\n');
  });

  it('rejects a wrong password and a forged JWT with 401', async () => {
    const wrong = await runGit(['clone', repoUrl('alice/secret', 'alice', 'nope'), dir('wrong')], {
      home,
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Authentication failed/);
    const forged = await signSessionToken('another-secret-0123456789abcdef', 'alice');
    const res = await fetch(`${proxy.url}/git/alice/public.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`alice:${forged}`).toString('base64')}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="GitForge"');
    expect(await res.text()).toBe('Invalid or expired GitForge token\n');
  });
});
