import { rm } from 'node:fs/promises';
import { ContractCheck } from './helpers';
import {
  cloneAs,
  isPullRoute,
  pushBranch,
  startPullWorld,
  type PullPerson,
  type PullWorld,
} from './pullFixture';

jest.setTimeout(120_000);

/**
 * Every pull request, review, fork, protection and status operation on a private repository,
 * as anonymous, an outsider (dave), READ (carol), WRITE (bob) and the owner (alice); each
 * operation is driven at least once with a request and a response that follow the spec.
 */
describe('pull request operations per permission level', () => {
  let w: PullWorld;
  let head: string;
  const c = new ContractCheck(() => w.gh.url);
  const repo = '/repos/alice/secret';
  const anonymous = undefined;
  const as = (p: PullPerson) => ({ auth: p.auth });

  beforeAll(async () => {
    w = await startPullWorld('secret', true);
    const dir = await cloneAs(w, w.bob, 'alice/secret', 'bob-secret');
    head = await pushBranch(dir, 'feature', { 'feature.txt': 'one\n' });
    await pushBranch(dir, 'other', { 'other.txt': 'two\n' });
  });
  afterAll(async () => {
    await w.gh.dispose();
    await rm(w.work, { recursive: true, force: true });
  });

  it('opening and reading: READ opens, outsiders and anonymous see nothing', async () => {
    await c.undeclared(401, 'POST', `${repo}/pulls`, {
      auth: anonymous,
      body: { head: 'feature', base: 'main', title: 'x' },
    });
    await c.expect(404, 'POST', `${repo}/pulls`, {
      ...as(w.dave),
      body: { head: 'feature', base: 'main', title: 'x' },
    });
    await c.expect(422, 'POST', `${repo}/pulls`, {
      ...as(w.carol),
      body: { head: 'feature', base: 'main', title: '' },
    });
    const pr = await c.expect(201, 'POST', `${repo}/pulls`, {
      ...as(w.carol),
      body: { head: 'feature', base: 'main', title: 'From a reader' },
    });
    expect(pr.body).toMatchObject({ number: 1, user: { login: 'carol' }, head: { sha: head } });
    await c.expect(201, 'POST', `${repo}/pulls`, {
      ...as(w.bob),
      body: { head: 'other', base: 'main', title: 'From a writer' },
    });

    for (const who of [anonymous, w.dave]) {
      const auth = who && who.auth;
      await c.expect(404, 'GET', `${repo}/pulls`, { auth });
      await c.expect(404, 'GET', `${repo}/pulls/1`, { auth });
      await c.expect(404, 'GET', `${repo}/pulls/1/files`, { auth });
      await c.expect(404, 'GET', `${repo}/pulls/1/commits`, { auth });
      await c.expect(404, 'GET', `${repo}/pulls/1.diff`, { auth });
      await c.expect(404, 'GET', `${repo}/pulls/1/merge`, { auth });
      await c.expect(404, 'GET', `${repo}/pulls/1/reviews`, { auth });
      await c.expect(404, 'GET', `${repo}/forks`, { auth });
      await c.expect(404, 'GET', `${repo}/commits/main/status`, { auth });
      await c.expect(404, 'GET', `${repo}/commits/main/statuses`, { auth });
      await c.expect(404, 'GET', `${repo}/statuses/${head}`, { auth });
    }
    for (const who of [w.carol, w.bob, w.alice]) {
      const list = await c.expect(200, 'GET', `${repo}/pulls`, as(who));
      expect(list.body.map((p: any) => p.number)).toEqual([2, 1]);
      await c.expect(200, 'GET', `${repo}/pulls/1`, as(who));
      const files = await c.expect(200, 'GET', `${repo}/pulls/1/files`, as(who));
      expect(files.body.map((f: any) => f.filename)).toEqual(['feature.txt']);
      await c.expect(200, 'GET', `${repo}/pulls/1/commits`, as(who));
      const diff = await c.expect(200, 'GET', `${repo}/pulls/1.diff?binary=true`, as(who));
      expect(diff.body).toContain('+one');
    }
  });

  it('editing: the poster or WRITE; others 403', async () => {
    await c.undeclared(401, 'PATCH', `${repo}/pulls/2`, { auth: anonymous, body: { title: 'x' } });
    await c.expect(404, 'PATCH', `${repo}/pulls/2`, { ...as(w.dave), body: { title: 'x' } });
    await c.expect(403, 'PATCH', `${repo}/pulls/2`, { ...as(w.carol), body: { title: 'x' } });
    const mine = await c.expect(201, 'PATCH', `${repo}/pulls/1`, {
      ...as(w.carol),
      body: { body: 'Please take it' },
    });
    expect(mine.body.body).toBe('Please take it');
    const byWriter = await c.expect(201, 'PATCH', `${repo}/pulls/1`, {
      ...as(w.bob),
      body: { title: 'From a reader, retitled' },
    });
    expect(byWriter.body.title).toBe('From a reader, retitled');
    // Updating the head branch needs WRITE on the head repository.
    await c.expect(404, 'POST', `${repo}/pulls/2/update`, as(w.dave));
    await c.expect(403, 'POST', `${repo}/pulls/2/update`, as(w.carol));
    await c.expect(200, 'POST', `${repo}/pulls/2/update?style=rebase`, as(w.bob));
  });

  it('reviewing: READ reviews (not official), outsiders cannot', async () => {
    await c.expect(404, 'POST', `${repo}/pulls/2/reviews`, {
      ...as(w.dave),
      body: { event: 'COMMENT', body: 'x' },
    });
    const read = await c.expect(200, 'POST', `${repo}/pulls/2/reviews`, {
      ...as(w.carol),
      body: {
        event: 'COMMENT',
        body: 'Looks fine',
        comments: [{ path: 'other.txt', body: 'ok', new_position: 1 }],
      },
    });
    expect(read.body.official).toBe(false);
    const write = await c.expect(200, 'POST', `${repo}/pulls/1/reviews`, {
      ...as(w.bob),
      body: { event: 'APPROVED', commit_id: head },
    });
    expect(write.body.official).toBe(true);
    // Dismissing is for repository admins (Gitea), and only approvals and rejections.
    const dismissals = `${repo}/pulls/1/reviews/${write.body.id}/dismissals`;
    await c.expect(403, 'POST', dismissals, { ...as(w.bob), body: { message: 'no' } });
    const dismissed = await c.expect(200, 'POST', dismissals, {
      ...as(w.alice),
      body: { message: 'Not this one', priors: true },
    });
    expect(dismissed.body.dismissed).toBe(true);
    await c.expect(422, 'POST', `${repo}/pulls/2/reviews/${read.body.id}/dismissals`, {
      ...as(w.alice),
      body: {},
    });
    await c.expect(
      403,
      'POST',
      `${repo}/pulls/1/reviews/${write.body.id}/undismissals`,
      as(w.carol),
    );
    const back = await c.expect(
      200,
      'POST',
      `${repo}/pulls/1/reviews/${write.body.id}/undismissals`,
      as(w.alice),
    );
    expect(back.body.dismissed).toBe(false);
    await c.expect(200, 'GET', `${repo}/pulls/2/reviews/${read.body.id}`, as(w.alice));
    const comments = await c.expect(
      200,
      'GET',
      `${repo}/pulls/2/reviews/${read.body.id}/comments`,
      as(w.bob),
    );
    expect(comments.body).toHaveLength(1);
    await c.expect(404, 'GET', `${repo}/pulls/2/reviews/${read.body.id}/comments`, as(w.dave));
    const pending = await c.expect(200, 'POST', `${repo}/pulls/2/reviews`, {
      ...as(w.alice),
      body: { body: 'drafting' },
    });
    await c.expect(200, 'POST', `${repo}/pulls/2/reviews/${pending.body.id}`, {
      ...as(w.alice),
      body: { event: 'APPROVED' },
    });
    // Repository admins may delete anyone's review (Gitea), readers only their own.
    await c.expect(204, 'DELETE', `${repo}/pulls/2/reviews/${read.body.id}`, as(w.alice));
  });

  it('review requests: the poster or WRITE; the reviewer must read the repository', async () => {
    await c.undeclared(401, 'GET', `${repo}/reviewers`);
    await c.expect(404, 'GET', `${repo}/reviewers`, as(w.dave));
    const candidates = await c.expect(200, 'GET', `${repo}/reviewers`, as(w.carol));
    expect(candidates.body.map((u: any) => u.login)).toEqual(['alice', 'bob']);
    await c.expect(404, 'POST', `${repo}/pulls/2/requested_reviewers`, {
      ...as(w.dave),
      body: { reviewers: ['alice'] },
    });
    await c.expect(422, 'POST', `${repo}/pulls/2/requested_reviewers`, {
      ...as(w.carol),
      body: { reviewers: ['alice'] },
    });
    await c.expect(422, 'POST', `${repo}/pulls/2/requested_reviewers`, {
      ...as(w.bob),
      body: { reviewers: ['dave'] },
    });
    const asked = await c.expect(201, 'POST', `${repo}/pulls/2/requested_reviewers`, {
      ...as(w.bob),
      body: { reviewers: ['carol'] },
    });
    expect(asked.body.map((r: any) => r.user.login)).toEqual(['carol']);
    // The reviewer may withdraw from a request themself.
    await c.expect(204, 'DELETE', `${repo}/pulls/2/requested_reviewers`, {
      ...as(w.carol),
      body: { reviewers: ['carol'] },
    });
  });

  it('statuses: WRITE posts, READ reads; protections: admins only', async () => {
    await c.undeclared(403, 'POST', `${repo}/statuses/${head}`, {
      ...as(w.carol),
      body: { state: 'success' },
    });
    await c.expect(404, 'POST', `${repo}/statuses/${head}`, {
      ...as(w.dave),
      body: { state: 'success' },
    });
    const posted = await c.expect(201, 'POST', `${repo}/statuses/${head}`, {
      ...as(w.bob),
      body: { state: 'success' },
    });
    expect(posted.body.context).toBe('default');
    await c.expect(200, 'GET', `${repo}/statuses/${head}`, as(w.carol));
    await c.expect(200, 'GET', `${repo}/commits/feature/statuses`, as(w.carol));
    const combined = await c.expect(200, 'GET', `${repo}/commits/feature/status`, as(w.carol));
    expect(combined.body.state).toBe('success');

    for (const who of [w.carol, w.bob]) {
      await c.expect(403, 'POST', `${repo}/branch_protections`, {
        ...as(who),
        body: { rule_name: 'main' },
      });
    }
    await c.expect(404, 'GET', `${repo}/branch_protections/main`, as(w.dave));
    await c.expect(201, 'POST', `${repo}/branch_protections`, {
      ...as(w.alice),
      body: { rule_name: 'main', required_approvals: 1 },
    });
    await c.expect(200, 'GET', `${repo}/branch_protections`, as(w.alice));
    await c.expect(200, 'GET', `${repo}/branch_protections/main`, as(w.alice));
    await c.expect(404, 'PATCH', `${repo}/branch_protections/main`, {
      ...as(w.dave),
      body: { required_approvals: 2 },
    });
    await c.expect(200, 'PATCH', `${repo}/branch_protections/main`, {
      ...as(w.alice),
      body: { required_approvals: 1, block_on_rejected_reviews: true },
    });
  });

  it('merging: WRITE merges, READ gets 405, outsiders 404', async () => {
    await c.expect(404, 'POST', `${repo}/pulls/1/merge`, { ...as(w.dave), body: { Do: 'merge' } });
    const read = await c.expect(405, 'POST', `${repo}/pulls/1/merge`, {
      ...as(w.carol),
      body: { Do: 'merge' },
    });
    expect(read.body.message).toBe('User not allowed to merge PR');
    await c.expect(409, 'POST', `${repo}/pulls/1/merge`, {
      ...as(w.bob),
      body: { Do: 'merge', head_commit_id: '0'.repeat(40) },
    });
    await c.expect(200, 'POST', `${repo}/pulls/1/merge`, {
      ...as(w.bob),
      body: { Do: 'rebase' },
    });
    await c.expect(204, 'GET', `${repo}/pulls/1/merge`, as(w.carol));
    // A protected base still wants its approval for #2 (alice approved #2; carol's was deleted).
    await c.expect(200, 'POST', `${repo}/pulls/2/merge`, {
      ...as(w.alice),
      body: { Do: 'merge' },
    });
    await c.expect(204, 'DELETE', `${repo}/branch_protections/main`, as(w.alice));
  });

  it('forks: readers fork (a private fork for a private repository), outsiders cannot', async () => {
    await c.expect(404, 'POST', `${repo}/forks`, { ...as(w.dave), body: {} });
    const fork = await c.expect(202, 'POST', `${repo}/forks`, {
      ...as(w.carol),
      body: { name: 'my-secret' },
    });
    expect(fork.body).toMatchObject({ full_name: 'carol/my-secret', private: true, fork: true });
    const forks = await c.expect(200, 'GET', `${repo}/forks`, as(w.carol));
    expect(forks.body.map((r: any) => r.full_name)).toEqual(['carol/my-secret']);
    // carol's private fork is hers alone, as in Gitea: not even alice reads it.
    for (const who of [w.alice, w.bob]) {
      const hidden = await c.expect(200, 'GET', `${repo}/forks`, as(who));
      expect(hidden.body).toEqual([]);
    }
  });

  it('drove every pull request operation with spec-valid requests and responses', () => {
    expect(c.missing(isPullRoute)).toEqual([]);
  });
});
