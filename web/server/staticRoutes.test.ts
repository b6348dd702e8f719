// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes, type WebRoute } from './staticRoutes.cjs';

let dist: string;
let server: Server;
let health: Server;
let base: string;

function listen(s: Server): Promise<string> {
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(
    join(dist, 'assets', 'index-abc123.js'),
    `console.log(${JSON.stringify('x'.repeat(5000))});`,
  );
  health = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        status: 'ok',
        checks: [{ name: 'db', ok: true }],
        dependencies: [{ name: 'gitea', ok: true, detail: 'circuit closed; ok' }],
      }),
    );
  });
  const healthUrl = await listen(health);
  const routes: WebRoute[] = webRoutes({
    distDir: dist,
    statusServices: [
      { name: 'repository', url: healthUrl },
      { name: 'gone', url: 'http://127.0.0.1:1' },
    ],
  });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes.find((r) => r.match(url.pathname));
    if (!route) {
      res.statusCode = 404;
      res.end('gateway 404');
      return;
    }
    void route.handle(req, res, url);
  });
  base = await listen(server);
});

afterAll(() => {
  server.close();
  health.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('webRoutes', () => {
  it('serves index.html for every page path, never cached', async () => {
    for (const path of ['/', '/playground', '/demo/hello/issues/1', '/demo/hello/blob/src/a.ts']) {
      const response = await fetch(base + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toContain('id="root"');
    }
  });

  it('serves hashed assets for a year, gzipped, and revalidates with ETags', async () => {
    const response = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('console.log');
    const etag = response.headers.get('etag') ?? '';
    const again = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('404s a missing asset instead of sending the app shell', async () => {
    expect((await fetch(`${base}/assets/gone-1.js`)).status).toBe(404);
  });

  it('leaves the gateway its own paths', async () => {
    for (const path of [
      '/graphql',
      '/api/issues',
      '/health/ready',
      '/metrics',
      '/git/a/b.git/info/refs',
    ]) {
      const response = await fetch(base + path);
      expect(await response.text()).toBe('gateway 404');
    }
  });

  it('does not escape the dist directory', async () => {
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd']) {
      const response = await fetch(base + path);
      const text = await response.text();
      expect(text).not.toContain('root:');
    }
  });

  it('reports every service and the circuit breaker at /api/status', async () => {
    const response = await fetch(`${base}/api/status`);
    const body = (await response.json()) as {
      services: { name: string; status: string; dependencies: unknown[] }[];
    };
    expect(body.services.map((s) => [s.name, s.status])).toEqual([
      ['repository', 'ok'],
      ['gone', 'unreachable'],
    ]);
    expect(body.services[0]?.dependencies).toEqual([
      { name: 'gitea', ok: true, detail: 'circuit closed; ok' },
    ]);
    // No Prometheus configured: no alerts in the report (not "none firing").
    expect('alerts' in body).toBe(false);
  });

  it('says the alerts are unknown when the configured Prometheus cannot be read', async () => {
    const [route] = webRoutes({
      distDir: dist,
      statusServices: [],
      prometheusUrl: 'http://127.0.0.1:1',
      statusTimeoutMs: 500,
    });
    const alone = createServer((req, res) => void route!.handle(req, res, new URL('http://x/')));
    const url = await listen(alone);
    try {
      const body = (await (await fetch(`${url}/api/status`)).json()) as {
        alerts: { ok: boolean; firing: unknown[]; detail: string };
      };
      expect(body.alerts.ok).toBe(false);
      expect(body.alerts.firing).toEqual([]);
      expect(body.alerts.detail).toMatch(/^Prometheus unreachable \(/);
    } finally {
      alone.close();
    }
  });
});
