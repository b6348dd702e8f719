import { Gauge, type Registry } from 'prom-client';

export interface ExecutionStats {
  /** `/graphql` requests the fast path answered, and those it left to Apollo Server. */
  fastPathAnswers: number;
  apolloAnswers: number;
  preparedOperations: number;
  preparedBytes: number;
  persistedQueries: number;
  /** Subgraph calls answered by an identical in-flight call (anonymous queries). */
  sharedSubgraphCalls: number;
}

/** The fast path's counts and cache sizes on `/metrics`, read when scraped. */
export function registerExecutionMetrics(registry: Registry, stats: () => ExecutionStats): void {
  const gauges: [string, string, keyof ExecutionStats][] = [
    ['gateway_fast_path_answers', 'HTTP operations answered by the fast path', 'fastPathAnswers'],
    [
      'gateway_fast_path_apollo_answers',
      'HTTP operations left to Apollo Server (request errors, introspection, ...)',
      'apolloAnswers',
    ],
    [
      'gateway_prepared_operations',
      'Operations in the prepared-operation cache',
      'preparedOperations',
    ],
    [
      'gateway_prepared_operation_bytes',
      'Approximate size of the prepared-operation cache',
      'preparedBytes',
    ],
    ['gateway_persisted_queries', 'Queries in the APQ store', 'persistedQueries'],
    [
      'gateway_shared_subgraph_calls',
      'Subgraph calls answered by an identical in-flight call',
      'sharedSubgraphCalls',
    ],
  ];
  for (const [name, help, key] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(stats()[key]);
      },
    });
  }
}
