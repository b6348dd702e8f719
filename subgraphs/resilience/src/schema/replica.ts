import type { ReplicaInfo } from '../strategies/types';
import { builder } from './builder';
import { ReplicaStateEnum } from './enums';

export const ReplicaStatusRef = builder.objectRef<ReplicaInfo>('ReplicaStatus').implement({
  description: 'One replica process (REPLICATION, HYBRID)',
  fields: (t) => ({
    node: t.exposeInt('node'),
    pid: t.exposeInt('pid', { nullable: true }),
    port: t.exposeInt('port', { nullable: true }),
    state: t.field({
      type: ReplicaStateEnum,
      description:
        'IN_SYNC counts toward the quorum; SYNCING is being loaded; STALE holds no data of this activation',
      resolve: (r) => r.state,
    }),
    ackedSeq: t.exposeInt('ackedSeq', { description: 'Highest write it has acknowledged' }),
    keys: t.exposeInt('keys', { nullable: true }),
    changedAt: t.expose('changedAt', { type: 'DateTime' }),
  }),
});
