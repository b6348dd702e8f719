import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { validateResponse } from '@gitforge/gitea-contract';
import { api, eventually } from './helpers';
import {
  cloneAs,
  commitFiles,
  pushBranch,
  pushOk,
  startPullWorld,
  type PullWorld,
} from './pullFixture';

jest.setTimeout(120_000);

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  payload: any;
}

describe('pull_request webhooks', () => {
  let w: PullWorld;
  let server: Server;
  let receiver: string;
  const deliveries: Delivery[] = [];
  const at = (path: string) => deliveries.filter((d) => d.path === path);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const payload = JSON.parse(Buffer.concat(chunks).toString());
        deliveries.push({ path: req.url ?? '', headers: req.headers, payload });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    w = await startPullWorld();
    for (const [path, events] of [
      ['/all', ['pull_request']],
      ['/reviews', ['pull_request_review']],
      ['/push', ['push']],
    ] as const) {
      const hook = await api(w.gh.url, 'POST', '/repos/alice/project/hooks', {
        auth: w.alice.auth,
        body: {
          type: 'gitea',
          config: { url: `${receiver}${path}`, content_type: 'json' },
          events,
          active: true,
        },
      });
      expect(hook.status).toBe(201);
    }
  });
  afterAll(async () => {
    await w.gh.dispose();
    await new Promise((resolve) => server.close(resolve));
    await rm(w.work, { recursive: true, force: true });
  });

  it('opened, synchronized, reviewed, closed with merged: Gitea payloads and event headers', async () => {
    const dir = await cloneAs(w, w.bob, 'alice/project', 'bob-hooks');
    await pushBranch(dir, 'hooked', { 'hooked.txt': 'one\n' });
    const pr = await api(w.gh.url, 'POST', '/repos/alice/project/pulls', {
      auth: w.bob.auth,
      body: { head: 'hooked', base: 'main', title: 'Hooked' },
    });
    expect(pr.status).toBe(201);
    const next = await commitFiles(dir, { 'hooked.txt': 'two\n' }, 'Two');
    await pushOk(dir, ['push', '-q', 'origin', 'HEAD:hooked']);
    await api(w.gh.url, 'POST', '/repos/alice/project/pulls/1/reviews', {
      auth: w.alice.auth,
      body: { event: 'APPROVED', body: 'Ship it' },
    });
    const merged = await api(w.gh.url, 'POST', '/repos/alice/project/pulls/1/merge', {
      auth: w.alice.auth,
      body: { Do: 'merge' },
    });
    expect(merged.status).toBe(200);

    const all = await eventually(
      () => (at('/all').length >= 4 ? at('/all') : undefined),
      'four pull request deliveries',
    );
    // Deliveries run in the background: compare them as a set, find each by its action.
    const seen = all.map((d) => [
      d.headers['x-gitea-event'],
      d.headers['x-gitea-event-type'],
      d.payload.action,
    ]);
    expect(seen.sort()).toEqual(
      [
        ['pull_request', 'pull_request', 'opened'],
        ['pull_request', 'pull_request_sync', 'synchronized'],
        ['pull_request_approved', 'pull_request_review_approved', 'reviewed'],
        ['pull_request', 'pull_request', 'closed'],
      ].sort(),
    );
    const byAction = (action: string) => all.find((d) => d.payload.action === action)!.payload;
    const [opened, sync, review, closed] = ['opened', 'synchronized', 'reviewed', 'closed'].map(
      byAction,
    );
    expect(opened).toMatchObject({
      number: 1,
      pull_request: { number: 1, state: 'open', merged: false, title: 'Hooked' },
      repository: { full_name: 'alice/project' },
      sender: { login: 'bob' },
    });
    expect(
      validateResponse('GET', '/repos/alice/project/pulls/1', 200, opened.pull_request).errors,
    ).toEqual([]);
    expect(sync).toMatchObject({
      commit_id: next,
      pull_request: { head: { sha: next } },
      sender: { login: 'bob' },
    });
    expect(review).toMatchObject({
      review: { type: 'pull_request_review_approved', content: 'Ship it' },
      sender: { login: 'alice' },
    });
    expect(closed.pull_request).toMatchObject({ state: 'closed', merged: true });
    expect(closed.pull_request.merge_commit_sha).toMatch(/^[0-9a-f]{40}$/);

    // `pull_request_review` hooks get reviews only; push hooks get the merge as a push to main.
    const reviews = await eventually(
      () => (at('/reviews').length >= 1 ? at('/reviews') : undefined),
      'the review delivery',
    );
    expect(reviews.map((d) => d.payload.action)).toEqual(['reviewed']);
    const pushes = await eventually(
      () =>
        at('/push').some((d) => d.payload.ref === 'refs/heads/main') ? at('/push') : undefined,
      'the merge as a push',
    );
    const mergePush = pushes.find((d) => d.payload.ref === 'refs/heads/main');
    expect(mergePush?.payload.after).toBe(closed.pull_request.merge_commit_sha);
    expect(mergePush?.payload.pusher.login).toBe('alice');
  });
});
