import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { createGitProxy, type RunningGitProxy } from '../src/createGitProxy';
import { startGithostUpstream, type GithostUpstream } from './support/githostUpstream';
import { git, runGit } from './support/runGit';

/**
 * The push size limit with the real git CLI: git sends a pack larger than `http.postBuffer`
 * with `Transfer-Encoding: chunked` (no Content-Length), so the limit must hold for the bytes
 * as they stream, not only for what a request declares.
 */

const ALICE = 'alice-password-1';
const LIMIT = 256 * 1024;

let tmp: string;
let home: string;
let githost: GithostUpstream;
let proxy: RunningGitProxy;

const pushUrl = () =>
  `${proxy.url.replace('http://', `http://alice:${encodeURIComponent(ALICE)}@`)}/git/alice/big.git`;

/** A clone of alice/big with one new commit holding `bytes` of incompressible data. */
async function cloneWithCommit(name: string, bytes: number): Promise<string> {
  const clone = join(tmp, name);
  await git(['clone', '--quiet', pushUrl(), clone], { home });
  writeFileSync(join(clone, `${name}.bin`), randomBytes(bytes));
  await git(['add', '.'], { cwd: clone, home });
  await git(['commit', '--quiet', '-m', `add ${name}`], { cwd: clone, home });
  return clone;
}

const upstreamHead = () =>
  git(['--git-dir', githost.repoPath('alice', 'big'), 'rev-parse', 'main'], { home });

/** `git push` with curl's wire trace, to see which framing git chose. */
const push = (clone: string, postBuffer: number) =>
  runGit(['-c', `http.postBuffer=${postBuffer}`, 'push', pushUrl(), 'HEAD:main'], {
    cwd: clone,
    home,
    env: { GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' },
  });

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gitforge-push-limit-'));
  home = join(tmp, 'home');
  githost = await startGithostUpstream(join(tmp, 'data'));
  await githost.createUser('alice', ALICE);
  await githost.createRepo('alice', ALICE, 'big', false);
  proxy = await createGitProxy({
    upstreamUrl: githost.url,
    jwtSecret: 'test-secret-for-the-git-proxy-0123456789',
    maxPushBytes: LIMIT,
    logger: createLogger('git-proxy', 'silent'),
  });
});

afterAll(async () => {
  await proxy?.close();
  await githost?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('push size limit (GIT_PROXY_MAX_PUSH_BYTES)', () => {
  it('refuses a chunked push over the limit with 413, and nothing reaches the repository', async () => {
    const before = await upstreamHead();
    const clone = await cloneWithCommit('too-big-chunked', 4 * LIMIT);
    const result = await push(clone, 1024);
    expect(result.stderr).toMatch(/transfer-encoding: chunked/i);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/RPC failed; HTTP 413/);
    expect(await upstreamHead()).toBe(before);
  });

  it('refuses a push declaring more than the limit (Content-Length) before it streams', async () => {
    const before = await upstreamHead();
    const clone = await cloneWithCommit('too-big-declared', 4 * LIMIT);
    const result = await push(clone, 64 * 1024 * 1024);
    expect(result.stderr).toMatch(/content-length: \d{7}/i);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/RPC failed; HTTP 413/);
    expect(await upstreamHead()).toBe(before);
  });

  it('lets a chunked push under the limit through', async () => {
    const clone = await cloneWithCommit('small-chunked', LIMIT / 4);
    const result = await push(clone, 1024);
    expect(result.stderr).toMatch(/transfer-encoding: chunked/i);
    expect(result.code).toBe(0);
    expect(await upstreamHead()).toBe(await git(['rev-parse', 'HEAD'], { cwd: clone, home }));
  });
});
