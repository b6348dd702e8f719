import { createOrm, migrate } from '../src/db/createOrm';
import { sqlStateOf, withTransaction } from '../src/db/withTransaction';
import type { MikroORM } from '@mikro-orm/postgresql';

let orm: MikroORM;
beforeAll(async () => {
  orm = await createOrm({ databaseUrl: process.env.DATABASE_URL!, poolMax: 2 });
  await migrate(orm);
});
afterAll(async () => {
  await orm?.close();
});

const serializationFailure = () =>
  Object.assign(new Error('could not serialize access'), { code: '40001' });

describe('withTransaction', () => {
  it('runs at SERIALIZABLE', async () => {
    const level = await withTransaction(orm.em, async (tx) => {
      const [row] = await tx.execute<{ transaction_isolation: string }[]>(
        'show transaction_isolation',
      );
      return row?.transaction_isolation;
    });
    expect(level).toBe('serializable');
  });

  it('retries the whole transaction on 40001 and rolls back the failed attempts', async () => {
    const key = `retry-${Date.now()}-${Math.random()}`;
    let attempts = 0;
    const retried: number[] = [];
    const result = await withTransaction(
      orm.em,
      async (tx) => {
        attempts++;
        await tx.execute(
          `insert into repository_counters (repository, last_issue_number) values (?, 1)
           on conflict (repository) do update set last_issue_number = repository_counters.last_issue_number + 1`,
          [key],
        );
        if (attempts < 3) throw serializationFailure();
        return 'done';
      },
      { baseDelayMs: 1, onRetry: (attempt) => retried.push(attempt) },
    );
    expect(result).toBe('done');
    expect(retried).toEqual([1, 2]);
    // Only the successful attempt's increment survived.
    const [row] = await orm.em
      .fork()
      .execute<{ last_issue_number: number }[]>(
        'select last_issue_number from repository_counters where repository = ?',
        [key],
      );
    expect(Number(row!.last_issue_number)).toBe(1);
  });

  it('does not retry other errors', async () => {
    let attempts = 0;
    await expect(
      withTransaction(orm.em, async () => {
        attempts++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(attempts).toBe(1);
  });

  it('gives up after maxAttempts', async () => {
    let attempts = 0;
    await expect(
      withTransaction(
        orm.em,
        async () => {
          attempts++;
          throw serializationFailure();
        },
        { maxAttempts: 4, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('could not serialize');
    expect(attempts).toBe(4);
  });

  it('finds the SQLSTATE on wrapped driver errors', () => {
    expect(sqlStateOf({ previous: { code: '40001' } })).toBe('40001');
    expect(sqlStateOf(new Error('plain'))).toBeUndefined();
    expect(sqlStateOf({ code: 'ECONNRESET' })).toBeUndefined();
  });
});
