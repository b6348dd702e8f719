import { countFailure, defaultBackoffPolicy, restartDelayMs } from '../src/restartBackoff';

const policy = defaultBackoffPolicy;

describe('restartDelayMs', () => {
  it('starts at 250 ms and doubles with every consecutive failure up to 10 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map((n) => restartDelayMs(n, policy));
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('treats a count below one as the first failure', () => {
    expect(restartDelayMs(0, policy)).toBe(250);
  });
});

describe('countFailure', () => {
  it('adds up failures of children that died soon after starting', () => {
    let failures = 0;
    for (let i = 0; i < 5; i++) failures = countFailure(failures, 400, policy);
    expect(failures).toBe(5);
  });

  it('starts over after a child that stayed up 30 s', () => {
    expect(countFailure(6, 29_999, policy)).toBe(7);
    expect(countFailure(6, 30_000, policy)).toBe(1);
  });
});
