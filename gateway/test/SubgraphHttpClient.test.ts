import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphHttpClient } from '../src/subgraphs/SubgraphHttpClient';

describe('SubgraphHttpClient', () => {
  let server: Server;
  let origin: string;
  let connections = 0;
  const client = new SubgraphHttpClient({ requestTimeoutMs: 1000, connectTimeoutMs: 1000 });

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers: only the client's deadline ends it
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            echo: body,
            auth: req.headers.authorization ?? null,
            timeout: req.headers['x-gitforge-timeout-ms'] ?? null,
          }),
        );
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reuses keep-alive connections for sequential calls and reports timings', async () => {
    const timings: number[] = [];
    const fetch = client.fetcher((s) => timings.push(s));
    for (let i = 0; i < 20; i += 1) {
      const res = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
        body: `{"n":${i}}`,
      });
      expect(res.ok).toBe(true);
      // The subgraph learns how long the gateway waits, to end its own upstream calls first.
      expect(await res.json()).toEqual({ echo: `{"n":${i}}`, auth: 'Bearer t', timeout: '1000' });
    }
    // undici may open a second socket while the first is finishing; never one per call.
    expect(connections).toBeLessThanOrEqual(2);
    expect(timings).toHaveLength(20);
    expect(timings.every((t) => t > 0)).toBe(true);
  });

  it('gives up after the request deadline with a TimeoutError', async () => {
    await expect(client.fetch(`${origin}/slow`)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('fails fast when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(client.fetch(`http://127.0.0.1:${port}/graphql`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
