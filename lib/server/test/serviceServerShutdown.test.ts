import { request, Agent } from 'node:http';
import { HealthChecks } from '@gitforge/health';
import { createLogger } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import { sendJson, startServiceServer } from '@gitforge/server';

/**
 * close() ends a service promptly even when a keep-alive request was in flight when it was
 * called: that connection is closed once its response is done, not after the 65 s keep-alive
 * (the issues subgraph's SIGTERM took over its 10 s shutdown limit because of it).
 */
describe('startServiceServer close()', () => {
  it('closes a keep-alive connection whose request was in flight at close()', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const server = await startServiceServer({
      service: 'shutdown-test',
      port: 0,
      logger: createLogger('shutdown-test', 'silent'),
      metrics: createMetrics('shutdown-test'),
      health: new HealthChecks(),
      routes: [
        {
          name: '/slow',
          methods: ['GET'],
          match: (path) => path === '/slow',
          handle: async (_req, res) => {
            entered();
            await released;
            sendJson(res, 200, { ok: true });
          },
        },
      ],
    });
    const agent = new Agent({ keepAlive: true });
    const answer = new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
      const req = request(`${server.url}/slow`, { agent }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode, connection: res.headers.connection }),
        );
      });
      req.on('error', reject);
      req.end();
    });
    await inHandler;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    release();
    // The answer still arrives, and tells the client not to reuse the connection ...
    expect(await answer).toEqual({ status: 200, connection: 'close' });
    // ... and close() settles without waiting for the keep-alive timeout (jest's 5 s limit).
    await closing;
    expect(closed).toBe(true);
    agent.destroy();
  });
});
