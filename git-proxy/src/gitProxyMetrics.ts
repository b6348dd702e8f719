import { Counter, Histogram, type Registry } from 'prom-client';

export type StreamDirection = 'to_upstream' | 'to_client';

/** What became of a git request, as the bounded `outcome` label of `git_proxy_operations_total`. */
export type GitOperationOutcome =
  | 'ok'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rejected'
  | 'client_aborted'
  /** A push refused for its owner's size quota (answered 200 with a receive-pack refusal). */
  | 'quota_refused'
  | 'upstream_error';

export interface GitProxyMetrics {
  bytesStreamed: Counter<'direction' | 'service'>;
  operations: Counter<'service' | 'outcome'>;
  duration: Histogram<'service' | 'endpoint'>;
}

/** The outcome label for a response status: the status classes an operator alerts on. */
export function outcomeOf(status: number): GitOperationOutcome {
  if (status < 400) return 'ok';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 499) return 'client_aborted';
  if (status < 500) return 'rejected';
  return 'upstream_error';
}

/** The proxy's own series, next to the HTTP metrics every service has. */
export function createGitProxyMetrics(registry: Registry): GitProxyMetrics {
  return {
    bytesStreamed: new Counter({
      name: 'git_proxy_bytes_total',
      help: 'Bytes of git traffic streamed through the proxy, by direction and git service',
      labelNames: ['direction', 'service'],
      registers: [registry],
    }),
    operations: new Counter({
      name: 'git_proxy_operations_total',
      help: 'Git smart-HTTP requests by git service and outcome',
      labelNames: ['service', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'git_proxy_request_duration_seconds',
      help: 'Duration of git smart-HTTP requests, gate and streaming included',
      labelNames: ['service', 'endpoint'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
  };
}
