import type { Viewer } from '@gitforge/auth';
import { invalidField, notFound } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { SKIP, type PubSub, type Skip } from '@gitforge/pubsub';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeEventCursor } from './eventCursor';
import {
  issueEventChannel,
  reviveIssueEvent,
  type IssueEvent,
  type IssueEventAction,
} from './issueEvents';
import { cursorExpired, ResumableEventStream } from './issueEventStream';
import { IssueEventStore } from './issueOutbox';
import type { RepositoryAccess } from './repositoryAccess';
import { validateRepository } from './validation';

/** What the write services need: tell subscribers about a change committed with its event. */
export interface IssueEventSink {
  /** Called after the commit of the transaction that wrote `event` to the outbox. */
  published(event: IssueEvent): Promise<void>;
}

export const noIssueEvents: IssueEventSink = { published: async () => undefined };

/** An event as a subscriber gets it: with whether the repository was public when delivered. */
export type DeliveredIssueEvent = IssueEvent & { repositoryPublic: boolean };

export interface IssueEventSubscription {
  /** An `after` cursor: replay the events after it, then continue live. */
  after?: string | null;
  /** The gateway's feed token: every event of the repository, no per-viewer check. */
  feed?: boolean;
}

export interface IssueEventBusOptions {
  pubsub: PubSub;
  em: EntityManager;
  access: RepositoryAccess;
  logger: Logger;
  /** Live events held for one slow subscriber before they are read back from the outbox. */
  highWaterMark?: number;
  /** Events read from the outbox per page (replay, gap fill). */
  pageSize?: number;
  onPublished?: (action: IssueEventAction) => void;
  /** An event left out of a subscription because its viewer may no longer read the repository. */
  onWithheld?: (action: IssueEventAction) => void;
}

/**
 * Issue events: the outbox (issueOutbox.ts) is the source of truth, the pub/sub port carries
 * them live. Writers publish after their transaction commits; every subscriber (in any replica)
 * gets each event once, in sequence order, gaps filled from the outbox (ResumableEventStream),
 * and only while it may read the repository: access is checked again for every event, since it
 * can change while a subscription lasts (except for the gateway's feed token, which gets every
 * event with `repositoryPublic` and filters per client itself).
 */
export class IssueEventBus implements IssueEventSink {
  /** The bus hands one message object to every listener: revive it once, not per subscriber. */
  private readonly revived = new WeakMap<object, IssueEvent>();
  private readonly streams = new Set<ResumableEventStream<DeliveredIssueEvent>>();
  readonly store: IssueEventStore;

  constructor(private readonly options: IssueEventBusOptions) {
    this.store = new IssueEventStore(options.em);
  }

  async published(event: IssueEvent): Promise<void> {
    const { pubsub, logger } = this.options;
    try {
      await pubsub.publish(issueEventChannel(event.repository), event);
      this.options.onPublished?.(event.action);
    } catch (err) {
      // The change and its event are committed; a subscriber finds it in the outbox at the next
      // event (gap fill) or when it resumes. A lost notification must not fail the mutation.
      logger.error(
        { err, action: event.action, sequence: event.sequence, repository: event.repository },
        'could not publish an issue event',
      );
    }
  }

  /**
   * Events of `repository` for `viewer` (or the feed token), after the `after` cursor when
   * given; NOT_FOUND when the viewer may not read it now, BAD_USER_INPUT for a malformed cursor
   * or one of another repository, CURSOR_EXPIRED for one older than the retention.
   */
  async subscribe(
    viewer: Viewer | null,
    repository: string,
    { after, feed = false }: IssueEventSubscription = {},
  ): Promise<AsyncIterableIterator<DeliveredIssueEvent>> {
    const { access, pubsub, logger } = this.options;
    validateRepository('repository', repository);
    const afterSequence =
      after === undefined || after === null ? undefined : decodeEventCursor(after, repository);
    if (!feed && !(await access.canRead(viewer, repository))) {
      throw notFound(`Repository ${repository}`);
    }
    const stream = new ResumableEventStream<DeliveredIssueEvent>({
      store: this.store,
      repository,
      after: afterSequence,
      maxBuffered: this.options.highWaterMark,
      pageSize: this.options.pageSize,
      deliver: (event) => this.deliver(viewer, feed, event),
      onClose: () => this.streams.delete(stream),
    });
    // Subscribed BEFORE the outbox is read: every event committed later arrives live.
    const unsubscribe = await pubsub.subscribe(issueEventChannel(repository), (message) => {
      try {
        stream.push(this.revive(message));
      } catch (err) {
        logger.warn({ err, repository }, 'dropped an issue event message that is not one');
      }
    });
    stream.attach(unsubscribe);
    this.streams.add(stream);
    if (afterSequence !== undefined) {
      try {
        const position = await this.store.position(repository);
        if (afterSequence < position.prunedThrough) throw cursorExpired();
        if (afterSequence > position.lastSequence) {
          throw invalidField('after', "is not a cursor of this repository's events");
        }
      } catch (err) {
        await stream.return();
        throw err;
      }
    }
    return stream;
  }

  /**
   * The bus may have lost messages (BusLiveness saw a heartbeat go missing): every subscription
   * reads the outbox from where it is, instead of waiting for a later event to show the gap.
   */
  catchUpAll(): void {
    for (const stream of this.streams) stream.catchUp();
  }

  /**
   * Whether `viewer` may read the repository's events now, and whether anyone may (public):
   * the same two questions `deliver` asks for every event.
   */
  async accessOf(
    viewer: Viewer | null,
    repository: string,
  ): Promise<{ readable: boolean; public: boolean }> {
    const { access } = this.options;
    validateRepository('repository', repository);
    const isPublic = await access.canRead(null, repository);
    const readable = isPublic || (viewer !== null && (await access.canRead(viewer, repository)));
    return { readable, public: isPublic };
  }

  /** Asked afresh for every event (see the class comment). */
  private async deliver(
    viewer: Viewer | null,
    feed: boolean,
    event: IssueEvent,
  ): Promise<DeliveredIssueEvent | Skip> {
    const { access } = this.options;
    // What anonymous callers may read everyone may (a public repository), and that one question
    // is shared by all subscribers of the event; only a repository closed to them asks per viewer.
    const repositoryPublic = await access.canRead(null, event.repository);
    if (feed || repositoryPublic) return { ...event, repositoryPublic };
    if (viewer && (await access.canRead(viewer, event.repository))) {
      return { ...event, repositoryPublic };
    }
    this.options.onWithheld?.(event.action);
    return SKIP;
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
