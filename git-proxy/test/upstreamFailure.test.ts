import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GiteaApi } from '../src/upstream/GiteaApi';
import { UpstreamError, toUpstreamError } from '../src/upstream/upstreamFailure';
import { UpstreamPools } from '../src/upstream/upstreamPools';

/** A real HTTP server whose answer to the gate's API calls each test chooses (or withholds). */
class ScriptedHost {
  answer: (res: ServerResponse) => void = (res) => res.writeHead(200).end('{}');
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((_req, res) => this.answer(res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

function apiFor(url: string, apiTimeoutMs = 200): { api: GiteaApi; pools: UpstreamPools } {
  const pools = new UpstreamPools({
    url,
    connectTimeoutMs: apiTimeoutMs,
    headersTimeoutMs: Math.max(1000, apiTimeoutMs),
    idleTimeoutMs: Math.max(1000, apiTimeoutMs),
    apiTimeoutMs,
  });
  return { api: new GiteaApi(pools, () => undefined), pools };
}

async function rejectionOf(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('did not fail');
}

describe('git host failures through the shared classification', () => {
  let host: ScriptedHost;
  beforeAll(async () => {
    host = await new ScriptedHost().start();
  });
  afterAll(() => host.close());

  it('a hung git host (accepts, never answers) is 504', async () => {
    host.answer = () => undefined;
    const { api, pools } = apiFor(host.url);
    const err = await rejectionOf(api.repository('demo', 'x', undefined));
    expect(err.status).toBe(504);
    expect(err.message).toMatch(/did not answer in time/);
    await pools.close();
  });

  it('a refused connection is 502 naming the cause', async () => {
    const closed = await new ScriptedHost().start();
    const url = closed.url;
    await closed.close();
    const { api, pools } = apiFor(url);
    const err = await rejectionOf(api.currentUser('Basic eDp5'));
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/ECONNREFUSED/);
    await pools.close();
  });

  it.each([
    [500, 502],
    [503, 502],
    [504, 504],
    [429, 429],
    [404, 502],
  ])('GET /user answered %i → %i for the git client', async (status, expected) => {
    host.answer = (res) => res.writeHead(status).end();
    // A deadline far from the answer's: the status decides here, not a busy machine's scheduler.
    const { api, pools } = apiFor(host.url, 10_000);
    const err = await rejectionOf(api.currentUser('Basic eDp5'));
    expect(err.status).toBe(expected);
    await pools.close();
  });

  it('toUpstreamError keeps an UpstreamError and classifies a wrapped timeout as 504', () => {
    const kept = new UpstreamError(502, 'x');
    expect(toUpstreamError(kept, 'what')).toBe(kept);
    const wrapped = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Body Timeout Error'), { code: 'UND_ERR_BODY_TIMEOUT' }),
    });
    expect(toUpstreamError(wrapped, 'streaming').status).toBe(504);
  });
});
