import { setTimeout as sleep } from 'node:timers/promises';
import { AsyncQueue, SKIP } from '../src/AsyncQueue';

describe('AsyncQueue', () => {
  it('yields pushed values and promises in push order, skipping SKIP', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(sleep(30).then(() => 1));
    queue.push(2);
    queue.push(Promise.resolve(SKIP));
    queue.push(sleep(5).then(() => 3));
    queue.end();
    const seen: number[] = [];
    for await (const value of queue) seen.push(value);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('ends a pending next() at once on return() and runs onClose once', async () => {
    const onClose = jest.fn();
    const queue = new AsyncQueue<number>({ onClose });
    const pending = queue.next();
    await queue.return();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await queue.return();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(queue.push(1)).toBe(false);
  });

  it('fails after the queued items, and on overflow at once', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.fail(new Error('gone'));
    await expect(queue.next()).resolves.toEqual({ done: false, value: 1 });
    await expect(queue.next()).rejects.toThrow('gone');

    const small = new AsyncQueue<number>({
      highWaterMark: 2,
      overflowError: () => new Error('too slow'),
    });
    small.push(1);
    small.push(2);
    expect(small.push(3)).toBe(false);
    await expect(small.next()).rejects.toThrow('too slow');
  });

  it('reports a rejected item from next() without an unhandled rejection', async () => {
    const onClose = jest.fn();
    const queue = new AsyncQueue<number>({ onClose });
    queue.push(Promise.reject(new Error('bad event')));
    await sleep(5);
    await expect(queue.next()).rejects.toThrow('bad event');
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
