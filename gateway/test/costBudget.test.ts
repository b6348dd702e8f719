import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { MemoryCostBudget, RedisCostBudget } from '../src/limits/costBudget';
import { waitFor } from './support/helpers';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('MemoryCostBudget', () => {
  it('spends points per client per window and refuses without spending', async () => {
    let now = 1_000;
    const budget = new MemoryCostBudget({ points: 100, windowMs: 10_000 }, () => now);
    expect(await budget.charge('a', 60)).toEqual({ allowed: true });
    now += 4_000;
    expect(await budget.charge('a', 50)).toEqual({ allowed: false, retryAfterMs: 6_000 });
    // The refusal spent nothing: 40 still fit.
    expect(await budget.charge('a', 40)).toEqual({ allowed: true });
    expect(await budget.charge('b', 100)).toEqual({ allowed: true });
    now += 6_000;
    expect(await budget.charge('a', 100)).toEqual({ allowed: true });
  });
});

describe('RedisCostBudget', () => {
  const budget = new RedisCostBudget(
    REDIS_URL,
    { points: 100, windowMs: 300 },
    pino({ level: 'silent' }),
  );
  afterAll(() => budget.close());

  it('refuses over the window budget and allows again once the window has passed', async () => {
    const client = `test-${randomUUID()}`;
    expect(await budget.charge(client, 70)).toEqual({ allowed: true });
    const refused = await budget.charge(client, 40);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeLessThanOrEqual(300);
    expect(await budget.charge(client, 30)).toEqual({ allowed: true });
    await waitFor(async () => (await budget.charge(client, 100)).allowed, { what: 'a new window' });
  });

  it('allows (and logs) when Redis cannot be reached', async () => {
    const down = new RedisCostBudget(
      'redis://127.0.0.1:1',
      { points: 1, windowMs: 1000 },
      pino({ level: 'silent' }),
    );
    try {
      expect(await down.charge('x', 1_000)).toEqual({ allowed: true });
    } finally {
      await down.close();
    }
  });
});
