import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@gitforge/logging';
import { repositoryWebhookTarget, webhookRoute } from '../src/rest/webhookRoute';

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let target: Server;
let gateway: Server;
let gatewayUrl: string;
let targetStatus = 204;
const received: Received[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function startGateway(targetUrl: string | undefined, timeoutMs = 2000): Promise<void> {
  const route = webhookRoute({
    target: targetUrl,
    maxBodyBytes: 1024,
    timeoutMs,
    logger: createLogger('webhook-test', 'silent'),
  });
  gateway = createServer(
    (req, res) => void route.handle(req, res, new URL(req.url ?? '/', 'http://x')),
  );
  gatewayUrl = await listen(gateway);
}

beforeAll(async () => {
  target = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res
        .writeHead(targetStatus, { 'content-type': 'application/json' })
        .end(targetStatus === 401 ? '{"error":"bad signature"}' : '');
    });
  });
  const targetUrl = await listen(target);
  await startGateway(`${targetUrl}/webhooks/gitea`);
});

afterAll(async () => {
  await new Promise((r) => gateway.close(r));
  await new Promise((r) => target.close(r));
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${gatewayUrl}/api/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

it('forwards the raw body and the Gitea headers byte for byte, and nothing else', async () => {
  const body = '{"ref":"refs/heads/main",  "after":"abc"}\n';
  const res = await post(body, {
    'x-gitea-event': 'push',
    'x-gitea-delivery': 'd-1',
    'x-gitea-signature': 'f'.repeat(64),
    authorization: 'Bearer not-for-the-subgraph',
    cookie: 'session=1',
  });
  expect(res.status).toBe(204);
  const last = received.at(-1)!;
  expect(last.body.toString('utf8')).toBe(body);
  expect(last.headers).toMatchObject({
    'x-gitea-event': 'push',
    'x-gitea-delivery': 'd-1',
    'x-gitea-signature': 'f'.repeat(64),
    'content-type': 'application/json',
  });
  expect(last.headers.authorization).toBeUndefined();
  expect(last.headers.cookie).toBeUndefined();
});

it("passes the subgraph's verdict on the signature through (401)", async () => {
  targetStatus = 401;
  try {
    const res = await post('{}', { 'x-gitea-signature': 'bad' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'bad signature' });
  } finally {
    targetStatus = 204;
  }
});

it('refuses bodies over the limit with 413 without calling the subgraph', async () => {
  const before = received.length;
  const res = await post(JSON.stringify({ pad: 'x'.repeat(2048) }));
  expect(res.status).toBe(413);
  expect(received.length).toBe(before);
});

it('answers 502 UPSTREAM_UNAVAILABLE when the repository subgraph is down, and 404 without one', async () => {
  await new Promise((r) => gateway.close(r));
  await startGateway('http://127.0.0.1:1/webhooks/gitea');
  const down = await post('{}');
  expect(down.status).toBe(502);
  expect(((await down.json()) as { error: unknown }).error).toMatchObject({
    code: 'UPSTREAM_UNAVAILABLE',
    upstream: 'repository',
    reason: 'ECONNREFUSED',
  });
  await new Promise((r) => gateway.close(r));
  await startGateway(undefined);
  expect((await post('{}')).status).toBe(404);
});

it('answers 504 (reason timeout) when the repository subgraph accepts but never answers', async () => {
  const hung = createServer(() => undefined);
  const hungUrl = await listen(hung);
  await new Promise((r) => gateway.close(r));
  await startGateway(`${hungUrl}/webhooks/gitea`, 300);
  try {
    const res = await post('{}');
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: 'repository',
      reason: 'timeout',
    });
  } finally {
    hung.closeAllConnections();
    await new Promise((r) => hung.close(r));
  }
});

it('derives the target from the repository subgraph URL', () => {
  expect(
    repositoryWebhookTarget([
      { name: 'issues', url: 'http://127.0.0.1:4001/graphql' },
      { name: 'repository', url: 'http://127.0.0.1:4002/graphql' },
    ]),
  ).toBe('http://127.0.0.1:4002/webhooks/gitea');
  expect(
    repositoryWebhookTarget([{ name: 'issues', url: 'http://127.0.0.1:4001/graphql' }]),
  ).toBeUndefined();
});
