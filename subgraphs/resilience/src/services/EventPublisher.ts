import type { PubSub } from '@gitforge/pubsub';
import type { Logger } from '@gitforge/logging';
import { publishEvent } from '../pubsub/resilienceEvents';
import type { ReplicaInfo, StrategyKind } from '../strategies/types';
import type { ResilienceEvent } from './events';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<ResilienceEvent, 'at' | 'strategy'>;

/** Stamps and publishes resilience events; turns replica state changes into REPLICA_UP / DOWN. */
export class EventPublisher {
  private readonly replicaStates = new Map<number, 'UP' | 'DOWN'>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
    private readonly activeKind: () => StrategyKind,
  ) {}

  publish(event: EventInput): void {
    const full = { ...event, at: new Date(), strategy: this.activeKind() };
    publishEvent(this.pubsub, full).catch((err: unknown) =>
      this.logger.error({ err }, 'could not publish a resilience event'),
    );
  }

  /** UP once a replica is in sync (counts toward the quorum), DOWN when its process is gone. */
  replicaChanged(replica: ReplicaInfo): void {
    const state = replica.state === 'DOWN' ? 'DOWN' : replica.state === 'IN_SYNC' ? 'UP' : null;
    if (!state || this.replicaStates.get(replica.node) === state) return;
    this.replicaStates.set(replica.node, state);
    this.publish({ kind: state === 'UP' ? 'REPLICA_UP' : 'REPLICA_DOWN', replica });
  }

  /** A new replica set starts with no history. */
  forgetReplicas(): void {
    this.replicaStates.clear();
  }
}
