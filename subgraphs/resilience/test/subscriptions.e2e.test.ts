import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { signSessionToken } from '@gitforge/auth';
import { JWT_SECRET, startService, type TestService } from './helpers';

jest.setTimeout(120_000);

let svc: TestService;
let ws: Client;
beforeAll(async () => {
  svc = await startService();
  ws = createClient({
    url: svc.local.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${await signSessionToken(JWT_SECRET, 'alice')}` },
    retryAttempts: 0,
  });
});
afterAll(async () => {
  await ws?.dispose();
  await svc?.close();
});

/** Resolves once the service delivers resilience events to `count` subscriptions (its gauge). */
async function eventSubscriptions(count: number): Promise<void> {
  const origin = new URL(svc.local.url).origin;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = await (await fetch(`${origin}/metrics`)).text();
    const value = Number(/^resilience_event_subscriptions(?:{[^}]*})? (\S+)$/m.exec(text)?.[1]);
    if (value >= count) return;
    if (Date.now() > deadline) throw new Error(`${count} event subscriptions never registered`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Collects events until `until` returns true. */
function collect<T>(query: string, until: (items: T[]) => boolean): Promise<T[]> {
  const items: T[] = [];
  return new Promise((resolve, reject) => {
    const stop = ws.subscribe<T>(
      { query },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          items.push(result.data as T);
          if (until(items)) {
            stop();
            resolve(items);
          }
        },
        error: reject,
        complete: () => resolve(items),
      },
    );
  });
}

describe('live events over graphql-ws', () => {
  it('streams switches, faults, replica changes and recoveries with their reports', async () => {
    type E = {
      resilienceEvents: {
        kind: string;
        strategy: string;
        replica?: { node: number };
        report?: { rtoMs: number; recoveredFrom: string };
      };
    };
    const events = collect<E>(
      `subscription { resilienceEvents {
        kind strategy
        ... on ReplicaEvent { replica { node state } }
        ... on FaultInjectedEvent { fault detail }
        ... on RecoveryCompletedEvent { report { rtoMs recoveredFrom acknowledgedWritesLost } }
      } }`,
      (items) => items.some((i) => i.resilienceEvents.kind === 'RECOVERY_COMPLETED'),
    );
    await eventSubscriptions(1);
    await svc.client.switchStrategy('REPLICATION');
    await svc.client.store('k', 'v');
    await svc.client.injectFailure('REPLICA_CRASH', 1);
    await svc.client.recover();
    const kinds = (await events).map((e) => e.resilienceEvents.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'STRATEGY_SWITCHED',
        'REPLICA_UP',
        'FAULT_INJECTED',
        'REPLICA_DOWN',
        'RECOVERY_STARTED',
        'RECOVERY_COMPLETED',
      ]),
    );
    expect(kinds.indexOf('REPLICA_DOWN')).toBeLessThan(kinds.lastIndexOf('REPLICA_UP'));
    const completed = (await events).find((e) => e.resilienceEvents.kind === 'RECOVERY_COMPLETED');
    expect(completed!.resilienceEvents.report).toMatchObject({ recoveredFrom: 'MEMORY' });
  });

  it('filters by kind and samples metrics at the requested interval', async () => {
    const faults = collect<{ resilienceEvents: { kind: string } }>(
      'subscription { resilienceEvents(kinds: [FAULT_INJECTED]) { kind } }',
      (items) => items.length === 1,
    );
    await eventSubscriptions(1);
    await svc.client.switchStrategy('BASELINE');
    await svc.client.injectFailure('MEMORY_WIPE');
    expect((await faults).map((f) => f.resilienceEvents.kind)).toEqual(['FAULT_INJECTED']);
    await svc.client.recover();

    const samples = await collect<{ resilienceMetrics: { strategy: string; state: string } }>(
      'subscription { resilienceMetrics(intervalMs: 200) { at strategy state keys writesPerSecond writeLatencyP99Ms } }',
      (items) => items.length === 2,
    );
    expect(samples[1]!.resilienceMetrics).toMatchObject({ strategy: 'BASELINE', state: 'SERVING' });
  });

  it('rejects an interval out of range and a connection with a bad token', async () => {
    await expect(
      collect('subscription { resilienceMetrics(intervalMs: 5) { at } }', () => true),
    ).rejects.toThrow(/"code":"BAD_USER_INPUT".*"field":"intervalMs"/);
    const bad = createClient({
      url: svc.local.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer nope' },
      retryAttempts: 0,
    });
    const result = await new Promise<unknown>((resolve) => {
      bad.subscribe(
        { query: '{ __typename }' },
        { next: () => {}, error: resolve, complete: () => resolve('complete') },
      );
    });
    expect(result).not.toBe('complete');
    await bad.dispose();
  });
});
