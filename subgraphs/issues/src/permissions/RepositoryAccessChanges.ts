import { DomainError } from '@gitforge/errors';
import { AsyncQueue } from '@gitforge/pubsub';

/** One `repositoryAccessChanges` item. */
export interface RepositoryAccessChange {
  repository: string;
}

/**
 * Tells the gateway's feeds (the `repositoryAccessChanges` subscription, feed token only) that
 * this process dropped what it knew about who may read a repository: a repository change message
 * (visibility, owner, deletion), a check that found different facts than stored (a re-created
 * repository, a change without a message), or the facts held in memory forgotten because the bus
 * may have lost a change. The gateway then asks `issueEventsAccess` again for its subscribers.
 */
export class RepositoryAccessChanges {
  private readonly listeners = new Set<(change: RepositoryAccessChange) => void>();

  constructor(private readonly highWaterMark = 10_000) {}

  changed(repository: string): void {
    const change = { repository };
    for (const listener of [...this.listeners]) listener(change);
  }

  /** Every change from now on, until the consumer returns. */
  subscribe(): AsyncIterableIterator<RepositoryAccessChange> {
    const listener = (change: RepositoryAccessChange) => void queue.push(change);
    const queue: AsyncQueue<RepositoryAccessChange> = new AsyncQueue({
      highWaterMark: this.highWaterMark,
      overflowError: () =>
        new DomainError(
          'RATE_LIMITED',
          'Access changes arrive faster than they are read; subscription ended',
        ),
      onClose: () => {
        this.listeners.delete(listener);
      },
    });
    this.listeners.add(listener);
    return queue;
  }

  /** Subscribers now. */
  get size(): number {
    return this.listeners.size;
  }
}
