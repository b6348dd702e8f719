import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  httpRequestsTotal: Counter<'method' | 'route' | 'status'>;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  httpRequestsInFlight: Gauge;
  databaseConnections: Gauge<'state'>;
  /** Reports the pool's connections (`used`, `idle`) on every scrape, sampled at that moment. */
  trackDatabasePool(sample: () => DatabasePoolSample): void;
}

export interface DatabasePoolSample {
  used: number;
  idle: number;
  /** The pool's size limit: `used` at `max` with callers `waiting` is an exhausted pool. */
  max?: number;
  /** Callers waiting for a connection. */
  waiting?: number;
}

/** The metrics every GitForge service exposes on `/metrics`, in a registry of its own. */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  let samplePool: (() => DatabasePoolSample) | undefined;
  return {
    registry,
    httpRequestsTotal: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    httpRequestsInFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being handled',
      registers: [registry],
    }),
    databaseConnections: new Gauge({
      name: 'database_connections',
      help: 'Database pool connections by state (used, idle; max is the limit, waiting the callers queued for one)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        if (!samplePool) return;
        const { used, idle, max, waiting } = samplePool();
        this.set({ state: 'used' }, used);
        this.set({ state: 'idle' }, idle);
        if (max !== undefined) this.set({ state: 'max' }, max);
        if (waiting !== undefined) this.set({ state: 'waiting' }, waiting);
      },
    }),
    trackDatabasePool(sample) {
      samplePool = sample;
    },
  };
}
