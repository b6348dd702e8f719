import type { Logger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import { z } from 'zod';

/**
 * Repository changes, published on the shared pub/sub bus (Redis when `REDIS_URL` is set) by
 * this subgraph's createRepository/deleteRepository and by the Gitea webhooks it receives.
 * Every replica of this subgraph drops its cached answers; the issues subgraph drops its own,
 * keeps the repository facts its permission checks fall back on, and deletes a deleted
 * repository's issues. `at` orders a change against data written around it.
 */
export const REPOSITORY_CHANGES_CHANNEL = 'repositories.changes';

const fullName = z
  .string()
  .max(201)
  .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/);

/** The message; consumers validate it with the same shape (issues: permissions/repositoryChanges). */
export const repositoryChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('deleted'), repository: fullName, at: z.iso.datetime() }),
  z.object({
    action: z.enum(['created', 'updated']),
    repository: fullName,
    owner: z.string().min(1).max(64),
    private: z.boolean(),
    at: z.iso.datetime(),
  }),
]);

export type RepositoryChange = z.infer<typeof repositoryChangeSchema>;

/** Publishes changes; a failure is logged, never thrown (the change itself already happened). */
export class RepositoryChangePublisher {
  constructor(
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
  ) {}

  async publish(change: RepositoryChange): Promise<void> {
    try {
      await this.pubsub.publish(REPOSITORY_CHANGES_CHANNEL, change);
    } catch (err) {
      this.logger.error({ err, change }, 'could not publish a repository change');
    }
  }
}

/** The part of a Gitea webhook payload a change is made of (push, repository, create, delete). */
const webhookPayload = z.object({
  action: z.string().optional(),
  repository: z.object({
    full_name: z.string().min(3),
    private: z.boolean(),
    owner: z.object({ login: z.string().min(1) }),
  }),
});

/**
 * What a signed Gitea webhook says about its repository: `repository` with action `deleted`
 * is a deletion; any other event carrying the repository states its current owner and
 * visibility. Undefined when the payload carries no repository.
 */
export function changeOfWebhook(
  event: string,
  payload: unknown,
  at = new Date(),
): RepositoryChange | undefined {
  const parsed = webhookPayload.safeParse(payload);
  if (!parsed.success) return undefined;
  const { action, repository } = parsed.data;
  if (event === 'repository' && action === 'deleted') {
    return { action: 'deleted', repository: repository.full_name, at: at.toISOString() };
  }
  return {
    action: 'updated',
    repository: repository.full_name,
    owner: repository.owner.login,
    private: repository.private,
    at: at.toISOString(),
  };
}

/**
 * Calls `onChange` for every valid change another replica publishes (and this one: harmless).
 * Never keeps the subgraph from starting: while the bus is unreachable, subscribing is retried
 * in the background. Returns the function that stops following.
 */
export function followRepositoryChanges(
  pubsub: PubSub,
  onChange: (change: RepositoryChange) => void,
  logger: Logger,
  retryMs = 1000,
): () => Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  const subscribed = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        return await pubsub.subscribe(REPOSITORY_CHANGES_CHANNEL, (message) => {
          const change = repositoryChangeSchema.safeParse(message);
          if (change.success) onChange(change.data);
        });
      } catch (err) {
        logger.warn({ err, attempt }, 'cannot follow repository changes yet; retrying');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(retryMs * attempt, 10_000)).unref();
      });
    }
    return undefined;
  })();
  return async () => {
    stopped = true;
    wake?.();
    await (
      await subscribed
    )?.();
  };
}
