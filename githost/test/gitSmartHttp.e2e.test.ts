import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DEMO_PASSWORD,
  api,
  createUser,
  git,
  gitUrl,
  startGithost,
  tempDir,
  type TestGithost,
} from './helpers';

// Real git processes on a shared machine: generous, since nothing here measures time.
jest.setTimeout(90_000);

describe('git smart HTTP with the real git CLI', () => {
  let gh: TestGithost;
  let work: string;
  let alice: { login: string; password: string; token: string };

  beforeAll(async () => {
    gh = await startGithost();
    work = await tempDir('githost-git-');
    alice = await createUser(gh.url, 'alice');
  });
  afterAll(async () => {
    await gh.dispose();
    await rm(work, { recursive: true, force: true });
  });

  async function commitAndPush(dir: string, file: string, text: string, url: string) {
    await writeFile(join(dir, file), text);
    expect((await git(['add', file], dir)).code).toBe(0);
    expect((await git(['commit', '-q', '-m', `Change ${file}`], dir)).code).toBe(0);
    return git(['push', url, 'HEAD:main'], dir);
  }

  it('clones a public repository anonymously', async () => {
    const res = await git(['clone', gitUrl(gh.url, 'demo/hello'), 'anon'], work);
    expect(res.stderr).not.toContain('fatal');
    expect(res.code).toBe(0);
    expect(await readFile(join(work, 'anon', 'README.md'), 'utf8')).toMatch(/^# hello/);
    const log = await git(['log', '--format=%s'], join(work, 'anon'));
    expect(log.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('pushes as the owner with the password, then with a token; the API shows the commits', async () => {
    const dir = join(work, 'anon');
    const byPassword = await commitAndPush(
      dir,
      'password.txt',
      'pushed with a password\n',
      gitUrl(gh.url, 'demo/hello', 'demo', DEMO_PASSWORD),
    );
    expect(byPassword.stderr).not.toContain('fatal');
    expect(byPassword.code).toBe(0);

    const token = await api(gh.url, 'POST', '/users/demo/tokens', {
      auth: { basic: ['demo', DEMO_PASSWORD] },
      body: { name: 'git-push', scopes: ['write:repository'] },
    });
    const byToken = await commitAndPush(
      dir,
      'token.txt',
      'pushed with a token\n',
      gitUrl(gh.url, 'demo/hello', 'demo', token.body.sha1),
    );
    expect(byToken.code).toBe(0);

    const head = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
    const commits = await api(gh.url, 'GET', '/repos/demo/hello/commits?stat=false&limit=2');
    expect(commits.responseErrors).toEqual([]);
    expect(commits.body.map((c: any) => c.commit.message)).toEqual([
      'Change token.txt\n',
      'Change password.txt\n',
    ]);
    expect(commits.body[0].sha).toBe(head);
    expect(commits.headers.get('x-total-count')).toBe('6');
    const file = await api(gh.url, 'GET', '/repos/demo/hello/contents/token.txt');
    expect(Buffer.from(file.body.content, 'base64').toString()).toBe('pushed with a token\n');
    expect(file.body.last_commit_sha).toBe(head);
    const raw = await fetch(`${gh.url}/api/v1/repos/demo/hello/raw/password.txt`);
    expect(await raw.text()).toBe('pushed with a password\n');
  });

  it('refuses a push by another user and an anonymous push', async () => {
    const dir = join(work, 'anon');
    await writeFile(join(dir, 'intruder.txt'), 'nope\n');
    await git(['add', 'intruder.txt'], dir);
    await git(['commit', '-q', '-m', 'intrude'], dir);
    const other = await git(
      ['push', gitUrl(gh.url, 'demo/hello', 'alice', alice.password), 'HEAD:main'],
      dir,
    );
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/not found|404/i);
    const anonymous = await git(['push', gitUrl(gh.url, 'demo/hello'), 'HEAD:main'], dir);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/could not read Username|Authentication failed/i);
    const branch = await api(gh.url, 'GET', '/repos/demo/hello/branches/main');
    expect(branch.body.commit.message).toBe('Change token.txt\n');
  });

  it('clones shallowly over protocol v2', async () => {
    const res = await git(
      [
        '-c',
        'protocol.version=2',
        'clone',
        '--depth',
        '1',
        gitUrl(gh.url, 'demo/hello'),
        'shallow',
      ],
      work,
      { GIT_TRACE_PACKET: '1' },
    );
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/< version 2/);
    const count = await git(['rev-list', '--count', 'HEAD'], join(work, 'shallow'));
    expect(count.stdout.trim()).toBe('1');
  });

  it('pushes a new repository over HTTP, adopting the pushed branch as default', async () => {
    const created = await api(gh.url, 'POST', '/user/repos', {
      auth: { token: alice.token },
      body: { name: 'fresh', private: true, default_branch: 'main' },
    });
    expect(created.status).toBe(201);
    const dir = join(work, 'fresh');
    expect((await git(['init', '-q', '-b', 'trunk', dir], work)).code).toBe(0);
    await writeFile(join(dir, 'a.txt'), 'a\n');
    await git(['add', 'a.txt'], dir);
    await git(['commit', '-q', '-m', 'first'], dir);
    const push = await git(
      ['push', gitUrl(gh.url, 'alice/fresh', 'alice', alice.token), 'trunk'],
      dir,
    );
    expect(push.code).toBe(0);
    const repo = await api(gh.url, 'GET', '/repos/alice/fresh', { auth: { token: alice.token } });
    expect(repo.body).toMatchObject({ empty: false, default_branch: 'trunk' });
    // Private: the owner clones, others do not see it.
    const clone = await git(
      ['clone', gitUrl(gh.url, 'alice/fresh', 'alice', alice.password), 'fresh-clone'],
      work,
    );
    expect(clone.code).toBe(0);
    const anonymous = await git(['clone', gitUrl(gh.url, 'alice/fresh'), 'fresh-anon'], work);
    expect(anonymous.code).not.toBe(0);
    const bob = await createUser(gh.url, 'bob');
    const other = await git(
      ['clone', gitUrl(gh.url, 'alice/fresh', 'bob', bob.password), 'fresh-bob'],
      work,
    );
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/not found/i);
    // A site administrator reads every repository, as on Gitea.
    const demo = await git(
      ['clone', gitUrl(gh.url, 'alice/fresh', 'demo', DEMO_PASSWORD), 'fresh-demo'],
      work,
    );
    expect(demo.code).toBe(0);
  });

  it('accepts a gzip-encoded request body (protocol v2 ls-refs)', async () => {
    const pkt = (s: string) => (s.length + 4).toString(16).padStart(4, '0') + s;
    const request = `${pkt('command=ls-refs\n')}0001${pkt('ref-prefix refs/heads/\n')}0000`;
    const res = await fetch(`${gh.url}/demo/hello.git/git-upload-pack`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-git-upload-pack-request',
        'content-encoding': 'gzip',
        'git-protocol': 'version=2',
      },
      body: gzipSync(Buffer.from(request)),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-git-upload-pack-result');
    expect(await res.text()).toMatch(/[0-9a-f]{40} refs\/heads\/main/);
  });
});
