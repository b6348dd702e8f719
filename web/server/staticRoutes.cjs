'use strict';
// Routes the gateway mounts (after its own) to serve the built web UI from web/dist:
//   GET /api/status   every service's readiness report, fetched server-side (the browser only
//                     talks to the gateway's origin)
//   GET /*            files from web/dist; any other page path gets index.html (the SPA decides),
//                     so /playground, /owner/repo/issues/1, ... all work on reload.
// Hashed files under /assets/ are cached for a year; index.html is revalidated every time.
// Plain CommonJS so the gateway (TypeScript, node16 modules) can require it without a build.
const { readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

/** Paths that belong to the gateway (or the git proxy behind an ingress), never to the UI. */
const RESERVED = [/^\/graphql$/, /^\/api(\/|$)/, /^\/health(\/|$)/, /^\/metrics$/, /^\/git(\/|$)/];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

// Markdown and user content render without raw HTML, and this forbids inline and foreign
// script on top. Workers (the playground's Monaco editor) load from this origin.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function sendText(res, status, text) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * @param {import('./staticRoutes.d.cts').WebRoutesOptions} [options]
 * @returns {import('./staticRoutes.d.cts').WebRoute[]}
 */
function webRoutes(options = {}) {
  const distDir = path.resolve(options.distDir ?? path.join(__dirname, '..', 'dist'));
  const cache = new Map(); // absolute path -> { mtimeMs, size, body, gzip, etag }

  function load(file) {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const body = readFileSync(file);
    const ext = path.extname(file).toLowerCase();
    const entry = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      body,
      gzip:
        COMPRESSIBLE.has(ext) && body.length > 1024 ? zlib.gzipSync(body, { level: 9 }) : undefined,
      etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      isHtml: ext === '.html',
    };
    cache.set(file, entry);
    return entry;
  }

  function send(req, res, entry, immutable) {
    const headers = {
      'content-type': entry.contentType,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: entry.etag,
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    if (entry.isHtml) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['referrer-policy'] = 'same-origin';
    }
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = entry.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? entry.gzip : entry.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** @type {import('./staticRoutes.d.cts').WebRoute} */
  const staticRoute = {
    name: '/ (web)',
    methods: ['GET', 'HEAD'],
    match: (pathname) => !RESERVED.some((pattern) => pattern.test(pathname)),
    handle: async (req, res, url) => {
      let relative;
      try {
        relative = decodeURIComponent(url.pathname);
      } catch {
        sendText(res, 400, 'Bad path');
        return;
      }
      const file = path.join(distDir, path.normalize(relative));
      const inside = file === distDir || file.startsWith(distDir + path.sep);
      const asset = inside && relative !== '/' ? load(file) : undefined;
      if (asset) {
        send(req, res, asset, relative.startsWith('/assets/'));
        return;
      }
      // A missing hashed file is a 404 (an old page after a deploy), not the app shell.
      if (relative.startsWith('/assets/')) {
        sendText(res, 404, 'Not found');
        return;
      }
      const index = load(path.join(distDir, 'index.html'));
      if (!index) {
        sendText(res, 503, 'The web UI is not built: run `npm run build:web`.');
        return;
      }
      send(req, res, index, false);
    },
  };

  const routes = [];
  if (options.statusServices)
    routes.push(
      statusRoute(options.statusServices, options.statusTimeoutMs, options.prometheusUrl),
    );
  routes.push(staticRoute);
  return routes;
}

/**
 * `GET /api/status`: each service's `/health/ready` report (checks and, for the repository
 * subgraph, its dependencies such as the Gitea circuit breaker), with how long it took; with a
 * Prometheus URL, also the alerts firing there (`alerts`), or why they could not be read.
 */
function statusRoute(services, timeoutMs = 2000, prometheusUrl) {
  return {
    name: '/api/status',
    methods: ['GET'],
    match: (pathname) => pathname === '/api/status',
    handle: async (_req, res) => {
      const list = typeof services === 'function' ? services() : services;
      const [reports, alerts] = await Promise.all([
        Promise.all(list.map((service) => probe(service, timeoutMs))),
        prometheusUrl ? firingAlerts(prometheusUrl, timeoutMs) : undefined,
      ]);
      const payload = JSON.stringify({
        checkedAt: new Date().toISOString(),
        services: reports,
        ...(alerts ? { alerts } : {}),
      });
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
        'cache-control': 'no-store',
      });
      res.end(payload);
    },
  };
}

async function probe(service, timeoutMs) {
  const started = performance.now();
  const base = service.url.replace(/\/+$/, '');
  try {
    const response = await fetch(`${base}/health/ready`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const report = await response.json().catch(() => ({}));
    return {
      name: service.name,
      status: response.ok && report.status === 'ok' ? 'ok' : 'unavailable',
      latencyMs: Math.round(performance.now() - started),
      checks: Array.isArray(report.checks) ? report.checks : [],
      dependencies: Array.isArray(report.dependencies) ? report.dependencies : [],
    };
  } catch (err) {
    return {
      name: service.name,
      status: 'unreachable',
      latencyMs: Math.round(performance.now() - started),
      checks: [],
      dependencies: [],
      detail: err instanceof Error ? (err.cause?.code ?? err.name) : String(err),
    };
  }
}

/**
 * The alerts firing in Prometheus (`GET /api/v1/alerts`): name, severity, summary and since when;
 * pending ones (their `for:` not yet over) are left out. Only what the alert rules' annotations
 * say is passed on, never the labels of the scraped series (pod names, addresses).
 */
async function firingAlerts(prometheusUrl, timeoutMs) {
  const base = prometheusUrl.replace(/\/+$/, '');
  try {
    const response = await fetch(`${base}/api/v1/alerts`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.json();
    if (!response.ok || body.status !== 'success' || !Array.isArray(body.data?.alerts)) {
      return { ok: false, firing: [], detail: `Prometheus answered ${response.status}` };
    }
    const firing = body.data.alerts
      .filter((alert) => alert.state === 'firing')
      .map((alert) => ({
        name: String(alert.labels?.alertname ?? 'unnamed'),
        severity: String(alert.labels?.severity ?? 'none'),
        summary: String(alert.annotations?.summary ?? ''),
        since: typeof alert.activeAt === 'string' ? alert.activeAt : null,
      }))
      .sort((a, b) => SEVERITY_ORDER(a.severity) - SEVERITY_ORDER(b.severity));
    return { ok: true, firing };
  } catch (err) {
    const detail = err instanceof Error ? (err.cause?.code ?? err.name) : String(err);
    return { ok: false, firing: [], detail: `Prometheus unreachable (${detail})` };
  }
}

const SEVERITY_ORDER = (severity) => {
  const index = ['critical', 'warning', 'info'].indexOf(severity);
  return index === -1 ? 3 : index;
};

module.exports = { webRoutes, CONTENT_SECURITY_POLICY };
