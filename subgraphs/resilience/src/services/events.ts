import type { RecoveryReport } from './RecoveryReport';
import type { FaultKind, ReplicaInfo, StrategyConfig, StrategyKind } from '../strategies/types';

interface EventBase {
  at: Date;
  /** The strategy active when the event happened. */
  strategy: StrategyKind;
}

export type ResilienceEvent =
  | (EventBase & {
      kind: 'STRATEGY_SWITCHED';
      from: StrategyKind;
      config: StrategyConfig;
      keysMoved: number;
      durationMs: number;
    })
  | (EventBase & { kind: 'FAULT_INJECTED'; fault: FaultKind; node: number | null; detail: string })
  | (EventBase & { kind: 'RECOVERY_STARTED'; fault: FaultKind | null })
  | (EventBase & { kind: 'RECOVERY_COMPLETED'; report: RecoveryReport })
  | (EventBase & { kind: 'REPLICA_UP' | 'REPLICA_DOWN'; replica: ReplicaInfo });

export type ResilienceEventKind = ResilienceEvent['kind'];

export const resilienceEventKinds: readonly ResilienceEventKind[] = [
  'STRATEGY_SWITCHED',
  'FAULT_INJECTED',
  'RECOVERY_STARTED',
  'RECOVERY_COMPLETED',
  'REPLICA_UP',
  'REPLICA_DOWN',
];
