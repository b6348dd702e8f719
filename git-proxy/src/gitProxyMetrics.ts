import { Counter, Histogram, type Registry } from 'prom-client';

export type StreamDirection = 'to_upstream' | 'to_client';

export interface GitProxyMetrics {
  bytesStreamed: Counter<'direction' | 'service'>;
  requests: Counter<'service' | 'status'>;
  duration: Histogram<'service' | 'endpoint'>;
}

/** The proxy's own series, next to the HTTP metrics every service has. */
export function createGitProxyMetrics(registry: Registry): GitProxyMetrics {
  return {
    bytesStreamed: new Counter({
      name: 'git_bytes_streamed_total',
      help: 'Bytes of git traffic streamed through the proxy',
      labelNames: ['direction', 'service'],
      registers: [registry],
    }),
    requests: new Counter({
      name: 'git_requests_total',
      help: 'Git smart-HTTP requests by service and response status',
      labelNames: ['service', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'git_request_duration_seconds',
      help: 'Duration of git smart-HTTP requests, gate and streaming included',
      labelNames: ['service', 'endpoint'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
  };
}
