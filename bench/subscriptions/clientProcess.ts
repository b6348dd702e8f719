/**
 * One process of the subscription benchmark's load generator: a slice of the subscribers, one
 * WebSocket each, speaking graphql-ws (graphql-transport-ws) by hand so that the work per
 * delivery stays small: no JSON.parse of `next` messages, only the issue title (which names
 * the event: `r<repository>-<n>`) and the cursor are cut out of the bytes (eventMessage.ts),
 * and the receive time is taken
 * first, from the monotonic clock the bench process also uses for the mutation's send time
 * (process.hrtime: CLOCK_MONOTONIC, one clock for every process of the machine).
 * Driven by its parent over IPC (clientProtocol.ts).
 */
import WebSocket from 'ws';
import type {
  ClientData,
  ClientSpec,
  FleetCommand,
  FleetReport,
  ProgressReport,
} from './clientProtocol';
import { fromParsed, readEvent, type EventFields } from './eventMessage';

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const MAX_CONNECT_ATTEMPTS = 30;

interface Subscriber {
  spec: ClientSpec;
  socket?: WebSocket;
  ns: number[];
  times: number[];
  lastCursor?: string;
  errors: string[];
  attempts: number;
  unexpectedCloses: number;
  subscribed: boolean;
  /** Waiting in the connection queue. */
  queued: boolean;
  dropAt?: number;
  reconnectedAt?: number;
  resumedAt?: number;
}

let url = '';
let query = '';
let withCursor = true;
let concurrency = 100;
let subscribers: Subscriber[] = [];
/** Per repository: the first event number produced after the drop (resumed once one arrives). */
let stormFirst: number[] | undefined;
let stopping = false;

const progress: ProgressReport = {
  type: 'progress',
  drops: 0,
  delivered: 0,
  subscribed: 0,
  resumed: 0,
  errors: 0,
  failed: 0,
};
let reported = '';

function send(message: FleetReport): void {
  process.send?.(message);
}

// Connections waiting to be opened, at most `concurrency` handshakes at once.
const queue: Subscriber[] = [];
let handshakes = 0;

function enqueue(sub: Subscriber): void {
  if (sub.queued) return; // already waiting for its turn: one socket per subscriber
  sub.queued = true;
  queue.push(sub);
  pump();
}

function pump(): void {
  while (handshakes < concurrency && queue.length > 0) {
    handshakes += 1;
    const sub = queue.shift()!;
    sub.queued = false;
    connect(sub);
  }
}

function connect(sub: Subscriber): void {
  sub.attempts += 1;
  sub.subscribed = false;
  let handshaking = true;
  const finishHandshake = () => {
    if (!handshaking) return;
    handshaking = false;
    handshakes -= 1;
    pump();
  };
  const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
  sub.socket = socket;
  socket.on('open', () => {
    const payload = sub.spec.token ? { authorization: `Bearer ${sub.spec.token}` } : {};
    socket.send(JSON.stringify({ type: 'connection_init', payload }));
  });
  socket.on('message', (data: Buffer) => {
    const at = nowMs();
    const event = readEvent(data);
    if (event) {
      received(sub, event, at);
      return;
    }
    const text = data.toString();
    const message = JSON.parse(text) as Parameters<typeof fromParsed>[0];
    const parsed = fromParsed(message);
    if (parsed) {
      received(sub, parsed, at);
    } else if (message.type === 'connection_ack') {
      finishHandshake();
      if (sub.dropAt !== undefined && sub.reconnectedAt === undefined) sub.reconnectedAt = at;
      const variables: Record<string, unknown> = { r: sub.spec.fullName };
      if (withCursor && sub.lastCursor !== undefined) variables.after = sub.lastCursor;
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
      sub.subscribed = true;
      progress.subscribed += 1;
    } else if (message.type === 'ping') {
      socket.send('{"type":"pong"}');
    } else if (message.type === 'pong') {
      // keep-alive answer
    } else {
      // error, complete, or next with errors: the subscription is over or broken.
      sub.errors.push(text.slice(0, 500));
      progress.errors += 1;
    }
  });
  socket.on('error', () => undefined); // followed by 'close'
  socket.on('close', (code: number, reason: Buffer) => {
    finishHandshake();
    if (sub.socket !== socket) return; // dropped on purpose: a new socket replaced it
    if (sub.subscribed) progress.subscribed -= 1;
    sub.subscribed = false;
    sub.socket = undefined;
    if (stopping) return;
    sub.unexpectedCloses += 1;
    if (sub.attempts >= MAX_CONNECT_ATTEMPTS) {
      sub.errors.push(
        `gave up after ${sub.attempts} connections (last close ${code} ${reason.toString()})`,
      );
      progress.failed += 1;
      return;
    }
    // Back off (jittered) and open again, resuming from the last cursor.
    const wait = Math.min(2000, 100 * 2 ** Math.min(sub.unexpectedCloses, 5)) * Math.random();
    setTimeout(() => {
      // Unless the storm's drop reconnected it meanwhile.
      if (!stopping && sub.socket === undefined) enqueue(sub);
    }, wait);
  });
}

