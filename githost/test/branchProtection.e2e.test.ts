import { rm } from 'node:fs/promises';
import { ContractCheck, git } from './helpers';
import {
  appWith,
  cloneAs,
  commitFiles,
  pushBranch,
  startPullWorld,
  type PullWorld,
} from './pullFixture';

jest.setTimeout(120_000);

describe('branch protection and commit statuses', () => {
  let w: PullWorld;
  const c = new ContractCheck(() => w.gh.url);
  const repo = '/repos/alice/project';

  beforeAll(async () => {
    w = await startPullWorld();
  });
  afterAll(async () => {
    await w.gh.dispose();
    await rm(w.work, { recursive: true, force: true });
  });

  it('rules are managed by repository admins only (Gitea reqAdmin)', async () => {
    const created = await c.expect(201, 'POST', `${repo}/branch_protections`, {
      auth: w.alice.auth,
      body: {
        rule_name: 'main',
        enable_push: true,
        enable_push_whitelist: true,
        push_whitelist_usernames: ['alice', 'carol'],
        required_approvals: 1,
        enable_status_check: true,
        status_check_contexts: ['ci/build'],
      },
    });
    // carol only reads: Gitea drops whitelisted users without WRITE.
    expect(created.body).toMatchObject({
      rule_name: 'main',
      branch_name: 'main',
      push_whitelist_usernames: ['alice'],
      required_approvals: 1,
      status_check_contexts: ['ci/build'],
    });
    await c.expect(403, 'POST', `${repo}/branch_protections`, {
      auth: w.alice.auth,
      body: { rule_name: 'main' },
    });
    await c.expect(404, 'POST', `${repo}/branch_protections`, {
      auth: w.alice.auth,
      body: { rule_name: 'no-such-branch' },
    });
    await c.expect(201, 'POST', `${repo}/branch_protections`, {
      auth: w.alice.auth,
      body: { rule_name: 'release/*' },
    });
    await c.expect(422, 'POST', `${repo}/branch_protections`, {
      auth: w.alice.auth,
      body: { rule_name: 'hotfix/*', push_whitelist_usernames: ['nobody-at-all'] },
    });
    await c.expect(422, 'POST', `${repo}/branch_protections`, {
      auth: w.alice.auth,
      body: { rule_name: 'release/* main' },
    });
    for (const who of [w.bob, w.carol, w.dave]) {
      await c.undeclared(403, 'GET', `${repo}/branch_protections`, { auth: who.auth });
      await c.expect(403, 'POST', `${repo}/branch_protections`, {
        auth: who.auth,
        body: { rule_name: 'main' },
      });
    }
    const anonymous = await c.undeclared(401, 'GET', `${repo}/branch_protections`);
    expect(anonymous.body.message).toBe('token is required');
    const list = await c.expect(200, 'GET', `${repo}/branch_protections`, { auth: w.alice.auth });
    expect(list.body.map((r: any) => r.rule_name)).toEqual(['main', 'release/*']);
    const edited = await c.expect(200, 'PATCH', `${repo}/branch_protections/release%2F*`, {
      auth: w.alice.auth,
      body: { enable_push: true },
    });
    expect(edited.body.enable_push).toBe(true);
    await c.expect(200, 'GET', `${repo}/branch_protections/main`, { auth: w.alice.auth });
    await c.expect(204, 'DELETE', `${repo}/branch_protections/release%2F*`, { auth: w.alice.auth });
    await c.expect(404, 'GET', `${repo}/branch_protections/release%2F*`, { auth: w.alice.auth });
  });

  it('a protected branch refuses direct pushes from non-whitelisted writers, deletion and force pushes', async () => {
    const bobDir = await cloneAs(w, w.bob, 'alice/project', 'bob-direct');
    await commitFiles(bobDir, { 'direct.txt': 'no\n' }, 'Direct');
    const refused = await git(['push', 'origin', 'HEAD:main'], bobDir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('remote: Gitea: Not allowed to push to protected branch main');
    expect(refused.stderr).toContain('[remote rejected] HEAD -> main (pre-receive hook declined)');
    // Other branches are not protected.
    expect((await git(['push', 'origin', 'HEAD:bob-side'], bobDir)).code).toBe(0);

    const aliceDir = await cloneAs(w, w.alice, 'alice/project', 'alice-direct');
    await commitFiles(aliceDir, { 'allowed.txt': 'yes\n' }, 'Whitelisted');
    expect((await git(['push', 'origin', 'HEAD:main'], aliceDir)).code).toBe(0);
    const deletion = await git(['push', 'origin', ':main'], aliceDir);
    expect(deletion.stderr).toContain('Gitea: branch main is protected from deletion');
    await git(['reset', '-q', '--hard', 'HEAD~1'], aliceDir);
    await commitFiles(aliceDir, { 'other.txt': 'rewrite\n' }, 'Rewrite');
    const force = await git(['push', '--force', 'origin', 'HEAD:main'], aliceDir);
    expect(force.stderr).toContain('Gitea: branch main is protected from force push');
    const branches = await c.expect(200, 'GET', `${repo}/branches/main`);
    expect(branches.body.commit.message).toBe('Whitelisted\n');
  });

  it('statuses: WRITE posts them, anyone who reads lists them; the newest per context counts', async () => {
    const sha = (await c.expect(200, 'GET', `${repo}/branches/main`)).body.commit.id;
    await c.undeclared(403, 'POST', `${repo}/statuses/${sha}`, {
      auth: w.carol.auth,
      body: { state: 'success', context: 'ci/build' },
    });
    await c.undeclared(401, 'POST', `${repo}/statuses/${sha}`, {
      body: { state: 'success', context: 'ci/build' },
    });
    await c.expect(400, 'POST', `${repo}/statuses/${sha}`, {
      auth: w.bob.auth,
      body: { state: 'great', context: 'ci/build' },
    });
    const pending = await c.expect(201, 'POST', `${repo}/statuses/${sha}`, {
      auth: w.bob.auth,
      body: { state: 'pending', context: 'ci/build', target_url: 'http://ci.example/1' },
    });
    expect(pending.body).toMatchObject({
      status: 'pending',
      context: 'ci/build',
      creator: { login: 'bob' },
    });
    await c.expect(201, 'POST', `${repo}/statuses/main`, {
      auth: w.bob.auth,
      body: { state: 'failure', context: 'lint', description: 'two problems' },
    });
    await c.expect(201, 'POST', `${repo}/statuses/${sha}`, {
      auth: w.bob.auth,
      body: { state: 'success', context: 'ci/build' },
    });
    const combined = await c.expect(200, 'GET', `${repo}/commits/main/status`);
    expect(combined.body).toMatchObject({ state: 'failure', sha, total_count: 2 });
    expect(combined.body.statuses.map((s: any) => [s.context, s.status])).toEqual([
      ['ci/build', 'success'],
      ['lint', 'failure'],
    ]);
    const all = await c.expect(200, 'GET', `${repo}/statuses/${sha}?sort=oldest`);
    expect(all.body.map((s: any) => s.status)).toEqual(['pending', 'failure', 'success']);
    const failures = await c.expect(200, 'GET', `${repo}/commits/main/statuses?state=failure`);
    expect(failures.body.map((s: any) => s.context)).toEqual(['lint']);
    await c.expect(404, 'GET', `${repo}/commits/no-such-ref/status`);
  });

  it('merging waits for the required status and an approval from WRITE; READ never merges', async () => {
    const bobDir = await cloneAs(w, w.bob, 'alice/project', 'bob-pr');
    const head = await pushBranch(bobDir, 'guarded', { 'src/app.txt': appWith({ 2: 'two' }) });
    const pr = await c.expect(201, 'POST', `${repo}/pulls`, {
      auth: w.bob.auth,
      body: { head: 'guarded', base: 'main', title: 'Guarded change' },
    });
    const merge = (who: typeof w.bob) =>
      c.expect(405, 'POST', `${repo}/pulls/${pr.body.number}/merge`, {
        auth: who.auth,
        body: { Do: 'squash' },
      });
    expect((await merge(w.bob)).body.message).toBe(
      'not allowed to merge [reason: Not all required status checks successful]',
    );
    await c.expect(201, 'POST', `${repo}/statuses/${head}`, {
      auth: w.bob.auth,
      body: { state: 'pending', context: 'ci/build' },
    });
    expect((await merge(w.bob)).body.message).toContain('Not all required status checks');
    await c.expect(201, 'POST', `${repo}/statuses/${head}`, {
      auth: w.bob.auth,
      body: { state: 'success', context: 'ci/build' },
    });
    expect((await merge(w.bob)).body.message).toBe(
      'not allowed to merge [reason: Does not have enough approvals]',
    );
    // An approval from READ does not count.
    await c.expect(200, 'POST', `${repo}/pulls/${pr.body.number}/reviews`, {
      auth: w.carol.auth,
      body: { event: 'APPROVED' },
    });
    expect((await merge(w.bob)).body.message).toContain('Does not have enough approvals');
    await c.expect(200, 'POST', `${repo}/pulls/${pr.body.number}/reviews`, {
      auth: w.alice.auth,
      body: { event: 'APPROVED' },
    });
    expect((await merge(w.carol)).body.message).toBe('User not allowed to merge PR');
    await c.expect(200, 'POST', `${repo}/pulls/${pr.body.number}/merge`, {
      auth: w.bob.auth,
      body: { Do: 'squash', MergeTitleField: 'Guarded change, squashed' },
    });
    const after = await c.expect(200, 'GET', `${repo}/branches/main`);
    expect(after.body.commit.message).toBe('Guarded change, squashed\n');
  });

  it('a push to the head makes approvals stale; dismiss_stale_approvals stops them counting', async () => {
    await c.expect(200, 'PATCH', `${repo}/branch_protections/main`, {
      auth: w.alice.auth,
      body: { dismiss_stale_approvals: true, enable_status_check: false },
    });
    const bobDir = await cloneAs(w, w.bob, 'alice/project', 'bob-stale');
    await pushBranch(bobDir, 'stale', { 'stale.txt': 'one\n' });
    const pr = await c.expect(201, 'POST', `${repo}/pulls`, {
      auth: w.bob.auth,
      body: { head: 'stale', base: 'main', title: 'Stale approvals' },
    });
    const path = `${repo}/pulls/${pr.body.number}`;
    await c.expect(200, 'POST', `${path}/reviews`, {
      auth: w.alice.auth,
      body: { event: 'APPROVED' },
    });
    await commitFiles(bobDir, { 'stale.txt': 'two\n' }, 'Second');
    expect((await git(['push', '-q', 'origin', 'HEAD:stale'], bobDir)).code).toBe(0);
    const reviews = await c.expect(200, 'GET', `${path}/reviews`);
    expect(reviews.body[0]).toMatchObject({ state: 'APPROVED', stale: true, dismissed: true });
    const refused = await c.expect(405, 'POST', `${path}/merge`, {
      auth: w.bob.auth,
      body: { Do: 'merge' },
    });
    expect(refused.body.message).toContain('Does not have enough approvals');
    // A repository admin may force the merge past the rules (Gitea's force_merge).
    await c.expect(200, 'POST', `${path}/merge`, {
      auth: w.alice.auth,
      body: { Do: 'merge', force_merge: true },
    });
  });
});
