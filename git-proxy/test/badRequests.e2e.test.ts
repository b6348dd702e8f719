import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@gitforge/logging';
import { createGitProxy, type RunningGitProxy } from '../src/createGitProxy';
import { startCgiGitHost, type CgiGitHost } from './support/cgiGitHost';
import { git } from './support/runGit';
import { seedRepository } from './support/seedRepository';

const JWT_SECRET = 'test-secret-for-the-git-proxy-0123456789';
const UPLOAD_PACK = 'application/x-git-upload-pack-request';

let tmp: string;
let host: CgiGitHost;
let proxy: RunningGitProxy;
let bigHead: string;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request sent byte for byte as given (no path normalisation, unlike fetch). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
  base = proxy.url,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.path = path;
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `fn` and returns what the git host saw meanwhile. */
async function upstreamRequestsDuring(fn: () => Promise<void>): Promise<string[]> {
  const before = host.requests.length;
  await fn();
  return host.requests.slice(before);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gitforge-git-proxy-bad-'));
  host = await startCgiGitHost(join(tmp, 'repos'));
  host.addUser('alice', 'alice-password', 'alice-token');
  host.addUser('bob', 'bob-password', 'bob-token');
  const home = join(tmp, 'home');
  await seedRepository(
    host.addRepo('alice', 'public', { private: false }),
    { 'README.md': '# public\n' },
    home,
  );
  await seedRepository(
    host.addRepo('alice', 'secret', { private: true }),
    { 'README.md': '# secret\n' },
    home,
  );
  // Incompressible, and larger than every socket buffer on the way.
  const blobs = Object.fromEntries(
    [1, 2, 3].map((i) => [`blob-${i}.bin`, randomBytes(8 * 1024 * 1024)]),
  );
  await seedRepository(host.addRepo('alice', 'big', { private: false }), blobs, home);
  bigHead = (
    await git(['--git-dir', join(host.root, 'alice/big.git'), 'rev-parse', 'main'], { home })
  ).trim();
  proxy = await createGitProxy({
    upstreamUrl: host.url,
    jwtSecret: JWT_SECRET,
    logger: createLogger('git-proxy', 'silent'),
  });
});

