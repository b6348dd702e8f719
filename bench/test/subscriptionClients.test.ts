/**
 * The subscription benchmark's load generator (ClientFleet and its client processes) against a
 * scripted graphql-ws server: what it sends (connection_init with or without a session,
 * subscribe with the repository, `after: <last cursor>` on reconnecting), what it records (event
 * numbers and receive times, cursors with escapes, errors), and the reconnect storm.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { account } from '../subscriptions/accounting';
import { ClientFleet } from '../subscriptions/clientFleet';
import type { ClientSpec } from '../subscriptions/clientProtocol';

interface Seen {
  socket: WebSocket;
  authorization?: string;
  variables?: { r: string; after?: string };
}

describe('subscription bench clients', () => {
  let server: WebSocketServer;
  let url: string;
  const seen: Seen[] = [];
  let fleet: ClientFleet | undefined;

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    server.on('connection', (socket, request) => {
      expect(request.headers['sec-websocket-protocol']).toBe('graphql-transport-ws');
      const entry: Seen = { socket };
      seen.push(entry);
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as {
          type: string;
          payload?: { authorization?: string; variables?: Seen['variables'] };
        };
        if (message.type === 'connection_init') {
          entry.authorization = message.payload?.authorization;
          socket.send(JSON.stringify({ type: 'connection_ack' }));
          socket.send(JSON.stringify({ type: 'ping' }));
        } else if (message.type === 'subscribe') {
          entry.variables = message.payload?.variables;
        }
      });
    });
  });

  afterAll(async () => {
    fleet?.kill();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends event n of repository 0 to every subscribed socket open now; its cursor has a quote. */
  function broadcast(n: number): void {
    const text = JSON.stringify({
      id: '1',
      type: 'next',
      payload: {
        data: { issueEvents: { eventId: `e${n}`, cursor: `c"${n}`, issue: { title: `r0-${n}` } } },
      },
    });
    for (const entry of seen) {
      if (entry.variables && entry.socket.readyState === entry.socket.OPEN) entry.socket.send(text);
    }
  }

  it('subscribes, records events, resumes from the last cursor after a drop or a lost connection, and reports errors', async () => {
    const specs: ClientSpec[] = Array.from({ length: 20 }, (_, i) => ({
      token: i % 2 === 0 ? `token${i}` : null,
      repository: 0,
      fullName: 'owner/r0',
    }));
    fleet = new ClientFleet(specs, {
      url,
      query: 'subscription($r: String!, $after: String) { x }',
      withCursor: true,
      processes: 2,
      concurrency: 3,
    });
    fleet.start();
    expect(await fleet.until((p) => p.subscribed === 20, 30_000)).toBe(true);
    expect(seen).toHaveLength(20);
    expect(seen.filter((s) => s.authorization === undefined)).toHaveLength(10);
    expect(seen.map((s) => s.authorization).filter(Boolean)).toEqual(
      expect.arrayContaining(['Bearer token0', 'Bearer token18']),
    );
    expect(
      seen.every((s) => s.variables?.r === 'owner/r0' && s.variables.after === undefined),
    ).toBe(true);

    const sentAt: number[] = [];
    for (let n = 0; n < 5; n += 1) {
      sentAt[n] = Number(process.hrtime.bigint()) / 1e6;
      broadcast(n);
    }
    expect(await fleet.until((p) => p.delivered === 100, 30_000)).toBe(true);

    fleet.drop([5]);
    expect(await fleet.until((p) => p.subscribed === 20, 30_000)).toBe(true);
    const resubscribed = seen.slice(20);
    expect(resubscribed).toHaveLength(20);
    expect(resubscribed.every((s) => s.variables?.after === 'c"4')).toBe(true);
    sentAt[5] = Number(process.hrtime.bigint()) / 1e6;
    broadcast(5);
    expect(await fleet.until((p) => p.resumed === 20, 30_000)).toBe(true);

    // A connection the server drops: that subscriber alone reconnects, from its last cursor.
    resubscribed[1]!.socket.terminate();
    expect(
      await fleet.until(() => seen.length === 41 && seen[40]!.variables !== undefined, 30_000),
    ).toBe(true);
    expect(seen[40]!.variables).toEqual({ r: 'owner/r0', after: 'c"5' });

    resubscribed[0]!.socket.send(
      JSON.stringify({ id: '1', type: 'error', payload: [{ message: 'gone' }] }),
    );
    expect(await fleet.until((p) => p.errors === 1, 30_000)).toBe(true);

    const data = await fleet.collect();
    expect(data).toHaveLength(20);
    const result = account(data, new Array<number>(20).fill(0), { from: [0], to: [6] }, [sentAt]);
    expect(result).toMatchObject({ expected: 120, delivered: 120, lost: 0, duplicates: 0 });
    expect(result.latencies[0]).toBeGreaterThanOrEqual(0);
    expect(data.reduce((sum, c) => sum + c.attempts, 0)).toBe(41);
    expect(data.reduce((sum, c) => sum + c.unexpectedCloses, 0)).toBe(1);
    for (const client of data) {
      expect([...client.ns]).toEqual([0, 1, 2, 3, 4, 5]);
      expect(client.attempts).toBeGreaterThanOrEqual(2);
      expect(client.reconnectedAt! - client.dropAt!).toBeGreaterThanOrEqual(0);
      expect(client.resumedAt! - client.reconnectedAt!).toBeGreaterThanOrEqual(0);
    }
    expect(data.flatMap((c) => c.errors)).toEqual([expect.stringContaining('"gone"')]);

    await fleet.stop();
    expect(await fleet.until(() => true, 0)).toBe(true);
  }, 60_000);
});
