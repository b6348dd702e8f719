import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '@gitforge/logging';
import { formattedError } from '../http/formattedError';
import { Feed, toFeedEvent, type FeedEvent, type FeedSpec } from './Feed';
import type { FeedPolicy } from './feedPolicy';
import type { SubscriptionMetrics } from './subscriptionMetrics';
import { AFTER_VARIABLE } from './upstreamOperation';
import type { ServiceIdentity, UpstreamSubscriptions } from './UpstreamSubscriptions';

/** What the subscription layer does with what feeds receive. */
export interface FeedListener<M> {
  event(feed: Feed<M>, event: FeedEvent): void;
  /** Feeds without a cursor only: the connection dropped, events may be missed. */
  interrupted(feed: Feed<M>, error: GraphQLFormattedError): void;
  /** The feed ended (error, or complete with no errors); it is already closed. */
  ended(feed: Feed<M>, errors?: readonly GraphQLFormattedError[]): void;
  /** Access facts of `audience` changed on `subgraph` (undefined: maybe any, after a drop). */
  accessChanged(subgraph: string, audience: string | undefined): void;
}

export interface FeedHubOptions<M> {
  upstream: UpstreamSubscriptions;
  /** The gateway's feed token identity for policy feeds. */
  feedIdentity: ServiceIdentity;
  /** Events kept per policy feed for resuming clients. */
  ringSize: number;
  metrics: SubscriptionMetrics;
  logger: Logger;
  listener: FeedListener<M>;
}

export interface CatchUpSink {
  event(event: FeedEvent): void;
  ended(errors?: readonly GraphQLFormattedError[]): void;
}

interface ChangeWatch {
  feeds: number;
  stop: () => void;
}

/**
 * The shared upstream subscriptions: one per feed key, opened with the first member and closed
 * after the last. A policy feed moves its upstream `after` to every cursor it sees, so that
 * graphql-ws's resubscription after a dropped connection resumes where the feed was: members
 * see no gap and are not told. One `changeSubscription` per policy subgraph runs while any of its
 * policy feeds is open.
 */
export class FeedHub<M> {
  private readonly feeds = new Map<string, Feed<M>>();
  private readonly changes = new Map<string, ChangeWatch>();

  constructor(private readonly options: FeedHubOptions<M>) {}

  join(spec: FeedSpec, member: M): Feed<M> {
    let feed = this.feeds.get(spec.key);
    if (!feed) {
      feed = this.open(spec);
    }
    feed.members.add(member);
    return feed;
  }

  leave(feed: Feed<M>, member: M): void {
    if (!feed.members.delete(member) || feed.members.size > 0) return;
    this.close(feed);
  }

  /** Open policy feeds of `subgraph` about `audience` (every one when undefined). */
  feedsAbout(subgraph: string, audience: string | undefined): Feed<M>[] {
    return [...this.feeds.values()].filter(
      (f) =>
        f.spec.operation.feed &&
        f.spec.subgraph.name === subgraph &&
        (audience === undefined || f.spec.audience === audience),
    );
  }

  stats(): { feeds: number } {
    return { feeds: this.feeds.size };
  }

  /**
   * A temporary upstream subscription of `feed`'s text from `after` (feed identity), for one
   * member resuming from a cursor the ring no longer has. Returns its stop function.
   */
  catchUp(feed: Feed<M>, after: string, sink: CatchUpSink): () => void {
    const { upstream, feedIdentity, metrics } = this.options;
    const subgraph = feed.spec.subgraph;
    const request = { ...feed.request, variables: { ...feed.request.variables } };
    request.variables[AFTER_VARIABLE] = after;
    metrics.upstreamSubscriptions.inc({ subgraph: subgraph.name });
    let open = true;
    const release = () => {
      if (!open) return false;
      open = false;
      metrics.upstreamSubscriptions.dec({ subgraph: subgraph.name });
      return true;
    };
    const stop = upstream.subscribe(subgraph, feedIdentity, request, {
      next: (result) => {
        const event = toFeedEvent(feed.spec.operation, result, process.hrtime.bigint());
        if (event.cursor !== undefined) request.variables[AFTER_VARIABLE] = event.cursor;
        sink.event(event);
      },
      interrupted: () => undefined,
      error: (errors) => {
        if (release()) sink.ended(errors);
      },
      complete: () => {
        if (release()) sink.ended();
      },
    });
    return () => {
      if (release()) stop();
    };
  }

  closeAll(): void {
    for (const feed of [...this.feeds.values()]) this.close(feed);
  }

