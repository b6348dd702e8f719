import { randomUUID } from 'node:crypto';
import type { Viewer } from '@gitforge/auth';
import { DomainError, notFound } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { SKIP, subscribeStream, type PubSub } from '@gitforge/pubsub';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Comment, Issue, Label } from '../db/entities';
import {
  issueEventChannel,
  reviveIssueEvent,
  type IssueEvent,
  type IssueEventAction,
} from './issueEvents';
import { labelsOfIssues } from './labelStore';
import type { RepositoryAccess } from './repositoryAccess';
import { validateRepository } from './validation';

/** What the write services need: tell subscribers about a committed change. */
export interface IssueEventSink {
  published(
    action: IssueEventAction,
    issue: Issue,
    actor: string,
    comment?: Comment,
  ): Promise<void>;
}

export const noIssueEvents: IssueEventSink = { published: async () => undefined };

export interface IssueEventBusOptions {
  pubsub: PubSub;
  em: EntityManager;
  access: RepositoryAccess;
  logger: Logger;
  /** Events queued for one slow subscriber before its subscription ends with an error. */
  highWaterMark?: number;
  onPublished?: (action: IssueEventAction) => void;
  /** An event left out of a subscription because its viewer may no longer read the repository. */
  onWithheld?: (action: IssueEventAction) => void;
}

/**
 * Issue events over the pub/sub port. Writers publish after their transaction commits; every
 * subscriber (in any replica) gets each event once, and only while it may read the repository:
 * access is checked again for every event, since it can change while a subscription lasts.
 */
export class IssueEventBus implements IssueEventSink {
  /** The bus hands one message object to every listener: revive it once, not per subscriber. */
  private readonly revived = new WeakMap<object, IssueEvent>();

  constructor(private readonly options: IssueEventBusOptions) {}

  async published(
    action: IssueEventAction,
    issue: Issue,
    actor: string,
    comment?: Comment,
  ): Promise<void> {
    const { pubsub, em, logger } = this.options;
    try {
      // A new issue comes with its labels (write/insertIssueBatch); others are read here.
      const carried = (issue as Issue & { labels?: Label[] }).labels;
      const labels = carried ?? (await labelsOfIssues(em.fork(), [issue.id])).get(issue.id) ?? [];
      const event: IssueEvent = {
        id: randomUUID(),
        action,
        repository: issue.repository,
        actor,
        occurredAt: new Date(),
        issue: { ...plain(issue), labels },
        comment: comment ? plain(comment) : null,
      };
      await pubsub.publish(issueEventChannel(issue.repository), event);
      this.options.onPublished?.(action);
    } catch (err) {
      // The change is committed; a lost notification must not turn it into a failed mutation.
      logger.error({ err, action, issueId: issue.id }, 'could not publish an issue event');
    }
  }

  /** Events of `repository` for `viewer`; NOT_FOUND when the viewer may not read it now. */
  async subscribe(viewer: Viewer | null, repository: string): Promise<AsyncIterable<IssueEvent>> {
    const { access, pubsub } = this.options;
    validateRepository('repository', repository);
    if (!(await access.canRead(viewer, repository))) throw notFound(`Repository ${repository}`);
    return subscribeStream<IssueEvent>(pubsub, issueEventChannel(repository), {
      highWaterMark: this.options.highWaterMark,
      overflowError: () =>
        new DomainError(
          'RATE_LIMITED',
          'Events arrive faster than they are read; subscription ended',
        ),
      map: async (message) => {
        const event = this.revive(message);
        // Asked afresh for every event: a repository made private or deleted a moment ago
        // must not deliver its new issues to someone who could read it before. What anonymous
        // callers may read everyone may (a public repository), and that one question is shared
        // by all subscribers of the event; only a repository closed to them asks per viewer.
        if (await access.canRead(null, event.repository)) return event;
        if (viewer && (await access.canRead(viewer, event.repository))) return event;
        this.options.onWithheld?.(event.action);
        return SKIP;
      },
    });
  }

  private revive(message: unknown): IssueEvent {
    if (typeof message !== 'object' || message === null) return reviveIssueEvent(message);
    let event = this.revived.get(message);
    if (!event) {
      event = reviveIssueEvent(message);
      this.revived.set(message, event);
    }
    return event;
  }
}

/** The entity's own fields (MikroORM entities may carry hidden references). */
function plain<T extends object>(entity: T): T {
  return { ...entity };
}
