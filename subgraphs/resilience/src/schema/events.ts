import { subscribeEvents } from '../pubsub/resilienceEvents';
import type { ResilienceEvent } from '../services/events';
import { builder } from './builder';
import { StrategyConfigRef } from './config';
import { FaultKindEnum, ResilienceEventKindEnum, StrategyKindEnum } from './enums';
import { RecoveryReportRef } from './recoveryReport';
import { ReplicaStatusRef } from './replica';

type Of<K extends ResilienceEvent['kind']> = Extract<ResilienceEvent, { kind: K }>;

const typeNames: Record<ResilienceEvent['kind'], string> = {
  STRATEGY_SWITCHED: 'StrategySwitchedEvent',
  FAULT_INJECTED: 'FaultInjectedEvent',
  RECOVERY_STARTED: 'RecoveryStartedEvent',
  RECOVERY_COMPLETED: 'RecoveryCompletedEvent',
  REPLICA_UP: 'ReplicaEvent',
  REPLICA_DOWN: 'ReplicaEvent',
};

export const ResilienceEventRef = builder
  .interfaceRef<ResilienceEvent>('ResilienceEvent')
  .implement({
    fields: (t) => ({
      kind: t.field({ type: ResilienceEventKindEnum, resolve: (e) => e.kind }),
      at: t.expose('at', { type: 'DateTime' }),
      strategy: t.field({
        type: StrategyKindEnum,
        description: 'The strategy active at the time',
        resolve: (e) => e.strategy,
      }),
    }),
    resolveType: (event) => typeNames[event.kind],
  });

builder.objectRef<Of<'STRATEGY_SWITCHED'>>('StrategySwitchedEvent').implement({
  interfaces: [ResilienceEventRef],
  fields: (t) => ({
    from: t.field({ type: StrategyKindEnum, resolve: (e) => e.from }),
    config: t.field({ type: StrategyConfigRef, resolve: (e) => e.config }),
    keysMoved: t.exposeInt('keysMoved'),
    durationMs: t.exposeFloat('durationMs'),
  }),
});

builder.objectRef<Of<'FAULT_INJECTED'>>('FaultInjectedEvent').implement({
  interfaces: [ResilienceEventRef],
  fields: (t) => ({
    fault: t.field({ type: FaultKindEnum, resolve: (e) => e.fault }),
    node: t.exposeInt('node', { nullable: true }),
    detail: t.exposeString('detail'),
  }),
});

builder.objectRef<Of<'RECOVERY_STARTED'>>('RecoveryStartedEvent').implement({
  interfaces: [ResilienceEventRef],
  fields: (t) => ({
    fault: t.field({ type: FaultKindEnum, nullable: true, resolve: (e) => e.fault }),
  }),
});

builder.objectRef<Of<'RECOVERY_COMPLETED'>>('RecoveryCompletedEvent').implement({
  interfaces: [ResilienceEventRef],
  fields: (t) => ({
    report: t.field({ type: RecoveryReportRef, resolve: (e) => e.report }),
  }),
});

builder.objectRef<Of<'REPLICA_UP' | 'REPLICA_DOWN'>>('ReplicaEvent').implement({
  description:
    'REPLICA_UP: in sync and counting toward the quorum again; REPLICA_DOWN: its process is gone',
  interfaces: [ResilienceEventRef],
  fields: (t) => ({
    replica: t.field({ type: ReplicaStatusRef, resolve: (e) => e.replica }),
  }),
});

builder.subscriptionField('resilienceEvents', (t) =>
  t.field({
    type: ResilienceEventRef,
    description:
      'Strategy switches, faults, recoveries (with their reports) and replicas going up or down',
    args: { kinds: t.arg({ type: [ResilienceEventKindEnum] }) },
    subscribe: (_root, { kinds }, ctx) => subscribeEvents(ctx.pubsub, kinds),
    resolve: (event) => event,
  }),
);
