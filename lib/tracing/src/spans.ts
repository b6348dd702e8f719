import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/**
 * Set once by `startTracing` when an exporter is configured. While it is undefined every helper
 * here returns at its first line: no span, no context, no header (tracing off costs a branch).
 */
let tracer: Tracer | undefined;

export function enableSpans(active: Tracer | undefined): void {
  tracer = active;
}

/**
 * Runs `fn` under a parent that was not sampled: with the parent-based samplers (the default)
 * its calls record no span and send a `traceparent` that says so, and the services they reach
 * record none either (health probes and what they check).
 */
export function withoutTracing<T>(fn: () => T): T {
  if (!tracer) return fn();
  const unsampled = trace.setSpanContext(context.active(), {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: TraceFlags.NONE,
    isRemote: true,
  });
  return context.with(unsampled, fn);
}

export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

/** The trace id of the active span, when tracing is on and a span is active. */
export function currentTraceId(): string | undefined {
  if (!tracer) return undefined;
  const span = trace.getActiveSpan();
  return span?.spanContext().traceId;
}

export interface ServerSpan {
  span: Span;
  context: Context;
  traceId: string;
}

/**
 * A SERVER span for an incoming HTTP request, child of its W3C `traceparent` when it has one.
 * Undefined when tracing is off.
 */
export function startServerSpan(
  name: string,
  headers: IncomingHttpHeaders,
  attributes: Attributes,
): ServerSpan | undefined {
  if (!tracer) return undefined;
  const parent = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span), traceId: span.spanContext().traceId };
}

/** Ends a SERVER span with the response's status (5xx is an error, as the HTTP conventions say). */
export function endServerSpan(server: ServerSpan, status: number, aborted = false): void {
  server.span.setAttribute('http.response.status_code', status);
  if (status >= 500) server.span.setStatus({ code: SpanStatusCode.ERROR });
  if (aborted) server.span.setAttribute('gitforge.aborted', true);
  server.span.end();
}

/** A span for one outgoing call; `headers` are what to send along (`traceparent`, `tracestate`). */
export interface ClientSpan {
  span: Span;
  headers: Record<string, string>;
  /** Ends the span once: with the response status, or with the error that ended the call. */
  end(outcome: { status?: number; error?: unknown }): void;
}

/**
 * Starts a CLIENT span under the active one and the headers that carry it; undefined when
 * tracing is off. For calls whose end is not a promise (a streamed response).
 */
export function startClientSpan(name: string, attributes: Attributes): ClientSpan | undefined {
  if (!tracer) return undefined;
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  let ended = false;
  return {
    span,
    headers,
    end: ({ status, error }) => {
      if (ended) return;
      ended = true;
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : describe(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else if (status !== undefined && status >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/**
 * Runs one outgoing call inside a CLIENT span: `call` gets the headers to add (undefined when
 * tracing is off, and then nothing else happens) and `statusOf` reads the answer's status.
 */
export async function traceClientCall<T>(
  name: string,
  attributes: Attributes,
  call: (traceHeaders: Record<string, string> | undefined) => Promise<T>,
  statusOf?: (result: T) => number | undefined,
): Promise<T> {
  const client = startClientSpan(name, attributes);
  if (!client) return call(undefined);
  try {
    const result = await context.with(trace.setSpan(context.active(), client.span), () =>
      call(client.headers),
    );
    client.end({ status: statusOf?.(result) });
    return result;
  } catch (error) {
    client.end({ error });
    throw error;
  }
}

/** Runs `fn` with `server`'s span active (or just runs it, tracing off). */
export function withServerSpan<T>(server: ServerSpan | undefined, fn: () => T): T {
  return server ? context.with(server.context, fn) : fn();
}

const SQL_VERB = /^\s*([A-Za-z]+)/;

/**
 * A CLIENT span for one SQL statement (`text` has placeholders, never values), named by its
 * verb (`SELECT`, `INSERT`, ...); undefined when tracing is off.
 */
export function startSqlSpan(text: string): ClientSpan | undefined {
  if (!tracer) return undefined;
  const verb = SQL_VERB.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  return startClientSpan(verb, {
    'db.system.name': 'postgresql',
    'db.operation.name': verb,
    'db.query.text': text.length > 2000 ? `${text.slice(0, 2000)}…` : text,
  });
}

/** Runs one SQL statement inside its span (just runs it, tracing off). */
export async function traceSql<T>(text: string, run: () => Promise<T>): Promise<T> {
  const span = startSqlSpan(text);
  if (!span) return run();
  try {
    const result = await run();
    span.end({});
    return result;
  } catch (error) {
    span.end({ error });
    throw error;
  }
}

function describe(error: unknown): string {
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? 'unknown error');
}
