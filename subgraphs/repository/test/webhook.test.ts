import { signGiteaPayload, verifyGiteaSignature } from '../src/webhooks/giteaWebhook';
import { FakeGitea } from './fake/FakeGitea';
import { WEBHOOK_SECRET, startRepository, type TestRepository } from './startRepository';

const README = `{ repository(owner: "alice", name: "tools") {
  blob(path: "README.md") { text }
  commits(first: 1) { nodes { messageHeadline } }
  tree { name }
} }`;

let fake: FakeGitea;
let repo: TestRepository;
let webhookUrl: string;

beforeAll(async () => {
  fake = new FakeGitea();
  await fake.start();
  fake.addUser('alice', 'alice-pw');
  fake.addRepo('alice', 'tools');
  fake.commit('alice/tools', { 'README.md': 'one\n' }, { message: 'One\n' });
  repo = await startRepository(fake.url, { cacheTtlMs: 60_000 });
  webhookUrl = `${repo.server.url}/webhooks/gitea`;
});

afterAll(async () => {
  await repo?.close();
  await fake?.stop();
});

function post(body: string, headers: Record<string, string>) {
  return fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gitea-event': 'push', ...headers },
    body,
  });
}

describe('X-Gitea-Signature', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');

  it('accepts the hex HMAC-SHA256 of the raw body and nothing else', () => {
    const good = signGiteaPayload('s3cret', body);
    expect(verifyGiteaSignature('s3cret', body, good)).toBe(true);
    expect(verifyGiteaSignature('s3cret', body, good.toUpperCase())).toBe(true);
    expect(verifyGiteaSignature('other', body, good)).toBe(false);
    expect(verifyGiteaSignature('s3cret', Buffer.concat([body, Buffer.from(' ')]), good)).toBe(
      false,
    );
    expect(verifyGiteaSignature('s3cret', body, good.slice(2))).toBe(false);
    expect(verifyGiteaSignature('s3cret', body, `sha256=${good}`)).toBe(false);
    expect(verifyGiteaSignature('s3cret', body, undefined)).toBe(false);
  });
});

describe('POST /webhooks/gitea', () => {
  it('refuses a missing or wrong signature with 401 and leaves the cache alone', async () => {
    expect((await repo.gql(README)).data.repository.blob.text).toBe('one\n');
    fake.commit('alice/tools', { 'README.md': 'two\n' }, { message: 'Two\n' });
    const body = JSON.stringify({ repository: { full_name: 'alice/tools' } });
    expect((await post(body, {})).status).toBe(401);
    expect(
      (await post(body, { 'x-gitea-signature': signGiteaPayload('wrong', body) })).status,
    ).toBe(401);
    expect((await post(body, { 'x-gitea-signature': 'zz' })).status).toBe(401);
    // Still the cached answer: the push has not been announced by a valid hook yet.
    expect((await repo.gql(README)).data.repository.blob.text).toBe('one\n');
  });

  it('a signed push makes the next read see the new commit', async () => {
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { full_name: 'alice/tools' },
    });
    const res = await post(body, { 'x-gitea-signature': signGiteaPayload(WEBHOOK_SECRET, body) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, event: 'push', repository: 'alice/tools' });
    const after = (await repo.gql(README)).data.repository;
    expect(after.blob.text).toBe('two\n');
    expect(after.commits.nodes[0].messageHeadline).toBe('Two');
  });

  it('a signed body that is not JSON is 400; other methods 405', async () => {
    const res = await post('not json', {
      'x-gitea-signature': signGiteaPayload(WEBHOOK_SECRET, 'not json'),
    });
    expect(res.status).toBe(400);
    expect((await fetch(webhookUrl)).status).toBe(405);
  });

  it('repositories created here register a hook that Gitea then calls on push', async () => {
    const withHooks = await startRepository(fake.url, {
      webhookUrl,
      cacheTtlMs: 60_000,
    });
    try {
      const token = await withHooks.login('alice', 'alice-pw');
      const created = await withHooks.gql(
        `mutation { createRepository(input: { name: "hooked" }) { fullName } }`,
        undefined,
        { token },
      );
      expect(created.errors).toBeUndefined();
      const hooks = fake.repo('alice/hooked').hooks;
      expect(hooks.map((h) => [h.url, h.secret, h.events])).toEqual([
        [webhookUrl, WEBHOOK_SECRET, ['push', 'repository']],
      ]);
      const commit = fake.commit('alice/hooked', { 'a.txt': 'a' });
      expect(await fake.deliverPush('alice/hooked', '0'.repeat(40), commit)).toEqual([200]);
    } finally {
      await withHooks.close();
    }
  });
});
