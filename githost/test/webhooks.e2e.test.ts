import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateResponse } from '@gitforge/gitea-contract';
import {
  DEMO_PASSWORD,
  api,
  eventually,
  git,
  gitUrl,
  startGithost,
  tempDir,
  type TestGithost,
} from './helpers';

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver that records deliveries; `/flaky` fails the first attempt of each. */
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const failedOnce = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const delivery = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      deliveries.push(delivery);
      const id = String(req.headers['x-gitea-delivery']);
      if (req.url === '/flaky' && !failedOnce.has(id)) {
        failedOnce.add(id);
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, deliveries, server };
}

// Real git processes on a shared machine: generous, since nothing here measures time.
jest.setTimeout(90_000);

describe('push webhooks', () => {
  let gh: TestGithost;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let work: string;
  const demo = { basic: ['demo', DEMO_PASSWORD] as [string, string] };

  beforeAll(async () => {
    gh = await startGithost();
    receiver = await startReceiver();
    work = await tempDir('githost-hooks-');
    expect((await git(['clone', gitUrl(gh.url, 'demo/hello'), 'hello'], work)).code).toBe(0);
  });
  afterAll(async () => {
    await gh.dispose();
    await new Promise((resolve) => receiver.server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  const addHook = (path: string, extra: Record<string, unknown> = {}) =>
    api(gh.url, 'POST', '/repos/demo/hello/hooks', {
      auth: demo,
      body: {
        type: 'gitea',
        config: { url: `${receiver.url}${path}`, content_type: 'json', secret: `secret-${path}` },
        events: ['push'],
        active: true,
        ...extra,
      },
    });

  async function push(file: string, branch = 'main'): Promise<string> {
    const dir = join(work, 'hello');
    await writeFile(join(dir, file), `${file}\n`);
    await git(['add', file], dir);
    expect((await git(['commit', '-q', '-m', `Add ${file}`], dir)).code).toBe(0);
    const res = await git(
      ['push', gitUrl(gh.url, 'demo/hello', 'demo', DEMO_PASSWORD), `HEAD:${branch}`],
      dir,
    );
    expect(res.code).toBe(0);
    return (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
  }

  const at = (path: string) => receiver.deliveries.filter((d) => d.path === path);

  it('delivers a Gitea-shaped, HMAC-signed push payload', async () => {
    expect((await addHook('/main')).status).toBe(201);
    expect((await addHook('/inactive', { active: false })).status).toBe(201);
    expect((await addHook('/release-only', { branch_filter: 'release/*' })).status).toBe(201);
    const form = await addHook('/form', {
      config: { url: `${receiver.url}/form`, content_type: 'form', secret: 'form-secret' },
    });
    expect(form.status).toBe(201);
    const before = (await api(gh.url, 'GET', '/repos/demo/hello/branches/main')).body.commit.id;
    const after = await push('one.txt');

    const [delivery] = await eventually(
      () => (at('/main').length > 0 ? at('/main') : undefined),
      'the push webhook',
    );
    const { headers, body } = delivery!;
    expect(headers['x-gitea-event']).toBe('push');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-gitea-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    const expected = createHmac('sha256', 'secret-/main').update(body).digest('hex');
    expect(headers['x-gitea-signature']).toBe(expected);

    const payload = JSON.parse(body);
    expect(payload).toMatchObject({
      ref: 'refs/heads/main',
      before,
      after,
      compare_url: `${gh.url}/demo/hello/compare/${before}...${after}`,
      total_commits: 1,
      head_commit: { id: after, message: 'Add one.txt\n', added: ['one.txt'] },
      repository: { full_name: 'demo/hello', empty: false },
      pusher: { login: 'demo' },
      sender: { login: 'demo' },
    });
    expect(payload.commits.map((c: any) => c.id)).toEqual([after]);
    expect(validateResponse('GET', '/repos/demo/hello', 200, payload.repository).errors).toEqual(
      [],
    );
    expect(validateResponse('GET', '/users/demo', 200, payload.pusher).errors).toEqual([]);
    const [formDelivery] = await eventually(
      () => (at('/form').length > 0 ? at('/form') : undefined),
      'the form delivery',
    );
    expect(formDelivery!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const formPayload = new URLSearchParams(formDelivery!.body).get('payload') ?? '';
    expect(JSON.parse(formPayload).after).toBe(after);
    // Gitea signs the JSON payload, not the form encoding around it.
    expect(formDelivery!.headers['x-gitea-signature']).toBe(
      createHmac('sha256', 'form-secret').update(formPayload).digest('hex'),
    );
    const asBranch = { name: 'main', commit: payload.head_commit };
    expect(
      validateResponse('GET', '/repos/demo/hello/branches/main', 200, asBranch).errors,
    ).toEqual([]);
  });

  it('retries a failed delivery and honours branch filters and inactive hooks', async () => {
    expect((await addHook('/flaky')).status).toBe(201);
    const sha = await push('two.txt');
    const flaky = await eventually(
      () => (at('/flaky').length >= 2 ? at('/flaky') : undefined),
      'the retried delivery',
    );
    expect(flaky[0]!.headers['x-gitea-delivery']).toBe(flaky[1]!.headers['x-gitea-delivery']);
    expect(JSON.parse(flaky[1]!.body).after).toBe(sha);
    await eventually(() => (at('/main').length >= 2 ? true : undefined), 'the second delivery');
    expect(at('/inactive')).toEqual([]);
    expect(at('/release-only')).toEqual([]);

    const releaseSha = await push('three.txt', 'release/1.0');
    const release = await eventually(
      () => (at('/release-only').length > 0 ? at('/release-only') : undefined),
      'the release delivery',
    );
    const payload = JSON.parse(release[0]!.body);
    expect(payload).toMatchObject({
      ref: 'refs/heads/release/1.0',
      after: releaseSha,
      compare_url: '',
    });
    expect(payload.before).toBe('0'.repeat(40));
    // A new branch carries only the commits no other branch had.
    expect(payload.commits.map((c: any) => c.id)).toEqual([releaseSha]);
  });

  it('reports every commit of the first push to an empty repository', async () => {
    const created = await api(gh.url, 'POST', '/user/repos', {
      auth: demo,
      body: { name: 'blank' },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await api(gh.url, 'POST', '/repos/demo/blank/hooks', {
          auth: demo,
          body: {
            type: 'gitea',
            config: { url: `${receiver.url}/blank`, content_type: 'json', secret: 'b' },
            active: true,
          },
        })
      ).status,
    ).toBe(201);
    const dir = join(work, 'hello');
    const res = await git(
      ['push', gitUrl(gh.url, 'demo/blank', 'demo', DEMO_PASSWORD), 'HEAD:main'],
      dir,
    );
    expect(res.code).toBe(0);
    const [delivery] = await eventually(
      () => (at('/blank').length > 0 ? at('/blank') : undefined),
      'the first-push delivery',
    );
    const payload = JSON.parse(delivery!.body);
    const total = Number((await git(['rev-list', '--count', 'HEAD'], dir)).stdout.trim());
    expect(payload.total_commits).toBe(total);
    expect(payload.commits).toHaveLength(Math.min(total, 15));
    expect(payload.head_commit.id).toBe((await git(['rev-parse', 'HEAD'], dir)).stdout.trim());
    expect(payload.repository).toMatchObject({ empty: false, default_branch: 'main' });
  });
});
