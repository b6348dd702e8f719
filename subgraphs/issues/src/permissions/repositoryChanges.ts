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

/** Follows the repository changes on the bus; invalid messages are logged and ignored. */
export function followRepositoryChanges(
  pubsub: PubSub,
  handlers: RepositoryChangeHandlers,
  logger: Logger,
): Promise<Unsubscribe> {
  let queue = Promise.resolve();
  return pubsub.subscribe(REPOSITORY_CHANGES_CHANNEL, (message) => {
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
  });
}
