import type { Logger } from '@gitforge/logging';
import type { PubSub, Unsubscribe } from '@gitforge/pubsub';
import { z } from 'zod';

/**
 * Repository changes published by the repository subgraph (its createRepository and
 * deleteRepository mutations, and the Gitea webhooks it receives) on the shared pub/sub bus.
 * The repository subgraph owns the message; this is the consumer's validation of it.
 */
export const REPOSITORY_CHANGES_CHANNEL = 'repositories.changes';

const fullName = z
  .string()
  .max(201)
  .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/);
const at = z.iso.datetime().transform((value) => new Date(value));

export const repositoryChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('deleted'), repository: fullName, at }),
  z.object({
    action: z.enum(['created', 'updated']),
    repository: fullName,
    owner: z.string().min(1).max(64),
    private: z.boolean(),
    at,
  }),
]);

export type RepositoryChange = z.infer<typeof repositoryChangeSchema>;

export interface RepositoryChangeHandlers {
  /** Runs at once when a change arrives (drop cached answers: no access window). */
  invalidate(change: RepositoryChange): void;
  /** Runs after `invalidate`, one change at a time in arrival order (database work). */
  apply(change: RepositoryChange): Promise<void>;
}

export interface RepositoryChangeFollower {
  /** Settles after the first attempt to subscribe, successful or not. */
  firstAttempt: Promise<void>;
  /** Whether the changes are being followed now (subscribed, not stopped). */
  following(): boolean;
  stop(): Promise<void>;
}

/**
 * Follows the repository changes on the bus; invalid messages are logged and ignored. The
 * process starts even while the bus is unreachable (the tracker must stay up): subscribing is
 * retried in the background, and access never depends on these messages (see README).
 */
export function followRepositoryChanges(
  pubsub: PubSub,
  handlers: RepositoryChangeHandlers,
  logger: Logger,
  retryMs = 1000,
): RepositoryChangeFollower {
  let queue = Promise.resolve();
  const listener = (message: unknown) => {
    const parsed = repositoryChangeSchema.safeParse(message);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues }, 'invalid repository change message ignored');
      return;
    }
    const change = parsed.data;
    handlers.invalidate(change);
    // One at a time: a deletion and the re-creation right after it apply in that order.
    queue = queue
      .then(() => handlers.apply(change))
      .catch((err: unknown) =>
        logger.error({ err, change }, 'could not apply a repository change'),
      );
  };
  let stopped = false;
  let following = false;
  let wake: (() => void) | undefined;
  let attempted: () => void = () => undefined;
  const firstAttempt = new Promise<void>((resolve) => (attempted = resolve));
  const subscribed = (async (): Promise<Unsubscribe | undefined> => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        const unsubscribe = await pubsub.subscribe(REPOSITORY_CHANGES_CHANNEL, listener);
        following = !stopped;
        return unsubscribe;
      } catch (err) {
        logger.warn({ err, attempt }, 'cannot follow repository changes yet; retrying');
      } finally {
        attempted();
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(retryMs * attempt, 10_000)).unref();
      });
    }
    return undefined;
  })();
  return {
    firstAttempt,
    following: () => following,
    async stop() {
      stopped = true;
      following = false;
      wake?.();
      const unsubscribe = await subscribed;
      await unsubscribe?.();
      await queue;
    },
  };
}