  private open(spec: FeedSpec): Feed<M> {
    const { upstream, metrics, listener, logger } = this.options;
    const feed = new Feed<M>(spec, this.options.ringSize);
    this.feeds.set(spec.key, feed);
    const subgraph = spec.subgraph.name;
    metrics.feeds.inc({ subgraph });
    metrics.upstreamSubscriptions.inc({ subgraph });
    const policy = spec.operation.feed?.policy;
    if (policy) this.watchChanges(spec.subgraph, policy);
    feed.stop = upstream.subscribe(spec.subgraph, spec.identity, feed.request, {
      next: (result) => {
        if (feed.closed) return;
        const event = toFeedEvent(spec.operation, result, process.hrtime.bigint());
        if (event.cursor !== undefined) {
          // A resubscription replays from the last cursor: never deliver one twice.
          if (feed.ring.has(event.cursor)) return;
          feed.ring.add(event);
          feed.lastCursor = event.cursor;
          feed.request.variables[AFTER_VARIABLE] = event.cursor;
        }
        listener.event(feed, event);
      },
      interrupted: (error) => {
        if (feed.closed) return;
        if (policy && feed.lastCursor !== undefined) {
          logger.info({ subgraph, feed: spec.field }, 'feed interrupted; resuming from its cursor');
          return;
        }
        metrics.interruptions.inc({ subgraph });
        listener.interrupted(feed, error);
      },
      error: (errors) => {
        if (this.close(feed, false)) listener.ended(feed, errors);
      },
      complete: () => {
        if (this.close(feed, false)) listener.ended(feed);
      },
    });
    return feed;
  }

  /** Closes `feed` (its upstream too when `stopUpstream`); false when it was already closed. */
  private close(feed: Feed<M>, stopUpstream = true): boolean {
    if (feed.closed) return false;
    feed.closed = true;
    if (this.feeds.get(feed.key) === feed) this.feeds.delete(feed.key);
    const subgraph = feed.spec.subgraph.name;
    this.options.metrics.feeds.dec({ subgraph });
    this.options.metrics.upstreamSubscriptions.dec({ subgraph });
    if (stopUpstream) feed.stop?.();
    if (feed.spec.operation.feed) this.unwatchChanges(subgraph);
    return true;
  }

  private watchChanges(subgraph: { name: string; url: string }, policy: FeedPolicy): void {
    const existing = this.changes.get(subgraph.name);
    if (existing) {
      existing.feeds += 1;
      return;
    }
    const { upstream, feedIdentity, metrics, listener, logger } = this.options;
    const watch: ChangeWatch = { feeds: 1, stop: () => undefined };
    this.changes.set(subgraph.name, watch);
    metrics.upstreamSubscriptions.inc({ subgraph: subgraph.name });
    const query =
      `subscription GitforgeAccessChanges { change: ${policy.changeSubscription} ` +
      `{ ${policy.audienceArgument} } }`;
    watch.stop = upstream.subscribe(
      subgraph,
      feedIdentity,
      { query, variables: {}, operationName: 'GitforgeAccessChanges' },
      {
        next: (result) => {
          const change = (result.data as { change?: Record<string, unknown> } | null)?.change;
          const audience = change?.[policy.audienceArgument];
          if (typeof audience === 'string') listener.accessChanged(subgraph.name, audience);
        },
        // Changes may have been missed meanwhile: every subscriber is asked again once back.
        interrupted: () => undefined,
        resumed: () => listener.accessChanged(subgraph.name, undefined),
        error: (errors) => this.changesLost(subgraph.name, watch, errors),
        complete: () => this.changesLost(subgraph.name, watch, []),
      },
    );
    logger.debug({ subgraph: subgraph.name }, 'watching access changes');
  }

  /**
   * Without the change subscription a revocation would go unnoticed: fail closed, ending the
   * subgraph's policy feeds (their members get the error).
   */
  private changesLost(
    subgraph: string,
    watch: ChangeWatch,
    errors: readonly GraphQLFormattedError[],
  ): void {
    if (this.changes.get(subgraph) !== watch) return;
    this.changes.delete(subgraph);
    this.options.metrics.upstreamSubscriptions.dec({ subgraph });
    this.options.logger.warn({ subgraph, errors }, 'access change subscription ended');
    const reason = errors.length
      ? errors
      : [
          formattedError('UPSTREAM_UNAVAILABLE', 'Access changes are no longer known', {
            subgraph,
          }),
        ];
    for (const feed of this.feedsAbout(subgraph, undefined)) {
      if (this.close(feed)) this.options.listener.ended(feed, reason);
    }
  }

  private unwatchChanges(subgraph: string): void {
    const watch = this.changes.get(subgraph);
    if (!watch) return;
    watch.feeds -= 1;
    if (watch.feeds > 0) return;
    this.changes.delete(subgraph);
    this.options.metrics.upstreamSubscriptions.dec({ subgraph });
    watch.stop();
  }
}
