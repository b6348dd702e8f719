export const strategyKinds = ['BASELINE', 'CHECKPOINTING', 'REPLICATION', 'HYBRID', 'SQL'] as const;
export type StrategyKind = (typeof strategyKinds)[number];

export const fsyncPolicies = ['ALWAYS', 'GROUP', 'NONE'] as const;
/** ALWAYS: one fsync per acknowledged write; GROUP: writes arriving during an fsync share the next one; NONE: write(2) only. */
export type FsyncPolicy = (typeof fsyncPolicies)[number];

export const quorums = ['ONE', 'MAJORITY', 'ALL'] as const;
export type Quorum = (typeof quorums)[number];

export const faultKinds = [
  'PROCESS_CRASH',
  'MEMORY_WIPE',
  'REPLICA_CRASH',
  'ALL_REPLICAS_CRASH',
  'CORRUPT_SNAPSHOT',
  'TORN_WAL_TAIL',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** One configuration shape for every strategy; each strategy reads the fields it needs. */
export interface StrategyConfig {
  fsync: FsyncPolicy;
  snapshotEveryWrites: number;
  snapshotIntervalMs: number;
  replicas: number;
  quorum: Quorum;
  replicaTimeoutMs: number;
}

export type WriteOp =
  | { type: 'put'; key: string; value: string; seq: number }
  | { type: 'delete'; key: string; seq: number };

/** The whole key/value state at one point of the write sequence. */
export interface StateSnapshot {
  entries: Map<string, string>;
  lastSeq: number;
}

export const recoverySources = [
  'NOTHING',
  'MEMORY',
  'SNAPSHOT_AND_LOG',
  'LOG_ONLY',
  'REPLICA',
  'DATABASE',
] as const;
/** Where a recovery found the data: NOTHING (started empty), MEMORY (it was never lost), ... */
export type RecoverySource = (typeof recoverySources)[number];

export interface RecoveryOutcome {
  source: RecoverySource;
  lastSeq: number;
  snapshotSeq: number | null;
  snapshotsRejected: number;
  logRecordsReplayed: number;
  logBytesDiscarded: number;
  replicaNode: number | null;
  replicasResynced: number;
  notes: string[];
}

export const emptyOutcome = (source: RecoverySource, lastSeq: number): RecoveryOutcome => ({
  source,
  lastSeq,
  snapshotSeq: null,
  snapshotsRejected: 0,
  logRecordsReplayed: 0,
  logBytesDiscarded: 0,
  replicaNode: null,
  replicasResynced: 0,
  notes: [],
});

export type ReplicaState = 'IN_SYNC' | 'SYNCING' | 'STALE' | 'DOWN';

export interface ReplicaInfo {
  node: number;
  pid: number | null;
  port: number | null;
  state: ReplicaState;
  ackedSeq: number;
  keys: number | null;
  changedAt: Date;
}

export interface CheckpointInfo {
  snapshots: { seq: number; bytes: number; createdAt: Date }[];
  walSegments: number;
  walBytes: number;
  writesSinceSnapshot: number;
}

export interface StrategyDescription {
  keys: number;
  replicas: ReplicaInfo[];
  checkpoint: CheckpointInfo | null;
}

/** What a fault did; `needsRecovery` stops reads and writes until `recover`. */
export interface FaultEffect {
  detail: string;
  needsRecovery: boolean;
}

/** Events a strategy reports on its own (the manager turns them into resilience events). */
export interface StrategyEvents {
  replicaChanged(replica: ReplicaInfo): void;
}
