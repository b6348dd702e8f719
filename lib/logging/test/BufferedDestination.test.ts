import pino from 'pino';
import { BufferedDestination, logSyncFromEnv, type WriteOut } from '@gitforge/logging';

/** An output that takes at most `room` bytes until given more, like a pipe. */
function fakePipe(room = Infinity) {
  const state = { room, written: '', writes: 0, gone: false };
  const writeOut: WriteOut = (data) => {
    if (state.gone) throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' });
    if (state.room <= 0) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
    const taken = Math.min(state.room, data.length);
    state.room -= taken;
    state.written += data.subarray(0, taken).toString('utf8');
    state.writes += 1;
    return taken;
  };
  return { state, writeOut };
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { seq?: number; msg: string });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('BufferedDestination', () => {
  it('writes many lines in one write once the interval has passed, and not before', () => {
    const pipe = fakePipe();
    const logger = pino({}, new BufferedDestination(pipe.writeOut, { flushIntervalMs: 100 }));
    for (let seq = 0; seq < 50; seq += 1) logger.info({ seq }, 'line');
    jest.advanceTimersByTime(99);
    expect(pipe.state.writes).toBe(0);
    jest.advanceTimersByTime(1);
    expect(pipe.state.writes).toBe(1);
    expect(lines(pipe.state.written).map((line) => line.seq)).toEqual([...Array(50).keys()]);
  });

  it('writes once minLength bytes are pending, without waiting for the interval', () => {
    const pipe = fakePipe();
    const logger = pino({}, new BufferedDestination(pipe.writeOut, { minLength: 1000 }));
    let seq = 0;
    while (pipe.state.writes === 0) logger.info({ seq: seq++ }, 'line');
    expect(pipe.state.written.length).toBeGreaterThanOrEqual(1000);
    expect(lines(pipe.state.written)).toHaveLength(seq);
  });

  it('writes error and fatal lines at once, with what was pending before them', () => {
    const pipe = fakePipe();
    const logger = pino({}, new BufferedDestination(pipe.writeOut));
    logger.info('before');
    expect(pipe.state.writes).toBe(0);
    logger.error('failed');
    expect(lines(pipe.state.written).map((line) => line.msg)).toEqual(['before', 'failed']);
  });

  it('keeps what a full pipe did not take and writes it, in order and whole, once there is room', () => {
    const pipe = fakePipe(100);
    const destination = new BufferedDestination(pipe.writeOut, { minLength: 0, retryMs: 20 });
    const logger = pino({}, destination);
    for (let seq = 0; seq < 20; seq += 1) logger.info({ seq }, 'line');
    expect(pipe.state.written).toHaveLength(100); // cut mid-line by the full pipe
    pipe.state.room = Infinity;
    jest.advanceTimersByTime(20);
    expect(lines(pipe.state.written).map((line) => line.seq)).toEqual([...Array(20).keys()]);
  });

  it('drops lines beyond maxBufferedLength while the reader is behind, then says how many', () => {
    const pipe = fakePipe(0);
    const destination = new BufferedDestination(pipe.writeOut, {
      minLength: 0,
      maxBufferedLength: 2000,
    });
    const logger = pino({}, destination);
    for (let seq = 0; seq < 100; seq += 1) logger.info({ seq }, 'line');
    const dropped = destination.dropped;
    expect(dropped).toBeGreaterThan(50);
    pipe.state.room = Infinity;
    jest.advanceTimersByTime(20);
    const written = lines(pipe.state.written);
    expect(written.map((line) => line.seq ?? line.msg)).toEqual([
      ...Array(100 - dropped).keys(),
      `${dropped} log lines dropped: the output was not read`,
    ]);
    expect(destination.dropped).toBe(0);
  });

  it('stops writing once the reader is gone (EPIPE)', () => {
    const pipe = fakePipe();
    const destination = new BufferedDestination(pipe.writeOut, { minLength: 0 });
    const logger = pino({}, destination);
    logger.info('arrives');
    pipe.state.gone = true;
    logger.info('lost');
    logger.info('not tried');
    expect(lines(pipe.state.written).map((line) => line.msg)).toEqual(['arrives']);
    expect(pipe.state.writes).toBe(1);
    expect(destination.dropped).toBe(2);
  });

  it('at exit writes everything pending, and gives up on a full pipe after exitFlushMs', () => {
    jest.useRealTimers(); // flushAtExit waits synchronously
    const pipe = fakePipe();
    const destination = new BufferedDestination(pipe.writeOut);
    pino({}, destination).info('pending at exit');
    destination.flushAtExit();
    expect(lines(pipe.state.written).map((line) => line.msg)).toEqual(['pending at exit']);

    const full = fakePipe(0);
    const stuck = new BufferedDestination(full.writeOut, { exitFlushMs: 200 });
    pino({}, stuck).info('never read');
    const started = Date.now();
    stuck.flushAtExit();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('logSyncFromEnv', () => {
  it('is off by default, on for true/1/yes, and refuses other values', () => {
    expect(logSyncFromEnv({})).toBe(false);
    expect(logSyncFromEnv({ LOG_SYNC: 'true' })).toBe(true);
    expect(logSyncFromEnv({ LOG_SYNC: 'yes' })).toBe(true);
    expect(logSyncFromEnv({ LOG_SYNC: '0' })).toBe(false);
    expect(() => logSyncFromEnv({ LOG_SYNC: 'sometimes' })).toThrow(/LOG_SYNC/);
  });
});
