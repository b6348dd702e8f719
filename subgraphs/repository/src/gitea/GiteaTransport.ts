import type { IncomingHttpHeaders } from 'node:http';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { REQUEST_ID_HEADER, currentRequestId, type Logger } from '@gitforge/logging';
import type { GiteaBreaker } from './giteaBreaker';
import { GiteaError, failureForStatus } from './GiteaError';
import { errorBodySchema } from './wire';

/** How a call authenticates: a user's access token, or Basic auth (token creation only). */
export type GiteaAuth =
  { kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string };

export interface GiteaRequest {
  /** The spec's operationId, e.g. `repoGet`: the metrics label and the contract tests' key. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below `/api/v1`, already percent-encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  auth?: GiteaAuth;
  /** Statuses that mean success; anything else is mapped to a GiteaError. */
  ok?: number[];
}

export interface GiteaResponse<T> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
}

export interface GiteaCallObserver {
  (operation: string, status: string, seconds: number): void;
}

export interface GiteaTransportOptions {
  /** Where Gitea is served (`GITEA_URL`); the API is below `/api/v1`. */
  baseUrl: string;
  /** Deadline for a whole call: connect, headers and the body read. */
  timeoutMs: number;
  breaker: GiteaBreaker;
  observe?: GiteaCallObserver;
  logger?: Logger;
  dispatcher?: Dispatcher;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

class DeadlineExceeded extends Error {}

/**
 * HTTP to Gitea over undici: one deadline per call, the circuit breaker around it, a duration
 * observation per operation, and every failure turned into a GiteaError with its code.
 */
export class GiteaTransport {
  private readonly base: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: GiteaTransportOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connections: 64,
        keepAliveTimeout: 4_000,
        connect: { timeout: options.timeoutMs },
      });
  }

  get breaker(): GiteaBreaker {
    return this.options.breaker;
  }

  /** A JSON call whose body is parsed with `schema` (extra properties dropped). */
  async json<T>(req: GiteaRequest, schema: z.ZodType<T>): Promise<GiteaResponse<T>> {
    return this.call(req, async (res) => {
      const raw = await readCapped(res.body, MAX_JSON_BYTES);
      return schema.parse(JSON.parse(raw.toString('utf8')));
    });
  }

  /** A call whose success has no body worth reading (204). */
  async empty(req: GiteaRequest): Promise<GiteaResponse<undefined>> {
    return this.call(req, async (res) => {
      await res.body.dump();
      return undefined;
    });
  }

  /**
   * A call whose body is consumed as a stream by `read`, inside the same deadline and breaker
   * execution (raw files: read what is needed, count or drop the rest).
   */
  async stream<T>(
    req: GiteaRequest,
    read: (body: Dispatcher.ResponseData['body'], headers: IncomingHttpHeaders) => Promise<T>,
  ): Promise<GiteaResponse<T>> {
    return this.call(req, (res) => read(res.body, res.headers));
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private url(req: GiteaRequest): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) query.set(name, String(value));
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${this.base}${req.path}${search}`;
  }

  private headers(req: GiteaRequest): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'gitforge-repository',
    };
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.auth?.kind === 'token') headers.authorization = `token ${req.auth.token}`;
    if (req.auth?.kind === 'basic') {
      const pair = `${req.auth.username}:${req.auth.password}`;
      headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    }
    return headers;
  }

  private async call<T>(
    req: GiteaRequest,
    read: (res: Dispatcher.ResponseData) => Promise<T>,
  ): Promise<GiteaResponse<T>> {
    const started = process.hrtime.bigint();
    let outcome = 'error';
    try {
      return await this.options.breaker.policy.execute(async () => {
        const controller = new AbortController();
        const timer = setTimeout(
          () => controller.abort(new DeadlineExceeded()),
          this.options.timeoutMs,
        );
        try {
          const res = await request(this.url(req), {
            method: req.method,
            headers: this.headers(req),
            body: req.body === undefined ? undefined : JSON.stringify(req.body),
            signal: controller.signal,
            dispatcher: this.dispatcher,
          });
          outcome = String(res.statusCode);
          if (!(req.ok ?? [200]).includes(res.statusCode)) {
            throw failureForStatus(req.operation, res.statusCode, await errorMessage(res.body));
          }
          const body = await read(res);
          return { status: res.statusCode, headers: res.headers, body };
        } catch (err) {
          const failure = this.translate(req.operation, err, controller.signal);
          if (failure.kind === 'timeout') outcome = 'timeout';
          else if (failure.isUpstreamFault && outcome === 'error') outcome = 'network_error';
          if (failure.isUpstreamFault) {
            this.options.logger?.warn(
              { operation: req.operation, err: failure.message },
              'gitea call failed',
            );
          }
          throw failure;
        } finally {
          clearTimeout(timer);
        }
      });
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        outcome = 'circuit_open';
        throw new GiteaError(
          'circuit_open',
          req.operation,
          'Gitea is unavailable (circuit open); try again later',
        );
      }
      throw err;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.observe?.(req.operation, outcome, seconds);
    }
  }

  private translate(operation: string, err: unknown, signal: AbortSignal): GiteaError {
    if (err instanceof GiteaError) return err;
    if (signal.aborted && signal.reason instanceof DeadlineExceeded) {
      return new GiteaError(
        'timeout',
        operation,
        `Gitea did not answer within ${this.options.timeoutMs} ms`,
      );
    }
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
      return new GiteaError('timeout', operation, 'Gitea did not answer in time');
    }
    if (err instanceof SyntaxError || (err as Error | null)?.name === 'ZodError') {
      return new GiteaError('unavailable', operation, 'Gitea sent a response that is not valid');
    }
    const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : 'error';
    return new GiteaError('unavailable', operation, `Gitea is unreachable (${reason})`);
  }
}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new SyntaxError(`response over ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function errorMessage(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  try {
    const raw = await readCapped(body, MAX_ERROR_BYTES);
    const parsed = errorBodySchema.safeParse(JSON.parse(raw.toString('utf8')));
    return parsed.success ? parsed.data.message.slice(0, 300) : undefined;
  } catch {
    body.destroy();
    return undefined;
  }
}
