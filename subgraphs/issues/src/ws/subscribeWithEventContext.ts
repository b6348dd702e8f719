import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';

/**
 * graphql-js `subscribe`, except that every event is executed with a context of its own (like
 * a request), so per-request caches such as DataLoaders never serve one event's reads to the
 * next. `return()` reaches the source stream directly, even while it waits for an event.
 */
export async function subscribeWithEventContext(
  args: ExecutionArgs,
  contextForEvent: () => unknown,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]();
  const stop = async (): Promise<IteratorResult<ExecutionResult, undefined>> => {
    await events.return?.();
    return { done: true, value: undefined };
  };
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const event = await events.next();
      if (event.done) return { done: true, value: undefined };
      const result = await execute({
        ...args,
        rootValue: event.value,
        contextValue: contextForEvent(),
      });
      return { done: false, value: result };
    },
    return: stop,
    throw: stop,
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}
