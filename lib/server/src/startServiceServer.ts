import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthChecks } from '@gitforge/health';
import {
  REQUEST_ID_HEADER,
  requestContext,
  runWithRequestId,
  unredactedLoggerLike,
  type Logger,
} from '@gitforge/logging';
import type { ServiceMetrics } from '@gitforge/metrics';
import { endServerSpan, startServerSpan, withServerSpan, withoutTracing } from '@gitforge/tracing';
import { accessLogLevel, DEFAULT_ACCESS_LOG, type AccessLogPolicy } from './accessLog';
import { sendJson } from './sendJson';

export interface Route {
  /** Label used in metrics, e.g. `/graphql` or `/api/issues/:id`. */
  name: string;
  methods?: string[];
  match: (pathname: string) => boolean;
  handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

export interface ServiceServerOptions {
  service: string;
  port: number;
  host?: string;
  logger: Logger;
  metrics: ServiceMetrics;
  health: HealthChecks;
  routes: Route[];
  /** Extra liveness/readiness paths answered like `/health/*` (the gateway adds `/api/health/*`). */
  healthPrefixes?: string[];
  /** Which requests get an access line (`ACCESS_LOG`); default every one. */
  accessLog?: AccessLogPolicy;
}

export interface ServiceServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * The HTTP bootstrap of every service: request id, access metrics and log line, `/health/live`,
 * `/health/ready`, `/metrics`, then the service's own routes; errors never crash the process.
 */
export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
  const { logger, metrics, health } = options;
  const accessLog = options.accessLog ?? DEFAULT_ACCESS_LOG;
  // Its fields are route templates, numbers, the request id and a login: nothing to redact.
  const accessLogger = unredactedLoggerLike(logger);
  const prefixes = ['/health', ...(options.healthPrefixes ?? [])];
  const builtins: Route[] = [
    ...prefixes.flatMap((prefix): Route[] => [
      {
        name: `${prefix}/live`,
        methods: ['GET', 'HEAD'],
        match: (p) => p === `${prefix}/live`,
        handle: async (_req, res) => sendJson(res, 200, health.live()),
      },
      {
        name: `${prefix}/ready`,
        methods: ['GET', 'HEAD'],
        match: (p) => p === `${prefix}/ready`,
        handle: async (_req, res) => {
          const report = await health.ready();
          sendJson(res, report.status === 'ok' ? 200 : 503, report);
        },
      },
    ]),
    {
      name: '/metrics',
      methods: ['GET'],
      match: (p) => p === '/metrics',
      handle: async (_req, res) => {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      },
    },
  ];
  const routes = [...builtins, ...options.routes];
  const probes = new Set(builtins);

  // Set by close(): answers then end their keep-alive connections.
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const incomingId = req.headers[REQUEST_ID_HEADER];
    runWithRequestId(typeof incomingId === 'string' ? incomingId : undefined, (requestId) => {
      res.setHeader(REQUEST_ID_HEADER, requestId);
      void handleRequest(req, res);
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendJson(res, 400, { error: 'Bad request URL' });
      return;
    }
    const route = routes.find((r) => r.match(url.pathname));
    const routeName = route?.name ?? 'unmatched';
    // 'close' may fire outside this request's async context: keep its fields for the access line.
    const context = requestContext.getStore();
    // Tracing on: a SERVER span per request (probes excepted), under an incoming `traceparent`.
    const span =
      route && !probes.has(route)
        ? startServerSpan(`${method} ${routeName}`, req.headers, {
            'http.request.method': method,
            'http.route': routeName,
          })
        : undefined;
    if (span && context) context.traceId = span.traceId;
    metrics.httpRequestsInFlight.inc();
    inFlight.add(res);
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      metrics.httpRequestsInFlight.dec();
      inFlight.delete(res);
      // Shutting down: the connection is idle once this response is done; close it now rather
      // than after the keep-alive timeout (a request in flight at close() would hold it 65 s).
      if (closing) setImmediate(() => server.closeIdleConnections());
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (span) endServerSpan(span, res.statusCode, !res.writableFinished);
      const labels = { method, route: routeName, status: String(res.statusCode) };
      metrics.httpRequestsTotal.inc(labels);
      metrics.httpRequestDuration.observe(labels, seconds);
      const durationMs = Math.round(seconds * 1e5) / 100;
      // The client went away before the whole response was sent.
      const aborted = !res.writableFinished;
      const level = accessLogLevel(accessLog, {
        probe: route !== undefined && probes.has(route),
        status: res.statusCode,
        durationMs,
        aborted,
      });
      if (!logger.isLevelEnabled(level)) return;
      // The route template only: never the raw path, query string or headers.
      const line = aborted
        ? { method, route: routeName, status: res.statusCode, durationMs, aborted }
        : { method, route: routeName, status: res.statusCode, durationMs };
      const log = () => accessLogger[level](line, 'request completed');
      if (context) requestContext.run(context, log);
      else log();
    });
    try {
      if (!route) {
        sendJson(res, 404, { error: 'Not found' });
      } else if (route.methods && !route.methods.includes(method)) {
        res.setHeader('allow', route.methods.join(', '));
        sendJson(res, 405, { error: `Method ${method} not allowed` });
      } else {
        const handle = () => route.handle(req, res, url);
        // A probe's own checks (a ping to Gitea) are not traced either.
        await (span
          ? withServerSpan(span, handle)
          : probes.has(route)
            ? withoutTracing(handle)
            : handle());
      }
    } catch (err) {
      logger.error({ err, route: routeName }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
    }
  }

  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url }, `${options.service} listening`);

  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        health.markShuttingDown();
        closing = true;
        // Answers still being made tell their clients not to reuse the connection.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