function received(sub: Subscriber, event: EventFields, at: number): void {
  sub.ns.push(event.n);
  sub.times.push(at);
  progress.delivered += 1;
  if (event.cursor !== undefined) sub.lastCursor = event.cursor;
  if (stormFirst && sub.resumedAt === undefined && event.n >= stormFirst[sub.spec.repository]!) {
    sub.resumedAt = at;
    progress.resumed += 1;
  }
}

function drop(first: number[]): void {
  stormFirst = first;
  const at = nowMs();
  for (const sub of subscribers) {
    const socket = sub.socket;
    if (sub.subscribed) progress.subscribed -= 1;
    sub.subscribed = false;
    sub.socket = undefined; // its 'close' is then ignored
    sub.dropAt = at;
    sub.reconnectedAt = undefined;
    sub.resumedAt = undefined;
    socket?.terminate();
  }
  progress.resumed = 0;
  progress.drops += 1;
  for (const sub of subscribers) enqueue(sub);
}

function collect(): ClientData[] {
  return subscribers.map((sub) => ({
    ns: Int32Array.from(sub.ns),
    times: Float64Array.from(sub.times),
    errors: sub.errors,
    attempts: sub.attempts,
    unexpectedCloses: sub.unexpectedCloses,
    dropAt: sub.dropAt,
    reconnectedAt: sub.reconnectedAt,
    resumedAt: sub.resumedAt,
  }));
}

async function closeAll(): Promise<void> {
  stopping = true;
  queue.length = 0;
  await Promise.all(
    subscribers.map(
      (sub) =>
        new Promise<void>((resolve) => {
          const socket = sub.socket;
          if (!socket || socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(1000);
          setTimeout(() => {
            socket.terminate();
            resolve();
          }, 5000).unref();
        }),
    ),
  );
}

process.on('message', (command: FleetCommand) => {
  switch (command.type) {
    case 'init':
      ({ url, query, withCursor, concurrency } = command);
      subscribers = command.clients.map((spec) => ({
        spec,
        ns: [],
        times: [],
        errors: [],
        attempts: 0,
        unexpectedCloses: 0,
        subscribed: false,
        queued: false,
      }));
      for (const sub of subscribers) enqueue(sub);
      break;
    case 'drop':
      drop(command.stormFirst);
      break;
    case 'collect':
      send({ type: 'data', clients: collect() });
      break;
    case 'close':
      closeAll().then(
        () => send({ type: 'closed' }),
        (err: unknown) => send({ type: 'fatal', message: String(err) }),
      );
      break;
  }
});

// Progress for the bench's pacing, when it changed (the bench waits on it, latency is not).
setInterval(() => {
  const text = `${progress.drops} ${progress.delivered} ${progress.subscribed} ${progress.resumed} ${progress.errors} ${progress.failed}`;
  if (text === reported) return;
  reported = text;
  send(progress);
}, 20);
process.on('disconnect', () => process.exit(0));
