import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsConnection {
  client: Client;
  /** Close codes seen, in order. */
  closes: number[];
}

/** A graphql-ws client to `${origin}/graphql` (eager, no retries: a test sees every close). */
export function connectWs(origin: string, token?: string): WsConnection {
  const closes: number[] = [];
  const client = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  return { client, closes };
}

export interface Collected {
  results: any[];
  /** Settles when the subscription ends (complete or error). */
  ended: Promise<void>;
  endedWith?: 'complete' | 'error';
  stop(): void;
}

/** Subscribes and keeps every result (and a final `{ error }` entry on error). */
export function collect(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Collected {
  const collected: Collected = {
    results: [],
    ended: Promise.resolve(),
    stop: () => undefined,
  };
  collected.ended = new Promise<void>((resolve) => {
    collected.stop = client.subscribe(
      { query, variables },
      {
        next: (value) => collected.results.push(value),
        error: (err) => {
          collected.results.push({ error: err });
          collected.endedWith = 'error';
          resolve();
        },
        complete: () => {
          collected.endedWith ??= 'complete';
          resolve();
        },
      },
    );
  });
  return collected;
}

export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
