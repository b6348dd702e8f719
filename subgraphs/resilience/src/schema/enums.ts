import { resilienceEventKinds } from '../services/events';
import {
  faultKinds,
  fsyncPolicies,
  quorums,
  recoverySources,
  strategyKinds,
} from '../strategies/types';
import { builder } from './builder';

export const StrategyKindEnum = builder.enumType('StrategyKind', {
  description:
    'BASELINE: memory only. CHECKPOINTING: snapshots + write-ahead log. REPLICATION: N replica processes. HYBRID: both. SQL: the issues database (reference).',
  values: strategyKinds,
});

export const FsyncPolicyEnum = builder.enumType('FsyncPolicy', {
  description:
    'ALWAYS: fsync per acknowledged write. GROUP: group commit. NONE: write(2) only (survives a process kill, not a power loss).',
  values: fsyncPolicies,
});

export const QuorumEnum = builder.enumType('Quorum', { values: quorums });

export const FaultKindEnum = builder.enumType('FaultKind', {
  description:
    'Real faults: PROCESS_CRASH SIGKILLs the subgraph, REPLICA_CRASH / ALL_REPLICAS_CRASH SIGKILL replica processes, the disk faults damage files and drop memory.',
  values: faultKinds,
});

export const RecoverySourceEnum = builder.enumType('RecoverySource', { values: recoverySources });

export const ReplicaStateEnum = builder.enumType('ReplicaState', {
  values: ['IN_SYNC', 'SYNCING', 'STALE', 'DOWN'] as const,
});

export const ServiceStateEnum = builder.enumType('ResilienceServiceState', {
  description:
    'RECOVERY_PENDING: the strategy lost its state (or the process restarted); reads and writes wait for recover.',
  values: ['SERVING', 'RECOVERY_PENDING', 'RECOVERING', 'SWITCHING'] as const,
});

export const ResilienceEventKindEnum = builder.enumType('ResilienceEventKind', {
  values: resilienceEventKinds,
});
