import { retrySerializable, sqlStateOf } from '@gitforge/sql-retry';

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('retrySerializable', () => {
  it('runs the transaction again after 40001 and 40P01, reporting each retry', async () => {
    const failures = [sqlError('40001'), sqlError('40P01')];
    const retries: [number, string][] = [];
    let runs = 0;
    const result = await retrySerializable(
      async () => {
        runs += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'committed';
      },
      { baseDelayMs: 1, onRetry: (attempt, state) => retries.push([attempt, state]) },
    );
    expect(result).toBe('committed');
    expect(runs).toBe(3);
    expect(retries).toEqual([
      [1, '40001'],
      [2, '40P01'],
    ]);
  });

  it('throws any other error at once, untouched', async () => {
    const unique = sqlError('23505');
    let runs = 0;
    await expect(
      retrySerializable(async () => {
        runs += 1;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(runs).toBe(1);
  });

  it('gives up after maxAttempts with the last serialization failure', async () => {
    let runs = 0;
    const last = retrySerializable(
      async () => {
        runs += 1;
        throw sqlError('40001');
      },
      { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    );
    await expect(last).rejects.toMatchObject({ code: '40001' });
    expect(runs).toBe(4);
  });
});

describe('sqlStateOf', () => {
  it('finds the SQLSTATE of a driver error, also wrapped by an ORM', () => {
    expect(sqlStateOf(sqlError('40001'))).toBe('40001');
    expect(sqlStateOf({ previous: { code: '40P01' } })).toBe('40P01');
    expect(sqlStateOf(new Error('wrapped', { cause: sqlError('40001') }))).toBe('40001');
    expect(sqlStateOf({ code: 'ECONNRESET' })).toBeUndefined();
    expect(sqlStateOf(new Error('plain'))).toBeUndefined();
    expect(sqlStateOf(null)).toBeUndefined();
  });
});
