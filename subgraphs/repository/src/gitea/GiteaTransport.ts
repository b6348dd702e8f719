import type { IncomingHttpHeaders } from 'node:http';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { circuitOpenFailure, classifyUpstreamError, overloadedFailure } from '@gitforge/errors';
import { REQUEST_ID_HEADER, currentRequestId, type Logger } from '@gitforge/logging';
import { startClientSpan } from '@gitforge/tracing';
import type { GiteaBreaker } from './giteaBreaker';
import { BulkheadRejected, GiteaBulkhead, type GiteaBulkheadOptions } from './giteaBulkhead';
import { GITEA_UPSTREAM, GiteaError, failureForStatus } from './GiteaError';
import { pageQuery, totalCount, type GiteaPage, type PageRequest } from './giteaRequests';
import { remainingBudgetMs } from './requestBudget';
import { errorBodySchema } from './wire';

/** How a call authenticates: a user's access token, or Basic auth (token creation only). */
export type GiteaAuth =
  { kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string };

export interface GiteaRequest {
  /** The spec's operationId, e.g. `repoGet`: the metrics label and the contract tests' key. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
  /**
   * Deadline for a whole call: the wait for a bulkhead slot, connect, headers and the body read
   * (`GITEA_TIMEOUT_MS`). Shorter than the request budget, itself shorter than the gateway's.
   */
  timeoutMs: number;
  /** A request's budget for all its Gitea calls together (`REPOSITORY_REQUEST_TIMEOUT_MS`). */
  requestBudgetMs?: number;
  breaker: GiteaBreaker;
  /** Concurrent calls and queue (`GITEA_MAX_CONCURRENCY`, `GITEA_MAX_QUEUED`). */
  bulkhead?: GiteaBulkheadOptions;
  observe?: GiteaCallObserver;
  logger?: Logger;
  dispatcher?: Dispatcher;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

/** The call's own deadline passed (named so the shared classification sees a timeout). */
class DeadlineExceeded extends Error {
  override name = 'TimeoutError';
}

/**
 * HTTP to Gitea over undici: one deadline per call, a bulkhead and the circuit breaker around
 * it, a duration observation per operation, and every failure turned into a GiteaError by the
 * shared classification (`@gitforge/errors` upstreamFailure).
 */
export class GiteaTransport {
  private readonly base: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  readonly bulkhead: GiteaBulkhead;

  constructor(private readonly options: GiteaTransportOptions) {
    this.bulkhead = new GiteaBulkhead(options.bulkhead ?? { maxConcurrent: 16, maxQueued: 32 });
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

  /** One page of a list operation: Gitea's `page`/`limit` sent, `total` from `X-Total-Count`. */
  async page<T>(
    req: GiteaRequest,
    page: PageRequest,
    schema: z.ZodType<T[]>,
  ): Promise<GiteaPage<T>> {
    const res = await this.json({ ...req, query: { ...req.query, ...pageQuery(page) } }, schema);
    return { items: res.body, total: totalCount(res.headers) };
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
    const budget = remainingBudgetMs(this.options.requestBudgetMs);
    const timeoutMs = Math.min(this.options.timeoutMs, budget ?? Infinity);
    // A deadline cut short by the request's budget says nothing about Gitea's health.
    const cutByBudget = timeoutMs < this.options.timeoutMs;
    if (timeoutMs <= 0) {
      this.options.observe?.(req.operation, 'budget_spent', 0);
      const spent = AbortSignal.abort(new DeadlineExceeded('request budget spent'));
      throw this.translate(req.operation, spent.reason, spent, {
        timeoutMs: 0,
        cutByBudget: true,
      });
    }
    let outcome = 'error';
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DeadlineExceeded(`no answer within ${timeoutMs} ms`)),
      Math.max(0, timeoutMs),
    );
    try {
      return await this.bulkhead.run(
        () =>
          this.options.breaker.policy.execute(async () => {
            // Tracing on: a CLIENT span per attempt that reaches Gitea, `traceparent` sent along.
            const span = startClientSpan(`${req.method} gitea ${req.operation}`, {
              'http.request.method': req.method,
              'gitea.operation': req.operation,
            });
            try {
              const res = await request(this.url(req), {
                method: req.method,
                headers: span ? { ...this.headers(req), ...span.headers } : this.headers(req),
                body: req.body === undefined ? undefined : JSON.stringify(req.body),
                signal: controller.signal,
                dispatcher: this.dispatcher,
              });
              outcome = String(res.statusCode);
              span?.end({ status: res.statusCode });
              if (!(req.ok ?? [200]).includes(res.statusCode)) {
                throw failureForStatus(req.operation, res.statusCode, await errorMessage(res.body));
              }
              const body = await read(res);
              return { status: res.statusCode, headers: res.headers, body };
            } catch (err) {
              span?.end({ error: err });
              const failure = this.translate(req.operation, err, controller.signal, {
                timeoutMs,
                cutByBudget,
              });
              if (failure.kind === 'timeout') outcome = 'timeout';
              else if (failure.isUpstreamFault && outcome === 'error') outcome = 'network_error';
              if (failure.isUpstreamFault) {
                this.options.logger?.warn(
                  { operation: req.operation, err: failure.message },
                  'gitea call failed',
                );
              }
              throw failure;
            }
          }),
        controller.signal,
      );
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        outcome = 'circuit_open';
        throw new GiteaError(
          circuitOpenFailure(GITEA_UPSTREAM),
          req.operation,
          'Gitea is unavailable (circuit open); try again later',
        );
      }
      if (err instanceof BulkheadRejected) {
        outcome = 'bulkhead_full';
        throw new GiteaError(
          overloadedFailure(GITEA_UPSTREAM),
          req.operation,
          `Too many Gitea calls at once (${err.message}); try again shortly`,
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.observe?.(req.operation, outcome, seconds);
    }
  }

  private translate(
    operation: string,
    err: unknown,
    signal: AbortSignal,
    deadline: { timeoutMs: number; cutByBudget: boolean },
  ): GiteaError {
    if (err instanceof GiteaError) return err;
    // Once our deadline fired, whatever undici threw (abort, socket closed) is that timeout.
    const failure = classifyUpstreamError(GITEA_UPSTREAM, signal.aborted ? signal.reason : err);
    if (failure.kind === 'timeout') {
      return new GiteaError(
        deadline.cutByBudget
          ? { ...failure, isUpstreamFault: false, reason: 'request budget spent' }
          : failure,
        operation,
        deadline.cutByBudget
          ? `Gitea did not answer within the ${deadline.timeoutMs} ms left of this request's time`
          : `Gitea did not answer within ${deadline.timeoutMs} ms`,
      );
    }
    if (failure.kind === 'bad_response') {
      return new GiteaError(failure, operation, 'Gitea sent a response that is not valid');
    }
    return new GiteaError(failure, operation, `Gitea is unreachable (${failure.reason})`);
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
