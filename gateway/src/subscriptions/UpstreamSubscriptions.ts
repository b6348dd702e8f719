import { setTimeout as sleep } from 'node:timers/promises';
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Logger } from '@gitforge/logging';
import { formattedError } from '../http/formattedError';

export interface UpstreamRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/**
 * A connection identity other than a viewer's token: all subscriptions with the same `scope`
 * share one connection, whose `connectionParams` are made afresh on every (re)connection
 * (the gateway's feed token is signed per connection).
 */
export interface ServiceIdentity {
  scope: string;
  connectionParams: () => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Receives one upstream subscription's life. Exactly one of `error` / `complete` ends it. */
export interface UpstreamSink {
  next(result: FormattedExecutionResult): void;
  /** The connection dropped (or cannot be made); it is being retried and resubscribed. */
  interrupted(error: GraphQLFormattedError): void;
  error(errors: readonly GraphQLFormattedError[]): void;
  complete(): void;
  /** The connection is back after an interruption and the subscription was sent again. */
  resumed?(): void;
}

export interface UpstreamOptions {
  logger: Logger;
  /** A ping goes to the subgraph after this long without one; default 10 s. */
  keepAliveMs?: number;
  /** No pong in this time: the connection counts as dropped; default 5 s. */
  pongTimeoutMs?: number;
  /** Reconnect attempts in a row before subscriptions end with an error; default 8. */
  retryAttempts?: number;
  /** Backoff between attempts: doubles from 250 ms up to this; default 5 s. */
  retryMaxDelayMs?: number;
  /** Sockets opened (+1) and closed (−1), per subgraph. */
  onSocketChange?: (subgraph: string, delta: 1 | -1) => void;
}

interface Connection {
  key: string;
  subgraph: string;
  client: Client;
  sinks: Set<UpstreamSink>;
  /** Sinks told about the current outage (cleared when the connection is back). */
  told: Set<UpstreamSink>;
  socketOpen: boolean;
  disposed: boolean;
  pongTimer?: NodeJS.Timeout;
}

/**
 * Subscriptions to subgraphs over graphql-ws. One WebSocket per (subgraph, session token or
 * service identity)
 * carries all of that user's subscriptions to that subgraph, with the token in
 * `connectionParams` (how the subgraph learns the identity); it opens with the first
 * subscription and closes with the last. A dropped connection is retried with backoff and the
 * subscriptions are sent again; meanwhile each subscriber is told once, so that a gap in the
 * events never goes unnoticed.
 */
export class UpstreamSubscriptions {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly options: UpstreamOptions) {}

  subscribe(
    subgraph: { name: string; url: string },
    authorization: string | ServiceIdentity | undefined,
    request: UpstreamRequest,
    sink: UpstreamSink,
  ): () => void {
    const connection = this.connectionFor(subgraph, authorization);
    connection.sinks.add(sink);
    let finished = false;
    const finish = () => {
      if (finished) return false;
      finished = true;
      connection.sinks.delete(sink);
      connection.told.delete(sink);
      if (connection.sinks.size === 0) this.dispose(connection);
      return true;
    };
    const stop = connection.client.subscribe(request, {
      next: (result) => {
        if (!finished) sink.next(result as FormattedExecutionResult);
      },
      error: (err) => {
        if (finish()) sink.error(upstreamErrors(subgraph.name, err));
      },
      complete: () => {
        if (finish()) sink.complete();
      },
    });
    return () => {
      if (finished) return;
      stop();
      finish();
    };
  }

  /** Open sockets and live subscriptions (the leak check in tests, and metrics). */
  stats(): { sockets: number; subscriptions: number } {
    let sockets = 0;
    let subscriptions = 0;
    for (const connection of this.connections.values()) {
      if (connection.socketOpen) sockets += 1;
      subscriptions += connection.sinks.size;
    }
    return { sockets, subscriptions };
  }

  async close(): Promise<void> {
    const connections = [...this.connections.values()];
    for (const connection of connections) {
      for (const sink of [...connection.sinks]) {
        sink.error([unavailable(connection.subgraph, 'The gateway is shutting down')]);
      }
      connection.sinks.clear();
      this.dispose(connection);
    }
  }

