import type { StrategyConfig } from '../strategies/types';
import { builder } from './builder';
import { FsyncPolicyEnum, QuorumEnum } from './enums';

export const StrategyConfigRef = builder.objectRef<StrategyConfig>('StrategyConfig').implement({
  description: 'One shape for every strategy; each reads the fields it needs',
  fields: (t) => ({
    fsync: t.field({ type: FsyncPolicyEnum, resolve: (c) => c.fsync }),
    snapshotEveryWrites: t.exposeInt('snapshotEveryWrites'),
    snapshotIntervalMs: t.exposeInt('snapshotIntervalMs'),
    replicas: t.exposeInt('replicas'),
    quorum: t.field({ type: QuorumEnum, resolve: (c) => c.quorum }),
    replicaTimeoutMs: t.exposeInt('replicaTimeoutMs', {
      description: 'How long a write waits for its quorum before it fails unacknowledged',
    }),
  }),
});

export const StrategyConfigInput = builder.inputType('StrategyConfigInput', {
  description: 'Unset fields take the strategy defaults',
  fields: (t) => ({
    fsync: t.field({ type: FsyncPolicyEnum }),
    snapshotEveryWrites: t.int(),
    snapshotIntervalMs: t.int(),
    replicas: t.int(),
    quorum: t.field({ type: QuorumEnum }),
    replicaTimeoutMs: t.int(),
  }),
});
