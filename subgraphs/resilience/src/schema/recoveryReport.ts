import type { RecoveryReport } from '../services/RecoveryReport';
import { builder } from './builder';
import { StrategyConfigRef } from './config';
import { FaultKindEnum, RecoverySourceEnum, StrategyKindEnum } from './enums';

export const RecoveryReportRef = builder.objectRef<RecoveryReport>('RecoveryReport').implement({
  description:
    'What a recovery brought back, from where, how fast, and which acknowledged writes it lost',
  fields: (t) => ({
    id: t.exposeID('id'),
    strategy: t.field({ type: StrategyKindEnum, resolve: (r) => r.strategy }),
    config: t.field({ type: StrategyConfigRef, resolve: (r) => r.config }),
    fault: t.field({
      type: FaultKindEnum,
      nullable: true,
      description: 'The last fault injected through this service before the recovery',
      resolve: (r) => r.fault,
    }),
    faultAt: t.expose('faultAt', { type: 'DateTime', nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime' }),
    recoveredFrom: t.field({ type: RecoverySourceEnum, resolve: (r) => r.source }),
    snapshotSeq: t.exposeInt('snapshotSeq', { nullable: true }),
    snapshotsRejected: t.exposeInt('snapshotsRejected', {
      description: 'Snapshots that failed their checksum and were skipped',
    }),
    logRecordsReplayed: t.exposeInt('logRecordsReplayed'),
    logBytesDiscarded: t.exposeInt('logBytesDiscarded', {
      description: 'Bytes of a torn or corrupt log tail that were cut off',
    }),
    replicaNode: t.exposeInt('replicaNode', {
      nullable: true,
      description: 'The replica failed over to',
    }),
    replicasResynced: t.exposeInt('replicasResynced'),
    keysRecovered: t.exposeInt('keysRecovered'),
    lastSeq: t.exposeInt('lastSeq'),
    acknowledgedKeysChecked: t.exposeInt('acknowledgedKeysChecked', {
      description: 'Keys in the acknowledgement ledger (each key: its last acknowledged write)',
    }),
    acknowledgedWritesLost: t.exposeInt('acknowledgedWritesLost', {
      description:
        'Acknowledged writes whose effect is not in the recovered state (counted, not estimated)',
    }),
    missingKeys: t.exposeInt('missingKeys'),
    staleKeys: t.exposeInt('staleKeys'),
    resurrectedKeys: t.exposeInt('resurrectedKeys'),
    lostKeysSample: t.exposeStringList('lostKeysSample'),
    rtoMs: t.exposeFloat('rtoMs', { description: 'Measured around the recovery itself' }),
    verifyMs: t.exposeFloat('verifyMs'),
    faultToFirstReadMs: t.exposeFloat('faultToFirstReadMs', {
      nullable: true,
      description: 'From the recorded fault to the first read through the recovered strategy',
    }),
    notes: t.exposeStringList('notes'),
  }),
});
