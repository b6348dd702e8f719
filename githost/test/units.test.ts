import { readPaging } from '../src/api/apiHttp';
import { loadEnv } from '../src/env';
import { isValidBranchName } from '../src/git/refNames';
import { isValidRepoName, isValidUsername } from '../src/services/names';
import { cleanRepoPath } from '../src/services/repoPath';
import { hasScope, parseScopes } from '../src/services/scopes';
import { parseCgiHead } from '../src/smartHttp/cgiResponse';
import { hashPassword, verifyPassword } from '../src/store/passwordHash';
import { matchesBranchFilter } from '../src/webhooks/branchFilter';

describe('githost building blocks', () => {
  it('hashes passwords with a random salt and verifies them', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });

  it('cleans repository paths like Gitea (path.Clean from the root)', () => {
    expect(cleanRepoPath('../../etc/passwd')).toBe('etc/passwd');
    expect(cleanRepoPath('/src//./hello.js/')).toBe('src/hello.js');
    expect(cleanRepoPath('..')).toBe('');
    expect(cleanRepoPath('a\0b')).toBeUndefined();
  });

  it("checks names with Gitea's and git's rules", () => {
    expect(['main', 'release/1.0', 'feature-x'].every(isValidBranchName)).toBe(true);
    for (const bad of [
      '',
      '-x',
      'a..b',
      'a b',
      'x.lock',
      '.hidden',
      'a/',
      'HEAD',
      'x@{1}',
      'a:b',
    ]) {
      expect({ bad, ok: isValidBranchName(bad) }).toEqual({ bad, ok: false });
    }
    expect(isValidUsername('alice')).toBe(true);
    expect(['api', 'health', 'a--b', 'x.', '-x', 'a'.repeat(41)].some(isValidUsername)).toBe(false);
    expect(isValidRepoName('my.repo_1-x')).toBe(true);
    expect(['..', 'x.git', 'a/b', 'a b', 'x.wiki'].some(isValidRepoName)).toBe(false);
  });

  it('parses token scopes like Gitea 1.21 and checks them by level', () => {
    expect(parseScopes(['read:repository,write:user', 'read:repository'])).toEqual([
      'read:repository',
      'write:user',
    ]);
    expect(() => parseScopes([])).toThrow(/must have a scope/);
    expect(() => parseScopes(['read:everything'])).toThrow(/invalid/);
    const scopes = new Set(['write:repository', 'read:user']);
    expect(hasScope(scopes, 'repository', 'read')).toBe(true);
    expect(hasScope(scopes, 'user', 'write')).toBe(false);
    expect(hasScope(new Set(['all']), 'admin', 'write')).toBe(true);
  });

  it('pages like Gitea: default 30, at most 50', () => {
    const paging = (q: string) => readPaging(new URL(`http://x/?${q}`));
    expect(paging('')).toEqual({ page: 1, limit: 30 });
    expect(paging('page=3&limit=10')).toEqual({ page: 3, limit: 10 });
    expect(paging('page=-1&limit=1000')).toEqual({ page: 1, limit: 50 });
    expect(paging('page=x&limit=0')).toEqual({ page: 1, limit: 30 });
  });

  it('reads CGI headers', () => {
    const text = 'Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nbody';
    expect(parseCgiHead(Buffer.from(text))).toEqual({
      status: 404,
      headers: [['Content-Type', 'text/plain']],
      bodyStart: text.indexOf('body'),
    });
    expect(parseCgiHead(Buffer.from('Content-Type: x\n\nrest'))?.status).toBe(200);
    expect(parseCgiHead(Buffer.from('Content-Type: x\r\n'))).toBeUndefined();
  });

  it("matches Gitea's branch filters", () => {
    expect(matchesBranchFilter('', 'refs/heads/main')).toBe(true);
    expect(matchesBranchFilter('*', 'refs/heads/a/b')).toBe(true);
    expect(matchesBranchFilter('release/*', 'refs/heads/release/1.0')).toBe(true);
    expect(matchesBranchFilter('release/*', 'refs/heads/main')).toBe(false);
    expect(matchesBranchFilter('{main,dev}', 'refs/heads/dev')).toBe(true);
    expect(matchesBranchFilter('{main,dev}', 'refs/heads/devel')).toBe(false);
    expect(matchesBranchFilter('main', 'refs/tags/v1')).toBe(true);
  });

  it('reads its environment with defaults and reports every problem at once', () => {
    const env = loadEnv({ GITFORGE_DEMO_PASSWORD: '', GITEA_ADMIN_TOKEN: '' });
    expect(env.server).toEqual({ GITHOST_PORT: 3000, HOST: '127.0.0.1' });
    expect(env.auth).toEqual({});
    expect(env.data.GITFORGE_DATA_DIR).toBe('.gitforge');
    expect(() =>
      loadEnv({ GITHOST_PORT: 'x', GITFORGE_DEMO_PASSWORD: 'short', GITHOST_ROOT_URL: 'nope' }),
    ).toThrow(/GITHOST_PORT[\s\S]*GITHOST_ROOT_URL[\s\S]*GITFORGE_DEMO_PASSWORD/);
  });
});
