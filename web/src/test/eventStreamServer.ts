import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, execute, GraphQLError, parse, subscribe, validate } from 'graphql';
import { useServer as serveGraphQLWs } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';

/** The slice of the API `issueEvents` needs, with the cursor contract of issue 15. */
const schema = buildSchema(`
  type User { login: String! }
  type Issue { id: ID! number: Int! title: String! state: String! }
  type Comment { id: ID! }
  type IssueEvent {
    id: ID!
    cursor: String!
    action: String!
    actor: User!
    issue: Issue!
    comment: Comment
  }
  type Query { ok: Boolean }
  type Subscription { issueEvents(repository: String!, after: String): IssueEvent! }
`);

export interface StreamEvent {
  id: string;
  cursor: string;
  action: string;
  actor: { login: string };
  issue: { id: string; number: number; title: string; state: string };
  comment: null;
}

export interface EventStreamServer {
  /** `http://127.0.0.1:<port>`: the origin createApolloClient is given. */
  origin: string;
  /** The variables of every `issueEvents` subscription received, in order. */
  subscribes: { repository: string; after: string | null }[];
  /** Appends an event (issue `number` opened) and delivers it to the live subscribers. */
  publish(title: string, number?: number): StreamEvent;
  /** Drops every socket and refuses new ones until `restore()`: a network drop. */
  drop(): void;
  restore(): void;
  /** Cursors at or before this event number are expired (older than retention). */
  expireThrough(eventNumber: number): void;
  /** Replays also the event at the cursor (a server that overlaps): the client must dedupe. */
  overlapReplay(overlap: boolean): void;
  /** Stops answering pings (a half-open connection) when false. */
  answerPings(answer: boolean): void;
  /** Open subscriptions. */
  live(): number;
  close(): Promise<void>;
}

/**
 * A real graphql-ws server (the `ws` package, as the gateway) whose `issueEvents` replays after a
 * cursor and then continues live, in cursor order, with CURSOR_EXPIRED for cursors older than
 * its retention: the contract the gateway serves, small enough to drop and expire at will.
 */
export async function startEventStreamServer(): Promise<EventStreamServer> {
  const log: StreamEvent[] = [];
  const listeners = new Set<() => void>();
  const subscribes: EventStreamServer['subscribes'] = [];
  let expiredThrough = 0;
  let overlap = false;
  let pongs = true;
  let down = false;

  // An iterator rather than a generator: `return()` (the client completed, the socket closed)
  // must end it at once, not at its next event.
  function issueEvents(args: {
    repository: string;
    after?: string | null;
  }): AsyncIterableIterator<{ issueEvents: StreamEvent }> {
    const after = args.after ?? null;
    subscribes.push({ repository: args.repository, after });
    let next = log.length;
    if (after !== null) {
      const position = Number(after);
      if (position <= expiredThrough) {
        throw new GraphQLError('The cursor is older than retention: reload', {
          extensions: { code: 'CURSOR_EXPIRED' },
        });
      }
      next = overlap ? position - 1 : position;
    }
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    listeners.add(listener);
    const done = { value: undefined, done: true } as const;
    const iterator: AsyncIterableIterator<{ issueEvents: StreamEvent }> = {
      async next() {
        while (listeners.has(listener)) {
          const event = log[next];
          if (event) {
            next += 1;
            return { value: { issueEvents: event }, done: false };
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
        return done;
      },
      async return() {
        listeners.delete(listener);
        wake?.();
        return done;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  const httpServer: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (down) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const server = serveGraphQLWs(
    {
      schema,
      // This module's graphql (the test runner may load another copy for graphql-ws).
      parse,
      validate,
      execute,
      subscribe,
      roots: { subscription: { issueEvents } },
      // A ping left unanswered: no pong goes out while this waits.
      onPing: () => (pongs ? undefined : new Promise<void>(() => {})),
    },
    wss,
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    subscribes,
    publish(title, number = log.length + 1) {
      const position = log.length + 1;
      const event: StreamEvent = {
        id: `event-${position}`,
        cursor: String(position),
        action: 'CREATED',
        actor: { login: 'bob' },
        issue: { id: `issue-${number}`, number, title, state: 'OPEN' },
        comment: null,
      };
      log.push(event);
      for (const listener of [...listeners]) listener();
      return event;
    },
    drop() {
      down = true;
      for (const socket of sockets) socket.terminate();
    },
    restore() {
      down = false;
    },
    expireThrough(eventNumber) {
      expiredThrough = eventNumber;
    },
    overlapReplay(value) {
      overlap = value;
    },
    answerPings(answer) {
      pongs = answer;
    },
    live: () => listeners.size,
    async close() {
      for (const socket of sockets) socket.terminate();
      await server.dispose();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
