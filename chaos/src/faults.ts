export const STRATEGIES = ['BASELINE', 'CHECKPOINTING', 'REPLICATION', 'HYBRID', 'SQL'] as const;
export const FAULTS = [
  'PROCESS_CRASH',
  'MEMORY_WIPE',
  'REPLICA_CRASH',
  'ALL_REPLICAS_CRASH',
  'CORRUPT_SNAPSHOT',
  'TORN_WAL_TAIL',
] as const;
export type Strategy = (typeof STRATEGIES)[number];
export type Fault = (typeof FAULTS)[number];

/** Which faults mean something for which strategy (the service answers BAD_USER_INPUT otherwise). */
export const APPLICABLE: Record<Strategy, readonly Fault[]> = {
  BASELINE: ['PROCESS_CRASH', 'MEMORY_WIPE'],
  CHECKPOINTING: ['PROCESS_CRASH', 'MEMORY_WIPE', 'CORRUPT_SNAPSHOT', 'TORN_WAL_TAIL'],
  REPLICATION: ['PROCESS_CRASH', 'MEMORY_WIPE', 'REPLICA_CRASH', 'ALL_REPLICAS_CRASH'],
  HYBRID: FAULTS,
  SQL: ['PROCESS_CRASH', 'MEMORY_WIPE'],
};
