import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GiteaClient,
  GiteaTransport,
  createGiteaBreaker,
  type GiteaBreaker,
  type GiteaBulkheadOptions,
} from '../src/gitea';

/** A client over a fresh transport and breaker, as createRepositoryServer builds them. */
export function giteaClientFor(
  baseUrl: string,
  options: {
    timeoutMs?: number;
    failureThreshold?: number;
    halfOpenAfterMs?: number;
    bulkhead?: GiteaBulkheadOptions;
  } = {},
): { client: GiteaClient; transport: GiteaTransport; breaker: GiteaBreaker } {
  const breaker = createGiteaBreaker({
    failureThreshold: options.failureThreshold ?? 1000,
    halfOpenAfterMs: options.halfOpenAfterMs ?? 60_000,
  });
  const transport = new GiteaTransport({
    baseUrl,
    timeoutMs: options.timeoutMs ?? 5000,
    breaker,
    bulkhead: options.bulkhead,
  });
  return { client: new GiteaClient(transport), transport, breaker };
}

export interface ScriptedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP server that answers whatever the current test scripts (for failure mapping). */
export class ScriptedServer {
  readonly requests: ScriptedRequest[] = [];
  answer: (req: ScriptedRequest, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
  private server: Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const scripted = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(scripted);
        this.answer(scripted, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.server!.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** Polls `check` until it returns true (no fixed sleeps as measurements); fails after `ms`. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
