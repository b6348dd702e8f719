import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest, validateResponse } from '@gitforge/gitea-contract';

export interface Exchange {
  method: string;
  path: string;
  operationId?: string;
  status: number;
  errors: string[];
}

/**
 * Sits between the Gitea client and a Gitea (githost, or the fake) and checks every exchange
 * on the wire against the committed spec: each request must be an operation with valid
 * parameters and body, and each successful JSON response must validate (closed objects).
 * Error answers are not checked: the client maps them to codes instead of reading them.
 */
export class ContractProxy {
  readonly exchanges: Exchange[] = [];
  private server: Server | undefined;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Every problem seen so far, one line each. */
  get errors(): string[] {
    return this.exchanges.flatMap((e) =>
      e.errors.map((err) => `${e.method} ${e.path} → ${e.status}: ${err}`),
    );
  }

  operations(): string[] {
    return [...new Set(this.exchanges.map((e) => e.operationId ?? '?'))].sort();
  }

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', 'http://proxy');
        const method = req.method ?? 'GET';
        const below = url.pathname.replace(/^\/api\/v1/, '');
        const exchange: Exchange = {
          method,
          path: `${url.pathname}${url.search}`,
          status: 0,
          errors: [],
        };
        this.exchanges.push(exchange);
        let body: unknown;
        try {
          body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
        } catch {
          exchange.errors.push('request body is not JSON');
        }
        const check = validateRequest({ method, path: below, query: url.searchParams, body });
        exchange.operationId = check.operationId;
        exchange.errors.push(...check.errors.map((e) => `request: ${e}`));
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
          },
          (up) => {
            exchange.status = up.statusCode ?? 0;
            res.writeHead(exchange.status, up.headers);
            const json = /json/.test(up.headers['content-type'] ?? '');
            const ok = exchange.status >= 200 && exchange.status < 300;
            if (!ok || !json) {
              if (ok) {
                const result = validateResponse(method, below, exchange.status, undefined);
                exchange.errors.push(...result.errors.map((e) => `response: ${e}`));
              }
              up.pipe(res);
              return;
            }
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () => {
              const text = Buffer.concat(parts);
              try {
                const result = validateResponse(
                  method,
                  below,
                  exchange.status,
                  JSON.parse(text.toString('utf8')),
                );
                exchange.errors.push(...result.errors.map((e) => `response: ${e}`));
              } catch {
                exchange.errors.push('response body is not JSON');
              }
              res.end(text);
            });
          },
        );
        upstream.on('error', () => {
          exchange.status = 502;
          res.destroy();
        });
        upstream.end(raw);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
