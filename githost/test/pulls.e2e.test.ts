import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractCheck, git, gitUrl, startGithost } from './helpers';
import {
  appWith,
  cloneAs,
  commitFiles,
  pushBranch,
  pushOk,
  startPullWorld,
  type PullWorld,
} from './pullFixture';

// Real git processes on a shared machine: generous, since nothing here measures time.
jest.setTimeout(120_000);

describe('pull requests with real git', () => {
  let w: PullWorld;
  let dir: string;
  const c = new ContractCheck(() => w.gh.url);

  beforeAll(async () => {
    w = await startPullWorld();
    dir = await cloneAs(w, w.alice, 'alice/project', 'main-clone');
  });
  afterAll(async () => {
    await w.gh.dispose();
    await rm(w.work, { recursive: true, force: true });
  });

  it('opens a pull request from a branch: files, diff, patch, commits', async () => {
    const head = await pushBranch(dir, 'feature', {
      'src/app.txt': appWith({ 3: 'line three' }),
      'docs/new.md': '# New\n',
    });
    const pr = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'feature', base: 'main', title: 'Add docs', body: 'Fixes #1' },
    });
    expect(pr.body).toMatchObject({
      number: 1,
      state: 'open',
      mergeable: true,
      merged: false,
      title: 'Add docs',
      body: 'Fixes #1',
      user: { login: 'alice' },
      head: { ref: 'feature', sha: head, repo: { full_name: 'alice/project' } },
      base: { ref: 'main' },
    });
    expect(pr.body.merge_base).toBe(pr.body.base.sha);

    const files = await c.expect(200, 'GET', '/repos/alice/project/pulls/1/files', {
      auth: w.carol.auth,
    });
    expect(files.body.map((f: any) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['docs/new.md', 'added', 1, 0],
      ['src/app.txt', 'changed', 1, 1],
    ]);
    expect(files.headers.get('x-total-count')).toBe('2');

    const diff = await c.expect(200, 'GET', '/repos/alice/project/pulls/1.diff');
    expect(diff.body).toContain('diff --git a/src/app.txt b/src/app.txt');
    expect(diff.body).toContain('-line 3\n+line three');
    const patch = await c.expect(200, 'GET', '/repos/alice/project/pulls/1.patch');
    expect(patch.body).toMatch(/^From [0-9a-f]{40} /);
    expect(patch.body).toContain('Subject: [PATCH] Change on feature');

    const commits = await c.expect(200, 'GET', '/repos/alice/project/pulls/1/commits');
    expect(commits.body.map((x: any) => x.sha)).toEqual([head]);
    expect(commits.headers.get('x-total-count')).toBe('1');

    await c.expect(404, 'GET', '/repos/alice/project/pulls/99');
    await c.expect(404, 'GET', '/repos/alice/project/pulls/99.diff');
    await c.expect(404, 'GET', '/repos/alice/project/pulls/1/merge');
    // The same head and base again: Gitea's 409.
    await c.expect(409, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'feature', base: 'main', title: 'Again' },
    });
    await c.expect(422, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'main', base: 'main', title: 'Nothing' },
    });
    await c.expect(404, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'no-such-branch', base: 'main', title: 'Nothing' },
    });
  });

  it('opens a pull request from a fork (`user:branch`), brought into the base as refs/pull/N/head', async () => {
    const fork = await c.expect(202, 'POST', '/repos/alice/project/forks', {
      auth: w.dave.auth,
      body: {},
    });
    expect(fork.body).toMatchObject({
      full_name: 'dave/project',
      fork: true,
      parent: { full_name: 'alice/project' },
      default_branch: 'main',
      empty: false,
    });
    await c.expect(409, 'POST', '/repos/alice/project/forks', { auth: w.dave.auth, body: {} });
    const forks = await c.expect(200, 'GET', '/repos/alice/project/forks');
    expect(forks.body.map((r: any) => r.full_name)).toEqual(['dave/project']);
    const forkRepo = await c.expect(200, 'GET', '/repos/dave/project');
    expect(forkRepo.body).toMatchObject({ fork: true, parent: { full_name: 'alice/project' } });
    const parent = await c.expect(200, 'GET', '/repos/alice/project');
    expect(parent.body).toMatchObject({ fork: false, forks_count: 1, open_pr_counter: 1 });
    expect(parent.body).not.toHaveProperty('parent');

    const forkDir = await cloneAs(w, w.dave, 'dave/project', 'dave-fork');
    const head = await pushBranch(forkDir, 'typo', { 'README.md': '# project\n\nFixed.\n' });
    const pr = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
      auth: w.dave.auth,
      body: { head: 'dave:typo', base: 'main', title: 'Fix the README' },
    });
    expect(pr.body).toMatchObject({
      number: 2,
      mergeable: true,
      head: { ref: 'typo', sha: head, repo: { full_name: 'dave/project', fork: true } },
    });
    const ref = await git(['ls-remote', 'origin', 'refs/pull/2/head'], dir);
    expect(ref.stdout.split('\t')[0]).toBe(head);

    // A new push to the fork's branch moves the pull request (and refs/pull/2/head).
    const next = await commitFiles(forkDir, { 'README.md': '# project\n\nFixed twice.\n' }, 'More');
    await pushOk(forkDir, ['push', '-q', 'origin', 'HEAD:typo']);
    const moved = await c.expect(200, 'GET', '/repos/alice/project/pulls/2');
    expect(moved.body.head.sha).toBe(next);
    // Nobody may write refs/pull/ directly.
    const direct = await git(['push', '--force', 'origin', 'HEAD:refs/pull/2/head'], dir);
    expect(direct.code).not.toBe(0);
    expect(direct.stderr).toContain('refs/pull/ is reserved');
  });

  it('a conflicting pull request is not mergeable and merging answers 405', async () => {
    await pushBranch(dir, 'left', { 'src/app.txt': appWith({ 6: 'left six' }) });
    await pushBranch(dir, 'right', { 'src/app.txt': appWith({ 6: 'right six' }) });
    const left = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'left', base: 'main', title: 'Left' },
    });
    const right = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'right', base: 'main', title: 'Right' },
    });
    expect(right.body.mergeable).toBe(true);
    await c.expect(200, 'POST', `/repos/alice/project/pulls/${left.body.number}/merge`, {
      auth: w.alice.auth,
      body: { Do: 'merge' },
    });
    // main moved: `right` is recomputed and now conflicts.
    const after = await c.expect(200, 'GET', `/repos/alice/project/pulls/${right.body.number}`);
    expect(after.body.mergeable).toBe(false);
    const refused = await c.expect(
      405,
      'POST',
      `/repos/alice/project/pulls/${right.body.number}/merge`,
      {
        auth: w.alice.auth,
        body: { Do: 'merge' },
      },
    );
    expect(refused.body.message).toBe('Please try again later');
    await c.expect(204, 'GET', `/repos/alice/project/pulls/${left.body.number}/merge`);
    const again = await c.expect(
      405,
      'POST',
      `/repos/alice/project/pulls/${left.body.number}/merge`,
      {
        auth: w.alice.auth,
        body: { Do: 'merge' },
      },
    );
    expect(again.body.message).toBe('PR already merged');
  });

  it('merge, squash, rebase and rebase-merge produce their history on main', async () => {
    const shapes: Record<string, string[]> = {};
    for (const style of ['merge', 'squash', 'rebase', 'rebase-merge'] as const) {
      const branch = `style-${style}`;
      await pushBranch(dir, branch, { [`${style}/one.txt`]: 'one\n' }, `${style} one`);
      await commitFiles(dir, { [`${style}/two.txt`]: 'two\n' }, `${style} two`);
      await pushOk(dir, ['push', '-q', 'origin', `HEAD:${branch}`]);
      // Move main so every style has something to merge onto.
      await pushOk(dir, ['checkout', '-q', '-B', 'main', 'origin/main']);
      await commitFiles(dir, { [`main-before-${style}.txt`]: 'x\n' }, `main before ${style}`);
      await pushOk(dir, ['push', '-q', 'origin', 'HEAD:main']);
      const pr = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
        auth: w.bob.auth,
        body: { head: branch, base: 'main', title: `Style ${style}` },
      });
      await c.expect(200, 'POST', `/repos/alice/project/pulls/${pr.body.number}/merge`, {
        auth: w.bob.auth,
        body: { Do: style, delete_branch_after_merge: true },
      });
      const merged = await c.expect(200, 'GET', `/repos/alice/project/pulls/${pr.body.number}`);
      expect(merged.body).toMatchObject({
        merged: true,
        state: 'closed',
        merged_by: { login: 'bob' },
      });
      await pushOk(dir, ['fetch', '-q', '--prune', 'origin']);
      const log = await git(['log', '--format=%s|%P|%an', '-3', 'origin/main'], dir);
      shapes[style] = log.stdout.trim().split('\n');
      expect((await git(['rev-parse', 'origin/main'], dir)).stdout.trim()).toBe(
        merged.body.merge_commit_sha,
      );
      // delete_branch_after_merge removed the head branch.
      expect((await git(['ls-remote', '--heads', 'origin', branch], dir)).stdout).toBe('');
    }
    const parents = (line = '') => line.split('|')[1]!.split(' ').length;
    const [mergeTop = ''] = shapes.merge!;
    expect(mergeTop.split('|')[0]).toBe(
      "Merge pull request 'Style merge' (#5) from style-merge into main",
    );
    expect(parents(mergeTop)).toBe(2);
    const [squashTop = '', squashNext = ''] = shapes.squash!;
    expect(squashTop.split('|')[0]).toBe('Style squash (#6)');
    expect(parents(squashTop)).toBe(1);
    expect(squashTop.split('|')[2]).toBe('bob'); // the poster authors a squash commit
    expect(squashNext.split('|')[0]).toBe('main before squash');
    expect(shapes.rebase!.map((l) => l.split('|')[0])).toEqual([
      'rebase two',
      'rebase one',
      'main before rebase',
    ]);
    expect(shapes.rebase!.every((l) => parents(l) === 1)).toBe(true);
    const [rmTop = ''] = shapes['rebase-merge']!;
    expect(parents(rmTop)).toBe(2);
    // By parent, not by `git log` order: commits made within one second tie on date.
    const [firstParent = '', secondParent = ''] = rmTop.split('|')[1]!.split(' ');
    const subject = async (sha: string) =>
      (await git(['log', '-1', '--format=%s', sha], dir)).stdout.trim();
    expect(await subject(firstParent)).toBe('main before rebase-merge');
    expect(await subject(secondParent)).toBe('rebase-merge two');
    expect(await subject(`${secondParent}^`)).toBe('rebase-merge one');
  });

  it('manually-merged: a pull request whose head reached the base another way', async () => {
    const head = await pushBranch(dir, 'manual', { 'manual.txt': 'by hand\n' });
    const pr = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'manual', base: 'main', title: 'Merged by hand' },
    });
    const path = `/repos/alice/project/pulls/${pr.body.number}`;
    // Not in main yet: Gitea's 409 "Wrong commit ID".
    await c.expect(409, 'POST', `${path}/merge`, {
      auth: w.alice.auth,
      body: { Do: 'manually-merged', MergeCommitID: head },
    });
    await pushOk(dir, ['push', '-q', 'origin', `${head}:main`]);
    await c.expect(200, 'POST', `${path}/merge`, {
      auth: w.alice.auth,
      body: { Do: 'manually-merged', MergeCommitID: head },
    });
    const merged = await c.expect(200, 'GET', path);
    expect(merged.body).toMatchObject({ merged: true, merge_commit_sha: head, state: 'closed' });
  });

  it('lists with a state filter and paging, edits, closes and reopens', async () => {
    const open = await c.expect(200, 'GET', '/repos/alice/project/pulls?state=open&limit=1&page=1');
    expect(open.body).toHaveLength(1);
    const openTotal = Number(open.headers.get('x-total-count'));
    expect(open.headers.get('link')).toContain('rel="next"');
    const closed = await c.expect(200, 'GET', '/repos/alice/project/pulls?state=closed&limit=50');
    expect(closed.body.every((p: any) => p.state === 'closed')).toBe(true);
    const all = await c.expect(200, 'GET', '/repos/alice/project/pulls?state=all&limit=50');
    expect(all.body).toHaveLength(openTotal + closed.body.length);
    expect(all.body.map((p: any) => p.number)).toEqual(
      [...all.body.map((p: any) => p.number)].sort((a: number, b: number) => b - a),
    );

    const edited = await c.expect(201, 'PATCH', '/repos/alice/project/pulls/2', {
      auth: w.dave.auth,
      body: { title: 'Fix the README, please', state: 'closed' },
    });
    expect(edited.body).toMatchObject({ title: 'Fix the README, please', state: 'closed' });
    expect(edited.body.closed_at).toEqual(expect.any(String));
    const reopened = await c.expect(201, 'PATCH', '/repos/alice/project/pulls/2', {
      auth: w.dave.auth,
      body: { state: 'open' },
    });
    expect(reopened.body.state).toBe('open');
    // A reader who is not the poster may not edit; a merged pull request keeps its state.
    await c.expect(403, 'PATCH', '/repos/alice/project/pulls/2', {
      auth: w.carol.auth,
      body: { title: 'mine now' },
    });
    await c.expect(412, 'PATCH', '/repos/alice/project/pulls/3', {
      auth: w.alice.auth,
      body: { state: 'open' },
    });
  });

  it('updates a head branch from the base: merge into a fork, rebase conflicts are a 409', async () => {
    await c.expect(403, 'POST', '/repos/alice/project/pulls/2/update', { auth: w.alice.auth });
    const before = (await c.expect(200, 'GET', '/repos/alice/project/pulls/2')).body;
    await c.expect(200, 'POST', '/repos/alice/project/pulls/2/update?style=merge', {
      auth: w.dave.auth,
    });
    const after = (await c.expect(200, 'GET', '/repos/alice/project/pulls/2')).body;
    expect(after.head.sha).not.toBe(before.head.sha);
    expect(after.merge_base).toBe(after.base.sha);
    const forkDir = join(w.work, 'dave-fork');
    await pushOk(forkDir, ['fetch', '-q', 'origin']);
    const top = await git(['log', '-1', '--format=%H|%P|%s', 'origin/typo'], forkDir);
    const [sha, parents, subject] = top.stdout.trim().split('|');
    expect(sha).toBe(after.head.sha);
    expect(parents!.split(' ')).toEqual([before.head.sha, after.base.sha]);
    expect(subject).toBe("Merge branch 'main' into typo");
    // #4 (right) conflicts with main.
    const conflict = await c.expect(
      409,
      'POST',
      '/repos/alice/project/pulls/4/update?style=rebase',
      {
        auth: w.alice.auth,
      },
    );
    expect(conflict.body.message).toBe('rebase failed because of conflict');
  });

  it('pull requests, reviews and numbering survive a restart (pulls.json)', async () => {
    const before = await c.expect(200, 'GET', '/repos/alice/project/pulls?state=all&limit=50');
    await w.gh.close();
    w.gh = await startGithost({ dataDir: w.gh.dataDir, seedDemo: false });
    const after = await c.expect(200, 'GET', '/repos/alice/project/pulls?state=all&limit=50');
    expect(after.body.map((p: any) => [p.number, p.state, p.merged, p.head.sha])).toEqual(
      before.body.map((p: any) => [p.number, p.state, p.merged, p.head.sha]),
    );
    const url = gitUrl(w.gh.url, 'alice/project', 'alice', w.alice.password);
    await pushOk(dir, ['remote', 'set-url', 'origin', url]);
    await pushBranch(dir, 'after-restart', { 'restart.txt': 'again\n' });
    const next = await c.expect(201, 'POST', '/repos/alice/project/pulls', {
      auth: w.alice.auth,
      body: { head: 'after-restart', base: 'main', title: 'After a restart' },
    });
    expect(next.body.number).toBe(Math.max(...before.body.map((p: any) => p.number)) + 1);
  });
});
