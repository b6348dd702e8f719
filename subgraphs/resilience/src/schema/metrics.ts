import { DomainError } from '@gitforge/errors';
import { intervalStream } from '../pubsub/intervalStream';
import type { ResilienceManager, ServiceState } from '../services/ResilienceManager';
import type { StrategyKind } from '../strategies/types';
import { builder } from './builder';
import { ServiceStateEnum, StrategyKindEnum } from './enums';

interface MetricsSample {
  at: Date;
  state: ServiceState;
  strategy: StrategyKind;
  keys: number;
  writesPerSecond: number;
  readsPerSecond: number;
  writeLatencyP50Ms: number | null;
  writeLatencyP99Ms: number | null;
  replicasInSync: number;
  replicasTotal: number;
}

const MetricsRef = builder.objectRef<MetricsSample>('ResilienceMetrics').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    state: t.field({ type: ServiceStateEnum, resolve: (m) => m.state }),
    strategy: t.field({ type: StrategyKindEnum, resolve: (m) => m.strategy }),
    keys: t.exposeInt('keys'),
    writesPerSecond: t.exposeFloat('writesPerSecond', { description: 'Since the previous sample' }),
    readsPerSecond: t.exposeFloat('readsPerSecond'),
    writeLatencyP50Ms: t.exposeFloat('writeLatencyP50Ms', { nullable: true }),
    writeLatencyP99Ms: t.exposeFloat('writeLatencyP99Ms', { nullable: true }),
    replicasInSync: t.exposeInt('replicasInSync'),
    replicasTotal: t.exposeInt('replicasTotal'),
  }),
});

function sampler(manager: ResilienceManager): () => Promise<MetricsSample> {
  let last = { at: Date.now(), writes: manager.writesTotal, reads: manager.readsTotal };
  return async () => {
    const now = { at: Date.now(), writes: manager.writesTotal, reads: manager.readsTotal };
    const seconds = Math.max(0.001, (now.at - last.at) / 1000);
    const rates = {
      writesPerSecond: (now.writes - last.writes) / seconds,
      readsPerSecond: (now.reads - last.reads) / seconds,
    };
    last = now;
    const { kind } = manager.active;
    const described = await manager.describe();
    const [latency] = manager.latency.summary(kind);
    return {
      at: new Date(now.at),
      state: manager.state,
      strategy: kind,
      keys: described.keys,
      ...rates,
      writeLatencyP50Ms: latency?.p50Ms ?? null,
      writeLatencyP99Ms: latency?.p99Ms ?? null,
      replicasInSync: described.replicas.filter((r) => r.state === 'IN_SYNC').length,
      replicasTotal: described.replicas.length,
    };
  };
}

builder.subscriptionField('resilienceMetrics', (t) =>
  t.field({
    type: MetricsRef,
    description: 'A sample every intervalMs (100..60000)',
    args: { intervalMs: t.arg.int({ defaultValue: 1000 }) },
    subscribe: (_root, args, ctx) => {
      const intervalMs = args.intervalMs ?? 1000;
      if (intervalMs < 100 || intervalMs > 60_000) {
        throw new DomainError('BAD_USER_INPUT', 'intervalMs: must be 100..60000', 'intervalMs');
      }
      return intervalStream(intervalMs, sampler(ctx.manager));
    },
    resolve: (sample) => sample,
  }),
);