afterAll(async () => {
  await proxy?.close();
  await host?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('requests refused before the git host', () => {
  const cases: [string, () => Promise<RawResponse>, number, RegExp][] = [
    [
      'a wrong content type',
      () =>
        raw(
          'POST',
          '/git/alice/public.git/git-upload-pack',
          { 'content-type': 'text/plain' },
          Buffer.from('0000'),
        ),
      415,
      /Content-Type must be application\/x-git-upload-pack-request/,
    ],
    [
      'an unknown service',
      () => raw('GET', '/git/alice/public.git/info/refs?service=git-upload-archive'),
      400,
      /Unsupported service "git-upload-archive"/,
    ],
    [
      'a dumb-protocol info/refs (no service)',
      () => raw('GET', '/git/alice/public.git/info/refs'),
      400,
      /only smart HTTP/,
    ],
    [
      'a path traversal',
      () => raw('GET', '/git/alice/../alice/public.git/info/refs?service=git-upload-pack'),
      400,
      /path traversal/,
    ],
    [
      'an encoded path traversal',
      () => raw('GET', '/git/alice/%2e%2e/public.git/info/refs?service=git-upload-pack'),
      400,
      /path traversal/,
    ],
    [
      'an invalid repository name',
      () => raw('GET', '/git/alice/pub%20lic.git/info/refs?service=git-upload-pack'),
      400,
      /Invalid owner or repository name/,
    ],
    [
      'a malformed Git-Protocol header',
      () =>
        raw('GET', '/git/alice/public.git/info/refs?service=git-upload-pack', {
          'git-protocol': 'version=2;rm -rf',
        }),
      400,
      /Malformed Git-Protocol/,
    ],
    [
      'HEAD on info/refs',
      () => raw('HEAD', '/git/alice/public.git/info/refs?service=git-upload-pack'),
      405,
      /^$/,
    ],
    [
      'GET on git-upload-pack',
      () => raw('GET', '/git/alice/public.git/git-upload-pack'),
      405,
      /Method GET not allowed/,
    ],
    [
      'a dumb-protocol object path',
      () => raw('GET', '/git/alice/public.git/HEAD'),
      404,
      /only smart HTTP is served/,
    ],
    [
      'an unsupported content encoding',
      () =>
        raw(
          'POST',
          '/git/alice/public.git/git-upload-pack',
          { 'content-type': UPLOAD_PACK, 'content-encoding': 'br' },
          Buffer.from('0000'),
        ),
      415,
      /Unsupported Content-Encoding "br"/,
    ],
    [
      'an empty upload-pack body',
      () =>
        raw(
          'POST',
          '/git/alice/public.git/git-upload-pack',
          { 'content-type': UPLOAD_PACK },
          Buffer.alloc(0),
        ),
      400,
      /Empty git-upload-pack request body/,
    ],
    [
      'a "gzip" body that is not gzip',
      () =>
        raw(
          'POST',
          '/git/alice/public.git/git-upload-pack',
          { 'content-type': UPLOAD_PACK, 'content-encoding': 'gzip' },
          Buffer.from('0000'),
        ),
      400,
      /not gzip data/,
    ],
    [
      'a body that is not pkt-lines',
      () =>
        raw(
          'POST',
          '/git/alice/public.git/git-upload-pack',
          { 'content-type': UPLOAD_PACK },
          Buffer.from('hello, this is not git'),
        ),
      400,
      /not a git pkt-line stream/,
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, message) => {
    let res: RawResponse | undefined;
    const seen = await upstreamRequestsDuring(async () => {
      res = await send();
    });
    expect(res!.status).toBe(status);
    expect(res!.body).toMatch(message);
    // Only the gate's permission lookup may have happened, never a git request.
    expect(seen.filter((r) => !r.startsWith('GET /api/v1/'))).toEqual([]);
  });

  it('refuses a huge garbage body to upload-pack without reading it all or crashing', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const total = 512; // MiB offered; the proxy must answer long before.
    const seen = await upstreamRequestsDuring(async () => {
      const result = await new Promise<{ status: number; body: string; sent: number }>(
        (resolve, reject) => {
          let sent = 0;
          const req = httpRequest(`${proxy.url}/git/alice/public.git/git-upload-pack`, {
            method: 'POST',
            headers: { 'content-type': UPLOAD_PACK, 'transfer-encoding': 'chunked' },
          });
          req.on('response', (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body, sent });
            });
          });
          req.on('error', (err) => (sent >= total ? undefined : reject(err)));
          const pump = () => {
            while (sent < total) {
              sent += 1;
              if (!req.write(chunk)) return void req.once('drain', pump);
            }
            req.end();
          };
          pump();
        },
      );
      expect(result.status).toBe(400);
      expect(result.body).toMatch(/not a git pkt-line stream/);
      expect(result.sent).toBeLessThan(total);
    });
    expect(seen.filter((r) => !r.startsWith('GET /api/v1/'))).toEqual([]);
    expect((await raw('GET', '/health/live')).status).toBe(200);
  });
});

describe('permission refusals never reach the git host', () => {
  const cases: [string, string, Record<string, string>, number][] = [
    [
      'bob pushing to alice/public',
      'alice/public',
      { authorization: basic('bob', 'bob-password') },
      403,
    ],
    [
      'bob reading alice/secret',
      'alice/secret',
      { authorization: basic('bob', 'bob-password') },
      404,
    ],
    ['an anonymous push', 'alice/public', {}, 401],
    ['a wrong password', 'alice/public', { authorization: basic('alice', 'wrong') }, 401],
  ];

  it.each(cases)('%s', async (name, repo, headers, status) => {
    const service = name.includes('push') ? 'git-receive-pack' : 'git-upload-pack';
    let res: RawResponse | undefined;
    const seen = await upstreamRequestsDuring(async () => {
      res = await raw('GET', `/git/${repo}.git/info/refs?service=${service}`, headers);
    });
    expect(res!.status).toBe(status);
    if (status === 401) expect(res!.headers['www-authenticate']).toBe('Basic realm="GitForge"');
    expect(seen.filter((r) => !r.startsWith('GET /api/v1/'))).toEqual([]);
  });
});

