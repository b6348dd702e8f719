import { rm } from 'node:fs/promises';
import { ContractCheck } from './helpers';
import {
  appWith,
  cloneAs,
  commitFiles,
  pushBranch,
  pushOk,
  startPullWorld,
  type PullWorld,
} from './pullFixture';

jest.setTimeout(120_000);

describe('reviews, line comments and review requests', () => {
  let w: PullWorld;
  let dir: string;
  const c = new ContractCheck(() => w.gh.url);
  const pulls = '/repos/alice/project/pulls';

  beforeAll(async () => {
    // Private: dave, signed in without access, may not even be asked to review.
    w = await startPullWorld('project', true);
    dir = await cloneAs(w, w.bob, 'alice/project', 'bob-clone');
    await pushBranch(dir, 'review-me', {
      'src/app.txt': appWith({ 4: 'line four', 9: 'line nine' }),
    });
    await c.expect(201, 'POST', pulls, {
      auth: w.bob.auth,
      body: { head: 'review-me', base: 'main', title: 'Please review' },
    });
  });
  afterAll(async () => {
    await w.gh.dispose();
    await rm(w.work, { recursive: true, force: true });
  });

  it('a line comment becomes outdated when a later push changes its line; others move along', async () => {
    const review = await c.expect(200, 'POST', `${pulls}/1/reviews`, {
      auth: w.carol.auth,
      body: {
        event: 'COMMENT',
        body: 'Some remarks',
        comments: [
          { path: 'src/app.txt', body: 'Why four?', new_position: 4 },
          { path: 'src/app.txt', body: 'And nine?', new_position: 9 },
          { path: 'src/app.txt', body: 'The old three', old_position: 3 },
        ],
      },
    });
    expect(review.body).toMatchObject({
      state: 'COMMENT',
      user: { login: 'carol' },
      official: false,
      stale: false,
      comments_count: 3,
    });
    const first = await c.expect(200, 'GET', `${pulls}/1/reviews/${review.body.id}/comments`, {
      auth: w.carol.auth,
    });
    const head1 = (await c.expect(200, 'GET', `${pulls}/1`, { auth: w.carol.auth })).body.head.sha;
    expect(first.body.map((x: any) => [x.body, x.position, x.original_position])).toEqual([
      ['Why four?', 4, undefined],
      ['And nine?', 9, undefined],
      ['The old three', undefined, 3],
    ]);
    expect(first.body[0]).toMatchObject({ commit_id: head1, original_commit_id: head1 });
    expect(first.body[0].diff_hunk).toContain('+line four');

    // Change line 9, and add two lines at the top: line 4's comment moves to 6.
    const text = appWith({ 4: 'line four', 9: 'line nine, again' });
    await commitFiles(dir, { 'src/app.txt': `top 1\ntop 2\n${text}` }, 'Rework');
    await pushOk(dir, ['push', '-q', 'origin', 'HEAD:review-me']);
    const head2 = (await c.expect(200, 'GET', `${pulls}/1`, { auth: w.carol.auth })).body.head.sha;
    expect(head2).not.toBe(head1);
    const after = await c.expect(200, 'GET', `${pulls}/1/reviews/${review.body.id}/comments`, {
      auth: w.carol.auth,
    });
    const [four, nine] = after.body;
    // Still current: commit_id follows the head, the line follows the text.
    expect(four).toMatchObject({ commit_id: head2, original_commit_id: head1 });
    expect(four.position).toBe(6);
    // Outdated: commit_id stays at the last head where the line was unchanged.
    expect(nine).toMatchObject({ commit_id: head1, original_commit_id: head1, position: 9 });
    const reviews = await c.expect(200, 'GET', `${pulls}/1/reviews`, { auth: w.carol.auth });
    expect(reviews.body[0].stale).toBe(true);
  });

  it('approvals: the poster may not approve; READ approves unofficially, WRITE officially', async () => {
    const own = await c.expect(422, 'POST', `${pulls}/1/reviews`, {
      auth: w.bob.auth,
      body: { event: 'APPROVED' },
    });
    expect(own.body.message).toBe('approve your own pull is not allowed');
    await c.expect(422, 'POST', `${pulls}/1/reviews`, {
      auth: w.carol.auth,
      body: { event: 'REQUEST_CHANGES' },
    });
    const byReader = await c.expect(200, 'POST', `${pulls}/1/reviews`, {
      auth: w.carol.auth,
      body: { event: 'APPROVED' },
    });
    expect(byReader.body).toMatchObject({ state: 'APPROVED', official: false });
    const byOwner = await c.expect(200, 'POST', `${pulls}/1/reviews`, {
      auth: w.alice.auth,
      body: { event: 'APPROVED', body: 'LGTM' },
    });
    expect(byOwner.body).toMatchObject({ state: 'APPROVED', official: true, body: 'LGTM' });
    const one = await c.expect(200, 'GET', `${pulls}/1/reviews/${byOwner.body.id}`, {
      auth: w.carol.auth,
    });
    expect(one.body.id).toBe(byOwner.body.id);
    await c.expect(422, 'POST', `${pulls}/1/reviews`, {
      auth: w.alice.auth,
      body: { event: 'COMMENT', comments: [{ path: 'nope.txt', body: 'x', new_position: 1 }] },
    });
    await c.expect(422, 'POST', `${pulls}/1/reviews`, {
      auth: w.alice.auth,
      body: { event: 'COMMENT', comments: [{ path: 'src/app.txt', body: 'x', new_position: 999 }] },
    });
  });

  it('pending reviews are the author’s until submitted; a reviewer deletes their own', async () => {
    const pending = await c.expect(200, 'POST', `${pulls}/1/reviews`, {
      auth: w.alice.auth,
      body: { comments: [{ path: 'src/app.txt', body: 'draft', new_position: 1 }] },
    });
    expect(pending.body.state).toBe('PENDING');
    await c.expect(404, 'GET', `${pulls}/1/reviews/${pending.body.id}`, { auth: w.carol.auth });
    const submitted = await c.expect(200, 'POST', `${pulls}/1/reviews/${pending.body.id}`, {
      auth: w.alice.auth,
      body: { event: 'COMMENT', body: 'done' },
    });
    expect(submitted.body).toMatchObject({ state: 'COMMENT', comments_count: 1 });
    await c.expect(422, 'POST', `${pulls}/1/reviews/${pending.body.id}`, {
      auth: w.alice.auth,
      body: { event: 'COMMENT', body: 'again' },
    });
    await c.undeclared(403, 'DELETE', `${pulls}/1/reviews/${pending.body.id}`, {
      auth: w.carol.auth,
    });
    await c.expect(204, 'DELETE', `${pulls}/1/reviews/${pending.body.id}`, { auth: w.alice.auth });
    await c.expect(404, 'GET', `${pulls}/1/reviews/${pending.body.id}`, { auth: w.alice.auth });
  });

  it('requested reviewers: the poster or WRITE asks readers; answered by their review', async () => {
    await c.expect(422, 'POST', `${pulls}/1/requested_reviewers`, {
      auth: w.carol.auth,
      body: { reviewers: ['alice'] },
    });
    await c.expect(422, 'POST', `${pulls}/1/requested_reviewers`, {
      auth: w.bob.auth,
      body: { reviewers: ['dave'] },
    });
    await c.expect(422, 'POST', `${pulls}/1/requested_reviewers`, {
      auth: w.bob.auth,
      body: { reviewers: ['bob'] },
    });
    const asked = await c.expect(201, 'POST', `${pulls}/1/requested_reviewers`, {
      auth: w.bob.auth,
      body: { reviewers: ['carol', 'alice'] },
    });
    expect(asked.body.map((r: any) => [r.user.login, r.state])).toEqual([
      ['carol', 'REQUEST_REVIEW'],
      ['alice', 'REQUEST_REVIEW'],
    ]);
    let pr = await c.expect(200, 'GET', `${pulls}/1`, { auth: w.carol.auth });
    expect(pr.body.requested_reviewers.map((u: any) => u.login)).toEqual(['carol', 'alice']);
    await c.expect(204, 'DELETE', `${pulls}/1/requested_reviewers`, {
      auth: w.bob.auth,
      body: { reviewers: ['alice'] },
    });
    await c.expect(200, 'POST', `${pulls}/1/reviews`, {
      auth: w.carol.auth,
      body: { event: 'COMMENT', body: 'looked' },
    });
    pr = await c.expect(200, 'GET', `${pulls}/1`, { auth: w.carol.auth });
    expect(pr.body.requested_reviewers).toEqual([]);
  });
});
