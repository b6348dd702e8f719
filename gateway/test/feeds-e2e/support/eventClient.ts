import type { Socket } from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { collect, until, type Collected, type WsConnection } from '../../support/wsClient';

/*
 * Clients of `issueEvents` as an application runs them: graphql-ws over a real WebSocket to a
 * gateway process, keeping every result so a test can check order, gaps and duplicates.
 */

/** What every subscriber of these tests selects: the cursor, and an entity fetch per event. */
export const ISSUE_EVENTS = /* GraphQL */ `
  subscription ($r: String!, $after: String) {
    issueEvents(repository: $r, after: $after) {
      id
      cursor
      action
      issue {
        title
        repository {
          description
        }
      }
    }
  }
`;

export interface EventView {
  id: string;
  cursor: string;
  action: string;
  title: string;
  description: string | undefined;
}

export interface EventSubscriber {
  connection: WsConnection;
  sub: Collected;
  /** The events received so far, in order. */
  events(): EventView[];
  titles(): string[];
  /** The cursor of the last event received. */
  lastCursor(): string | undefined;
  /** The `extensions.code` of the error that ended the subscription (or of an errored result). */
  errorCode(): string | undefined;
  /** Whether the subscription has ended (error or complete). */
  ended(): boolean;
  close(): Promise<void>;
  /** A network drop: the TCP connection is destroyed without a WebSocket close. */
  drop(): void;
}

/**
 * connectWs (../../support/wsClient) plus a handle on the WebSocket, so a test can drop the
 * TCP connection as a network failure does.
 */
function connectDroppable(origin: string, token?: string): WsConnection & { sockets: WebSocket[] } {
  const closes: number[] = [];
  const sockets: WebSocket[] = [];
  class RecordedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const client = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: RecordedWebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  return { client, closes, sockets };
}

/** Subscribes as `token` (anonymous without) on a new connection to `gateway`. */
export function subscribeEvents(
  gateway: string,
  repository: string,
  options: { token?: string; after?: string; query?: string } = {},
): EventSubscriber {
  const connection = connectDroppable(gateway, options.token);
  const variables: Record<string, unknown> = { r: repository };
  if (options.after !== undefined) variables.after = options.after;
  const sub = collect(connection.client, options.query ?? ISSUE_EVENTS, variables);
  let ended = false;
  void sub.ended.then(() => (ended = true));
  const events = (): EventView[] =>
    sub.results
      .filter((r) => r?.data?.issueEvents)
      .map((r) => {
        const e = r.data.issueEvents;
        return {
          id: e.id,
          cursor: e.cursor,
          action: e.action,
          title: e.issue?.title,
          description: e.issue?.repository?.description,
        };
      });
  return {
    connection,
    sub,
    events,
    titles: () => events().map((e) => e.title),
    lastCursor: () => events().at(-1)?.cursor,
    errorCode: () => errorCodeOf(sub.results),
    ended: () => ended,
    async close() {
      sub.stop();
      await connection.client.dispose();
    },
    drop() {
      for (const ws of connection.sockets)
        (ws as unknown as { _socket?: Socket })._socket?.destroy();
    },
  };
}

/** The first `extensions.code` among a subscription's errors (error message or errored result). */
export function errorCodeOf(results: any[]): string | undefined {
  for (const r of results) {
    const errors = Array.isArray(r?.error) ? r.error : r?.errors;
    const code = errors?.[0]?.extensions?.code;
    if (code) return code;
    if (r?.error && !Array.isArray(r.error)) return `closed:${r.error.code ?? String(r.error)}`;
  }
  return undefined;
}

/** Waits until every subscriber has received the events titled `titles` (in any order). */
export async function untilAllReceived(
  subscribers: EventSubscriber[],
  titles: string[],
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  await until(
    () => subscribers.every((s) => titles.every((t) => s.titles().includes(t))),
    what,
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; received:\n${describeSubscribers(subscribers)}`);
  });
}

export { until };

/** What each subscriber has, for a failure message. */
export function describeSubscribers(subscribers: EventSubscriber[]): string {
  return subscribers
    .map(
      (s, i) =>
        `#${i}: ${JSON.stringify(s.titles())}${s.ended() ? ` ended ${s.sub.endedWith} ${JSON.stringify(s.sub.results.filter((r) => !r?.data?.issueEvents))}` : ''}`,
    )
    .join('\n');
}

export interface RawSubscriber {
  ws: WebSocket;
  /** `next` messages received (counted only while the socket is read). */
  received(): number;
  /** The issue titles of the events received. */
  titles(): string[];
  /** The close code, once closed. */
  closeCode(): number | undefined;
  ended(): boolean;
  errorCode(): string | undefined;
  /** Stops reading from the TCP socket: the kernel buffers fill, then the gateway's. */
  pause(): void;
  resume(): void;
  terminate(): void;
}

/** A graphql-ws subscription on a raw `ws` socket, so the test can stop reading it. */
export async function rawSubscribe(
  gateway: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<RawSubscriber> {
  const ws = new WebSocket(`${gateway.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  let received = 0;
  const titles: string[] = [];
  let closeCode: number | undefined;
  let acked = false;
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as {
      type: string;
      payload?: { data?: { issueEvents?: { issue?: { title?: string } } } };
    };
    if (message.type === 'connection_ack') acked = true;
    if (message.type === 'next') {
      received += 1;
      const title = message.payload?.data?.issueEvents?.issue?.title;
      if (title !== undefined) titles.push(title);
    }
  });
  ws.on('close', (code: number) => (closeCode = code));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify({
      type: 'connection_init',
      payload: token ? { authorization: `Bearer ${token}` } : {},
    }),
  );
  await until(() => acked, 'connection_ack', 10_000);
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  const socket = (): Socket => (ws as unknown as { _socket: Socket })._socket;
  return {
    ws,
    received: () => received,
    titles: () => titles,
    closeCode: () => closeCode,
    ended: () => closeCode !== undefined,
    errorCode: () => (closeCode === undefined ? undefined : `closed:${closeCode}`),
    pause: () => socket().pause(),
    resume: () => socket().resume(),
    terminate: () => ws.terminate(),
  };
}
