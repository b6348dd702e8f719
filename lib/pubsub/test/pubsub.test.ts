import { setTimeout as sleep } from 'node:timers/promises';
import { InMemoryPubSub } from '../src/InMemoryPubSub';
import type { PubSub } from '../src/PubSub';
import { RedisPubSub } from '../src/RedisPubSub';
import { SKIP } from '../src/AsyncQueue';
import { subscribeStream } from '../src/subscribeStream';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('InMemoryPubSub', () => {
  it('delivers JSON copies on a later tick and counts listeners', async () => {
    const bus = new InMemoryPubSub();
    const got: unknown[] = [];
    const off = await bus.subscribe('a', (m) => got.push(m));
    await bus.subscribe('b', () => undefined);
    expect(bus.listenerCount()).toBe(2);
    expect(bus.listenerCount('a')).toBe(1);
    const message = { at: new Date(0), n: 1 };
    await bus.publish('a', message);
    expect(got).toEqual([]);
    await until(() => got.length === 1, 'delivery');
    expect(got[0]).toEqual({ at: '1970-01-01T00:00:00.000Z', n: 1 });
    await off();
    expect(bus.listenerCount('a')).toBe(0);
    await bus.close();
    expect(bus.listenerCount()).toBe(0);
  });
});

describe('RedisPubSub (real Redis)', () => {
  const prefix = `test:${process.pid}:${Date.now()}:`;
  const buses: PubSub[] = [];
  const bus = () => {
    const created = new RedisPubSub({ url: REDIS_URL, prefix });
    buses.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it('delivers each message exactly once to every listener of every process', async () => {
    const [one, two] = [bus(), bus()];
    const received = { a1: [] as unknown[], a2: [] as unknown[], b1: [] as unknown[] };
    await one.subscribe('events', (m) => received.a1.push(m));
    await one.subscribe('events', (m) => received.a2.push(m));
    await two.subscribe('events', (m) => received.b1.push(m));
    for (let i = 0; i < 20; i += 1) await (i % 2 ? one : two).publish('events', { i });
    await until(
      () => received.a1.length + received.a2.length + received.b1.length === 60,
      'all deliveries',
    );
    await sleep(100);
    const expected = Array.from({ length: 20 }, (_, i) => ({ i }));
    expect(received.a1).toEqual(expected);
    expect(received.a2).toEqual(expected);
    expect(received.b1).toEqual(expected);
  });

  it('unsubscribes from Redis when the last listener of a channel leaves', async () => {
    const one = bus();
    const offs = await Promise.all(
      Array.from({ length: 5 }, () => one.subscribe('churn', () => undefined)),
    );
    expect(one.listenerCount('churn')).toBe(5);
    await Promise.all(offs.map((off) => off()));
    expect(one.listenerCount()).toBe(0);
    const { Redis } = await import('ioredis');
    const admin = new Redis(REDIS_URL);
    try {
      const [, count] = (await admin.pubsub('NUMSUB', `${prefix}churn`)) as [string, number];
      expect(Number(count)).toBe(0);
    } finally {
      admin.disconnect();
    }
  });

  it('streams a channel through subscribeStream with per-message filtering', async () => {
    const one = bus();
    const stream = await subscribeStream<number>(one, 'numbers', {
      map: async (m) => {
        const n = (m as { n: number }).n;
        await sleep(n % 3);
        return n % 2 ? n : SKIP;
      },
    });
    for (let n = 0; n < 10; n += 1) await one.publish('numbers', { n });
    const seen: number[] = [];
    for await (const n of stream) {
      seen.push(n);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual([1, 3, 5, 7, 9]);
    expect(one.listenerCount()).toBe(0);
  });
});
