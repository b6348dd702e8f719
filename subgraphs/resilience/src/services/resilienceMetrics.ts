import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ResilienceMetrics = ReturnType<typeof createResilienceMetrics>;

/** The resilience layer's own Prometheus series, next to the shared HTTP ones. */
export function createResilienceMetrics(registry: Registry) {
  const registers = [registry];
  return {
    writes: new Counter({
      name: 'resilience_writes_total',
      help: 'Acknowledged key/value writes',
      labelNames: ['strategy'],
      registers,
    }),
    writeDuration: new Histogram({
      name: 'resilience_write_duration_seconds',
      help: 'Time for the active strategy to acknowledge a write (or batch)',
      labelNames: ['strategy'],
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 2.5],
      registers,
    }),
    recoveryRto: new Histogram({
      name: 'resilience_recovery_seconds',
      help: 'Recovery time measured around the strategy recovery',
      labelNames: ['strategy', 'source'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    recoveries: new Counter({
      name: 'resilience_recoveries_total',
      help: 'Recoveries by strategy and outcome (succeeded, failed)',
      labelNames: ['strategy', 'outcome'],
      registers,
    }),
    lostWrites: new Counter({
      name: 'resilience_acknowledged_writes_lost_total',
      help: 'Acknowledged writes found missing or wrong after a recovery',
      labelNames: ['strategy'],
      registers,
    }),
    faults: new Counter({
      name: 'resilience_faults_injected_total',
      help: 'Faults injected through injectFailure',
      labelNames: ['strategy', 'fault'],
      registers,
    }),
    replicasInSync: new Gauge({
      name: 'resilience_replicas_in_sync',
      help: 'Replica processes that are up and in sync',
      registers,
    }),
  };
}