  private connectionFor(
    subgraph: { name: string; url: string },
    authorization: string | ServiceIdentity | undefined,
  ): Connection {
    const scope =
      typeof authorization === 'object' ? `\u0000${authorization.scope}` : (authorization ?? '');
    const key = `${subgraph.name}\n${subgraph.url}\n${scope}`;
    const existing = this.connections.get(key);
    if (existing) return existing;
    const {
      logger,
      keepAliveMs = 10_000,
      pongTimeoutMs = 5000,
      retryAttempts = 8,
      retryMaxDelayMs = 5000,
    } = this.options;
    const connection: Connection = {
      key,
      subgraph: subgraph.name,
      sinks: new Set(),
      told: new Set(),
      socketOpen: false,
      disposed: false,
      client: undefined as unknown as Client,
    };
    connection.client = createClient({
      url: subgraph.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams:
        typeof authorization === 'object'
          ? authorization.connectionParams
          : authorization
            ? { authorization }
            : undefined,
      lazy: true,
      keepAlive: keepAliveMs,
      retryAttempts,
      // Every failure is worth a retry (the default gives up on a refused connection at once).
      shouldRetry: () => true,
      retryWait: async (retries) => {
        const backoff = Math.min(250 * 2 ** retries, retryMaxDelayMs);
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      },
      on: {
        opened: () => {
          connection.socketOpen = true;
          this.options.onSocketChange?.(connection.subgraph, 1);
        },
        connected: (_socket, _payload, wasRetry) => {
          connection.told.clear();
          if (wasRetry) {
            logger.info({ subgraph: subgraph.name }, 'subscription connection restored');
            for (const sink of [...connection.sinks]) sink.resumed?.();
          }
        },
        ping: (received) => {
          if (received) return;
          clearTimeout(connection.pongTimer);
          connection.pongTimer = setTimeout(() => {
            logger.warn({ subgraph: subgraph.name }, 'subgraph missed a pong; reconnecting');
            connection.client.terminate();
          }, pongTimeoutMs);
          connection.pongTimer.unref();
        },
        pong: (received) => {
          if (received) clearTimeout(connection.pongTimer);
        },
        closed: (event) => {
          clearTimeout(connection.pongTimer);
          if (connection.socketOpen) {
            connection.socketOpen = false;
            this.options.onSocketChange?.(connection.subgraph, -1);
          }
          if (!connection.disposed && connection.sinks.size > 0) {
            this.tellInterrupted(connection, describeClose(event));
          }
        },
      },
    });
    this.connections.set(key, connection);
    return connection;
  }

  private tellInterrupted(connection: Connection, cause: string): void {
    this.options.logger.warn(
      { subgraph: connection.subgraph, cause, subscriptions: connection.sinks.size },
      'subscription connection to subgraph lost; reconnecting',
    );
    const error = unavailable(
      connection.subgraph,
      `Lost the subscription connection to subgraph "${connection.subgraph}" (${cause}); ` +
        'reconnecting: events may have been missed',
    );
    for (const sink of [...connection.sinks]) {
      if (connection.told.has(sink)) continue;
      connection.told.add(sink);
      sink.interrupted(error);
    }
  }

  private dispose(connection: Connection): void {
    if (connection.disposed) return;
    connection.disposed = true;
    clearTimeout(connection.pongTimer);
    if (this.connections.get(connection.key) === connection)
      this.connections.delete(connection.key);
    Promise.resolve(connection.client.dispose()).catch(() => undefined);
  }
}

function unavailable(subgraph: string, message: string): GraphQLFormattedError {
  return formattedError('UPSTREAM_UNAVAILABLE', message, { subgraph });
}

/** What graphql-ws hands a sink's `error`: GraphQL errors, a close event or an Error. */
function upstreamErrors(subgraph: string, err: unknown): GraphQLFormattedError[] {
  if (
    Array.isArray(err) &&
    err.every((e) => typeof (e as { message?: unknown }).message === 'string')
  ) {
    return (err as GraphQLFormattedError[]).map((e) => ({
      ...e,
      extensions: { ...e.extensions, serviceName: subgraph },
    }));
  }
  return [
    unavailable(
      subgraph,
      `The subscription to subgraph "${subgraph}" ended: ${describeClose(err)}`,
    ),
  ];
}

function describeClose(event: unknown): string {
  const like = event as { code?: unknown; reason?: unknown; message?: unknown } | null;
  if (like && typeof like.code === 'number') {
    const reason = typeof like.reason === 'string' && like.reason !== '' ? ` ${like.reason}` : '';
    return `closed with ${like.code}${reason}`;
  }
  if (like && typeof like.message === 'string') return like.message;
  const error = (event as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') return error.code;
  return 'connection failed';
}