describe('streaming', () => {
  it('applies backpressure to the git host and aborts it when the client goes away', async () => {
    const metric = async () => {
      const text = (await raw('GET', '/metrics')).body;
      const match =
        /git_proxy_bytes_total\{direction="to_client",service="git-upload-pack"[^}]*\} (\d+)/.exec(
          text,
        );
      return Number(match?.[1] ?? 0);
    };
    const before = await metric();
    const abortedBefore = host.abortedResponses();
    const body = `${pkt('command=fetch\n')}0001${pkt('no-progress\n')}${pkt(`want ${bigHead}\n`)}${pkt('done\n')}0000`;
    const req = httpRequest(`${proxy.url}/git/alice/big.git/git-upload-pack`, {
      method: 'POST',
      headers: { 'content-type': UPLOAD_PACK, 'git-protocol': 'version=2' },
    });
    req.on('error', () => undefined);
    const res = await new Promise<IncomingMessage>((resolve) => {
      req.on('response', resolve);
      req.end(body);
    });
    expect(res.statusCode).toBe(200);
    // Read one chunk, then stop reading: the proxy must stop pulling from the host.
    await new Promise<void>((resolve) => res.once('data', () => resolve()));
    res.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const streamed = (await metric()) - before;
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThan(20 * 1024 * 1024);
    req.destroy();
    const deadline = Date.now() + 5000;
    while (host.abortedResponses() === abortedBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(host.abortedResponses()).toBe(abortedBefore + 1);
  });
});

describe('forwarding details', () => {
  it('passes a gzip request body and Git-Protocol through untouched (v2 ls-refs)', async () => {
    const body = gzipSync(`${pkt('command=ls-refs\n')}0001${pkt('peel\n')}0000`);
    const res = await raw(
      'POST',
      '/git/alice/public.git/git-upload-pack',
      { 'content-type': UPLOAD_PACK, 'content-encoding': 'gzip', 'git-protocol': 'version=2' },
      body,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-git-upload-pack-result');
    expect(res.body).toMatch(/[0-9a-f]{40} refs\/heads\/main/);
  });

  it('sends no-cache headers and the service advertisement', async () => {
    const res = await raw('GET', '/git/alice/public.git/info/refs?service=git-upload-pack');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-git-upload-pack-advertisement');
    expect(res.headers.expires).toBe('Fri, 01 Jan 1980 00:00:00 GMT');
    expect(res.headers.pragma).toBe('no-cache');
    expect(res.headers['cache-control']).toBe('no-cache, max-age=0, must-revalidate');
  });

  it('counts streamed bytes and requests in /metrics', async () => {
    const metrics = (await raw('GET', '/metrics')).body;
    expect(metrics).toMatch(
      /git_proxy_bytes_total\{direction="to_client",service="git-upload-pack"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/git_proxy_operations_total\{service="git-upload-pack",outcome="ok"/);
    expect(metrics).toMatch(/git_proxy_operations_total\{service="none",outcome="not_found"/);
  });
});

describe('an unavailable git host', () => {
  let blackhole: Server;
  const held: Socket[] = [];
  let stalled: RunningGitProxy;
  let down: RunningGitProxy;

  beforeAll(async () => {
    // Accepts connections and never answers.
    blackhole = createServer((socket) => {
      held.push(socket);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const { port } = blackhole.address() as { port: number };
    const logger = createLogger('git-proxy', 'silent');
    stalled = await createGitProxy({
      upstreamUrl: `http://127.0.0.1:${port}`,
      jwtSecret: JWT_SECRET,
      logger,
      apiTimeoutMs: 300,
      headersTimeoutMs: 300,
    });
    // A port nothing listens on.
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    down = await createGitProxy({
      upstreamUrl: `http://127.0.0.1:${freePort}`,
      jwtSecret: JWT_SECRET,
      logger,
    });
  });

  afterAll(async () => {
    await stalled?.close();
    await down?.close();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  it('answers 502 with a clear message when the host is down, and is not ready', async () => {
    const res = await raw(
      'GET',
      '/git/alice/public.git/info/refs?service=git-upload-pack',
      {},
      undefined,
      down.url,
    );
    expect(res.status).toBe(502);
    expect(res.body).toMatch(/git host is unreachable.*ECONNREFUSED/);
    expect((await raw('GET', '/health/ready', {}, undefined, down.url)).status).toBe(503);
    expect((await raw('GET', '/health/live', {}, undefined, down.url)).status).toBe(200);
  });

  it('answers 504 when the host does not answer in time', async () => {
    const res = await raw(
      'GET',
      '/git/alice/public.git/info/refs?service=git-upload-pack',
      {},
      undefined,
      stalled.url,
    );
    expect(res.status).toBe(504);
    expect(res.body).toMatch(/did not answer .*in time/);
  });

  it('is ready when the host answers', async () => {
    expect((await raw('GET', '/health/ready')).status).toBe(200);
  });
});
