import type { GraphQLDataSource } from '@apollo/gateway';

type ProcessOptions = Parameters<GraphQLDataSource['process']>[0];
type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * The gateway's data sources, with identical calls in flight at the same moment made once.
 * One event reaches every subscriber of a feed at once, and each subscription resolves it on
 * its own: without this, N subscribers with the same selection make N identical `_entities`
 * calls. Calls are identical when subgraph, caller's Authorization, document and variables
 * are (so one viewer never sees another's answer); nothing is kept once the call returns, and
 * each caller gets its own copy, since the gateway's plan execution writes into responses.
 */
export function coalescingDataSources(
  sources: Readonly<Record<string, GraphQLDataSource>>,
): Readonly<Record<string, GraphQLDataSource>> {
  const inFlight = new Map<string, Promise<Response>>();
  const wrapped = new WeakMap<GraphQLDataSource, GraphQLDataSource>();
  const wrap = (name: string): GraphQLDataSource | undefined => {
    const source = sources[name];
    if (!source) return undefined;
    let coalescing = wrapped.get(source);
    if (!coalescing) {
      coalescing = {
        process: async (options: ProcessOptions) => {
          const key = keyOf(name, options);
          if (key === undefined) return source.process(options);
          let call = inFlight.get(key);
          if (!call) {
            call = source.process(options).finally(() => inFlight.delete(key));
            inFlight.set(key, call);
          }
          const { data, errors, extensions } = await call;
          return structuredClone({ data, errors, extensions });
        },
      };
      wrapped.set(source, coalescing);
    }
    return coalescing;
  };
  return new Proxy(sources, {
    get: (_target, name) => (typeof name === 'string' ? wrap(name) : undefined),
  });
}

function keyOf(name: string, options: ProcessOptions): string | undefined {
  const { query, variables } = options.request;
  // Only reads are shared (per-event plans hold nothing else).
  if (!query || /^\s*mutation\b/.test(query)) return undefined;
  const context = options.context as { authorization?: string };
  return JSON.stringify([name, context.authorization ?? '', query, variables ?? {}]);
}
