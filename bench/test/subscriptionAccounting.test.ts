import { account, histogram, summarize } from '../subscriptions/accounting';
import type { ClientData } from '../subscriptions/clientProtocol';
import { fromParsed, readEvent } from '../subscriptions/eventMessage';
import { benchRepositories, mayRead, subscribers, userLogin } from '../subscriptions/population';

function client(received: [n: number, at: number][]): ClientData {
  return {
    ns: Int32Array.from(received.map(([n]) => n)),
    times: Float64Array.from(received.map(([, at]) => at)),
    errors: [],
    attempts: 1,
    unexpectedCloses: 0,
  };
}

describe('subscription bench population', () => {
  const repos = benchRepositories(10, 3);

  it('makes the last repositories private, readable by the owner and one user in four', () => {
    expect(repos.filter((r) => r.private).map((r) => r.index)).toEqual([7, 8, 9]);
    const repo7 = repos[7]!;
    expect(mayRead(null, repo7)).toBe(false);
    expect(mayRead('benchowner', repo7)).toBe(true);
    expect(mayRead(userLogin(3), repo7)).toBe(true); // 3 % 4 === 7 % 4
    expect(mayRead(userLogin(4), repo7)).toBe(false);
    expect(mayRead('user3x', repo7)).toBe(false);
    expect(mayRead(null, repos[0]!)).toBe(true);
  });

  it('spreads subscribers over readable repositories only, with every user and anonymous ones', () => {
    const specs = subscribers(10_000, 1000, repos, 30);
    const anonymous = specs.filter((s) => s.user === null);
    expect(anonymous).toHaveLength(3000);
    expect(new Set(specs.map((s) => s.user).filter((u) => u !== null)).size).toBe(1000);
    for (const spec of specs) {
      const login = spec.user === null ? null : userLogin(spec.user);
      expect(mayRead(login, repos[spec.repository]!)).toBe(true);
    }
    const perRepository = repos.map((r) => specs.filter((s) => s.repository === r.index).length);
    expect(Math.min(...perRepository)).toBeGreaterThan(0);
    expect(perRepository.slice(7).every((n) => n > 0)).toBe(true);
  });
});

describe('subscription bench accounting', () => {
  // Repository 0: events 2..4 in the window (sent at 100, 200, 300); repository 1: event 0..1.
  const window = { from: [2, 0], to: [5, 2] };
  const sentAt = [
    [0, 0, 100, 200, 300],
    [50, 60],
  ];

  it('counts lost, duplicate and unexpected events per subscriber and latencies of first receipts', () => {
    const result = account(
      [
        client([
          [1, 90], // before the window: ignored
          [2, 110],
          [3, 230],
          [3, 240], // duplicate
          [4, 305],
        ]),
        client([[2, 150]]), // 3 and 4 lost
        client([
          [0, 51],
          [1, 62],
          [7, 70], // never produced in the window
        ]),
      ],
      [0, 0, 1],
      window,
      sentAt,
    );
    expect(result).toMatchObject({
      subscribers: 3,
      expected: 8,
      delivered: 6,
      lost: 2,
      duplicates: 1,
      unexpected: 1,
      subscribersWithLoss: 1,
      subscribersWithDuplicates: 1,
      maxLostPerSubscriber: 2,
      maxDuplicatesPerSubscriber: 1,
    });
    expect([...result.latencies]).toEqual([1, 2, 5, 10, 30, 50]);
    expect(summarize(result.latencies)).toEqual({ count: 6, p50: 5, p90: 50, p99: 50, max: 50 });
  });

  it('draws a histogram from the first to the last bucket used', () => {
    const picture = histogram(Float64Array.from([3, 4, 4, 12, 7000]), 10);
    const lines = picture.split('\n');
    expect(lines[0]).toMatch(/^ +≤ 5 ms \| #{10} +3 \(60\.0 %\)$/);
    expect(lines[1]).toMatch(/≤ 10 ms \| +0 \(0\.0 %\)$/);
    expect(lines.at(-1)).toMatch(/> 5000 ms \| #{3} +1 \(20\.0 %\)$/);
    expect(histogram([])).toBe('(no deliveries)');
  });

  it('ignores events of a later window that were produced, and only those', () => {
    const later = account(
      [
        client([
          [2, 110],
          [3, 210],
          [4, 310],
          [5, 400],
          [6, 500],
        ]),
      ],
      [0],
      { from: [2], to: [4], produced: [6] },
      sentAt,
    );
    expect(later).toMatchObject({ expected: 2, delivered: 2, lost: 0, unexpected: 1 });
  });
});

describe('subscription bench event messages', () => {
  const next = (event: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: '1', type: 'next', payload: { data: { issueEvents: event }, ...extra } });

  it('reads the event number and the cursor from the bytes of a compact next message', () => {
    const event = { eventId: 'x', cursor: 'MTI6YQ==', issue: { title: 'r3-417', repository: {} } };
    expect(readEvent(Buffer.from(next(event)))).toEqual({ n: 417, cursor: 'MTI6YQ==' });
    expect(readEvent(Buffer.from(next({ issue: { title: 'r0-0' } })))).toEqual({ n: 0 });
    // An escaped quote in the cursor (and a title after it) is read as JSON would.
    const odd = { cursor: 'a"b\\c', issue: { title: 'r1-9' } };
    expect(readEvent(Buffer.from(next(odd)))).toEqual({ n: 9, cursor: 'a"b\\c' });
  });

  it('leaves errors, other messages and other layouts to the parsed path', () => {
    const event = { cursor: 'c', issue: { title: 'r0-5' } };
    expect(readEvent(Buffer.from(next(event, { errors: [{ message: 'x' }] })))).toBeUndefined();
    expect(readEvent(Buffer.from('{"type":"connection_ack"}'))).toBeUndefined();
    expect(readEvent(Buffer.from(next({ issue: { title: 'r0-x' } })))).toBeUndefined();
    const spaced = JSON.stringify(JSON.parse(next(event)), null, 1);
    expect(readEvent(Buffer.from(spaced))).toBeUndefined();
    expect(fromParsed(JSON.parse(spaced) as Parameters<typeof fromParsed>[0])).toEqual({
      n: 5,
      cursor: 'c',
    });
    expect(fromParsed({ type: 'next', payload: { data: null, errors: [{}] } })).toBeUndefined();
    expect(fromParsed({ type: 'complete' })).toBeUndefined();
  });
});
