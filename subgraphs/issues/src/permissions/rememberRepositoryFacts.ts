import type { Logger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import { BusLiveness } from './BusLiveness';
import { KnownRepositories } from './KnownRepositories';

export interface RememberedFacts {
  known: KnownRepositories;
  /** The bus channel of the heartbeats (its listener is not an event subscription). */
  heartbeatChannel: string;
  stop(): Promise<void>;
}

/**
 * The facts memory and what keeps it honest: it decides only while this process follows the
 * repository changes on a bus that every publisher shares (Redis, or a bus the caller shares
 * with the repository subgraph) and its heartbeats come back in order; a lost heartbeat forgets
 * everything. Undefined on a bus of this process alone (changes made elsewhere never arrive).
 */
export function rememberRepositoryFacts(
  pubsub: PubSub,
  /** Whether the repository changes are being followed now (`RepositoryChangeFollower`). */
  following: () => boolean,
  options: {
    shared: boolean;
    logger?: Logger;
    maxAgeMs?: number;
    /** The repositories whose facts were held when memory was cleared (a change may be lost). */
    onForgotten?: (repositories: string[]) => void;
    /** Any message on the bus may have been lost (issue events too). */
    onBusLost?: () => void;
  },
): RememberedFacts | undefined {
  if (!options.shared) return undefined;
  const known: KnownRepositories = new KnownRepositories({
    live: () => following() && liveness.live(),
    maxAgeMs: options.maxAgeMs,
  });
  const liveness = new BusLiveness(pubsub, {
    onLost: () => {
      const held = known.clear();
      if (held.length > 0) options.onForgotten?.(held);
      options.onBusLost?.();
    },
    logger: options.logger,
  });
  liveness.start();
  return { known, heartbeatChannel: liveness.channel, stop: () => liveness.stop() };
}
