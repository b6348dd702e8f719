import type { LatencySummary } from '../services/LatencyStats';
import type { ServiceState } from '../services/ResilienceManager';
import type { FaultRecord } from '../services/FaultLog';
import type { CheckpointInfo, StrategyConfig, StrategyKind } from '../strategies/types';
import { builder } from './builder';
import { StrategyConfigRef } from './config';
import { FaultKindEnum, ServiceStateEnum, StrategyKindEnum } from './enums';
import { RecoveryReportRef } from './recoveryReport';
import { ReplicaStatusRef } from './replica';
import { viewerIsSiteAdmin } from './requireSiteAdmin';

const processStartedAt = new Date(Date.now() - process.uptime() * 1000);

interface Status {
  state: ServiceState;
  strategy: StrategyKind;
  config: StrategyConfig;
  activatedAt: Date;
  pid: number;
  lastSeq: number;
}

const LatencyRef = builder.objectRef<LatencySummary>('StrategyWriteLatency').implement({
  description:
    'Time for a strategy to acknowledge a write, over its last 10,000 writes in this process',
  fields: (t) => ({
    strategy: t.field({ type: StrategyKindEnum, resolve: (l) => l.strategy }),
    writes: t.exposeInt('writes'),
    samples: t.exposeInt('samples'),
    p50Ms: t.exposeFloat('p50Ms'),
    p99Ms: t.exposeFloat('p99Ms'),
  }),
});

const SnapshotRef = builder
  .objectRef<CheckpointInfo['snapshots'][number]>('SnapshotFile')
  .implement({
    fields: (t) => ({
      seq: t.exposeInt('seq'),
      bytes: t.exposeInt('bytes'),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
    }),
  });

const CheckpointRef = builder.objectRef<CheckpointInfo>('CheckpointStatus').implement({
  fields: (t) => ({
    snapshots: t.field({ type: [SnapshotRef], resolve: (c) => c.snapshots }),
    walSegment: t.exposeInt('walSegments', {
      description: 'Number of the log segment being written',
    }),
    walBytesWritten: t.exposeInt('walBytes'),
    writesSinceSnapshot: t.exposeInt('writesSinceSnapshot'),
  }),
});

const FaultRef = builder.objectRef<FaultRecord>('FaultRecord').implement({
  fields: (t) => ({
    fault: t.field({ type: FaultKindEnum, resolve: (f) => f.fault }),
    strategy: t.field({ type: StrategyKindEnum, resolve: (f) => f.strategy }),
    node: t.exposeInt('node', { nullable: true }),
    at: t.field({ type: 'DateTime', resolve: (f) => new Date(f.at) }),
    pid: t.exposeInt('pid'),
    detail: t.exposeString('detail'),
  }),
});

export const ResilienceStatusRef = builder.objectRef<Status>('ResilienceStatus').implement({
  fields: (t) => ({
    state: t.field({ type: ServiceStateEnum, resolve: (s) => s.state }),
    strategy: t.field({ type: StrategyKindEnum, resolve: (s) => s.strategy }),
    config: t.field({ type: StrategyConfigRef, resolve: (s) => s.config }),
    activatedAt: t.expose('activatedAt', { type: 'DateTime' }),
    pid: t.exposeInt('pid', { description: 'The subgraph process (PROCESS_CRASH kills it)' }),
    processStartedAt: t.field({
      type: 'DateTime',
      description:
        'When this process started: changes with every restart (pids repeat in containers)',
      resolve: () => processStartedAt,
    }),
    lastSeq: t.exposeInt('lastSeq'),
    keys: t.int({ resolve: async (_s, _a, ctx) => (await ctx.manager.describe()).keys }),
    replicas: t.field({
      type: [ReplicaStatusRef],
      resolve: async (_s, _a, ctx) => (await ctx.manager.describe()).replicas,
    }),
    checkpoint: t.field({
      type: CheckpointRef,
      nullable: true,
      resolve: async (_s, _a, ctx) => (await ctx.manager.describe()).checkpoint,
    }),
    acknowledgedKeys: t.int({
      description: 'Keys in the acknowledgement ledger',
      resolve: (_s, _a, ctx) => ctx.manager.ledger.size,
    }),
    lastFault: t.field({
      type: FaultRef,
      nullable: true,
      resolve: (_s, _a, ctx) => ctx.manager.faults.last ?? null,
    }),
    recentRecoveries: t.field({
      type: [RecoveryReportRef],
      description: 'Newest first; kept across restarts',
      args: { limit: t.arg.int({ defaultValue: 10 }) },
      resolve: (_s, { limit }, ctx) =>
        ctx.manager.history.recent(Math.max(1, Math.min(50, limit ?? 10))),
    }),
    viewerCanAdminister: t.boolean({
      description:
        'Whether the viewer may switch strategies, inject faults, recover and write the workload: a site administrator (Gitea is_admin or GITFORGE_ADMINS)',
      resolve: (_s, _a, ctx) => viewerIsSiteAdmin(ctx),
    }),
    writeLatency: t.field({
      type: [LatencyRef],
      description: 'Per strategy used since this process started',
      resolve: (_s, _a, ctx) => ctx.manager.latency.summary(),
    }),
  }),
});

builder.queryField('resilience', (t) =>
  t.field({
    type: ResilienceStatusRef,
    description:
      'The active strategy, its replicas and checkpoints, recent recoveries, write latency',
    resolve: (_root, _args, ctx) => ({
      state: ctx.manager.state,
      ...ctx.manager.active,
      strategy: ctx.manager.active.kind,
      pid: process.pid,
      lastSeq: ctx.manager.lastSeq,
    }),
  }),
);
