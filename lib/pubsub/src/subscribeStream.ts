import { AsyncQueue, SKIP, type Skip } from './AsyncQueue';
import type { PubSub } from './PubSub';

export interface StreamOptions<T> {
  /** Turns a message into a stream item, or SKIP to leave it out; a throw ends the stream. */
  map: (message: unknown) => T | Skip | Promise<T | Skip>;
  highWaterMark?: number;
  overflowError?: () => unknown;
}

/**
 * The messages of one channel as an async iterator (e.g. for a GraphQL subscription resolver).
 * Resolves once the bus delivers to it; `return()` unsubscribes. Messages are mapped
 * concurrently and yielded in the order they arrived.
 */
export async function subscribeStream<T>(
  pubsub: PubSub,
  channel: string,
  options: StreamOptions<T>,
): Promise<AsyncQueue<T>> {
  // `onClose` runs only once the stream is handed out, so after `unsubscribe` is set.
  const queue = new AsyncQueue<T>({
    highWaterMark: options.highWaterMark ?? 1000,
    overflowError: options.overflowError,
    onClose: () => unsubscribe(),
  });
  const unsubscribe = await pubsub.subscribe(channel, (message) => {
    queue.push(new Promise<T | Skip>((resolve) => resolve(options.map(message))));
  });
  return queue;
}

export { SKIP };
