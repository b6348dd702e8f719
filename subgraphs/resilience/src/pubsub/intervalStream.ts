import { AsyncQueue } from '@gitforge/pubsub';

/** `produce()` every `intervalMs` until the subscriber leaves (its return() stops the timer). */
export function intervalStream<T>(intervalMs: number, produce: () => Promise<T>): AsyncQueue<T> {
  const timer = setInterval(() => queue.push(produce()), intervalMs);
  const queue = new AsyncQueue<T>({ highWaterMark: 100, onClose: () => clearInterval(timer) });
  return queue;
}
