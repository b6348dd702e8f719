import type { GraphQLDataSource } from '@apollo/gateway';
import {
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { gitforgeError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { AsyncQueue } from '@gitforge/pubsub';
import type { GatewayContext } from '../GatewayContext';
import { formattedError, withoutHttpHint } from '../http/formattedError';
import { AccessChecks, type Access } from './AccessChecks';
import { coalescingDataSources } from './coalescingDataSources';
import type { Feed, FeedEvent } from './Feed';
import { FeedHub } from './FeedHub';
import { isViewerDependentField, type FeedPolicy } from './feedPolicy';
import { FeedSpecs } from './feedSpecs';
import {
  afterDeliveries,
  deliverInOrder,
  dispatchEvent,
  type DispatchContext,
  type Item,
  type Member,
} from './eventDispatch';
import { formatErrors } from './resolveEvent';
import { SerializedPayload } from './serializeOnce';
import type { SubscriptionMetrics } from './subscriptionMetrics';
import type { SubscriptionPlan, SubscriptionPlanner } from './SubscriptionPlanner';
import { argumentValue } from './upstreamOperation';
import type { ServiceIdentity, UpstreamSubscriptions } from './UpstreamSubscriptions';

/** Close code and reason for a client whose buffer of undelivered events overflowed. */
export const SLOW_CLIENT_CLOSE = { code: 4429, reason: 'Subscriber too slow' } as const;

export interface FederatedSubscriptionsOptions {
  planner: SubscriptionPlanner;
  upstream: UpstreamSubscriptions;
  /** The gateway's subgraph data sources by name (entity fetches and access checks). */
  dataSources: Readonly<Record<string, GraphQLDataSource>>;
  metrics: SubscriptionMetrics;
  logger: Logger;
  /** Results waiting for one slow client before its socket is closed (4429); default 1,000. */
  highWaterMark?: number;
  /** Root fields shared among viewers (GitForge's `issueEvents` by default). */
  feedPolicies?: readonly FeedPolicy[];
  /** The `Authorization` of the gateway's feed token (signed per upstream connection). */
  feedAuthorization?: () => Promise<string> | string;
  /** Recent events kept per policy feed for resuming clients; default 512. */
  ringSize?: number;
  /** Fields that make a subscription viewer-specific; default `viewer` + uppercase letter. */
  isViewerDependentField?: (name: string) => boolean;
}

/** What closes a client's socket when it reads too slowly. */
export interface ClientSocket {
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface SubscriptionRequest {
  /** Validated against the gateway's API schema. */
  document: DocumentNode;
  operationName?: string;
  /** As the client sent them (already checked to coerce); defaults are applied downstream. */
  variables: Record<string, unknown>;
  context: GatewayContext;
  socket?: ClientSocket;
}

/**
 * Executes subscriptions across the federation over shared feeds. A client subscription is
 * planned (`primary` on the subgraph owning the root field, then entity fetches) and joins the
 * feed of its primary text, variables and identity scope (`FeedHub`). Per event, the feed's
 * members are grouped by (plan, variables, visibility) and each group's result is computed and
 * serialized once and queued for every member; a private event goes only to members admitted
 * while it was private. Access is asked of the subgraph at join and again on every access change.
 */
export class FederatedSubscriptions {
  private readonly dataSources: Readonly<Record<string, GraphQLDataSource>>;
  private readonly access: AccessChecks;
  private readonly hub: FeedHub<Member>;
  private readonly members = new Set<Member>();
  private readonly specs: FeedSpecs;
  private readonly dispatcher: DispatchContext;
  private readonly deliveryMetrics = new Map<
    string,
    { delivered: { inc(): void }; latency: { observe(value: number): void } }
  >();

  constructor(private readonly options: FederatedSubscriptionsOptions) {
    this.dataSources = coalescingDataSources(options.dataSources);
    this.access = new AccessChecks(options.dataSources);
    this.dispatcher = {
      dataSources: this.dataSources,
      logger: options.logger,
      metrics: options.metrics,
      isAlone: (plan) => this.specs.isAlone(plan),
      recheck: (feed, member) => this.recheck(feed, member),
    };
    const feedIdentity: ServiceIdentity = {
      scope: 'gitforge-feed',
      connectionParams: async () => {
        if (!options.feedAuthorization) throw new Error('The gateway has no feed token');
        return { authorization: await options.feedAuthorization() };
      },
    };
    this.specs = new FeedSpecs({
      feedPolicies: options.feedAuthorization ? (options.feedPolicies ?? []) : [],
      feedIdentity,
      isViewerDependentField: options.isViewerDependentField ?? isViewerDependentField,
    });
    this.hub = new FeedHub<Member>({
      upstream: options.upstream,
      feedIdentity,
      ringSize: options.ringSize ?? 512,
      metrics: options.metrics,
      logger: options.logger,
      listener: {
        event: (feed, event) => this.dispatch(feed, event, feed.members, false),
        interrupted: (feed, error) => {
          deliverInOrder(feed, [[{ data: null, errors: [error] }, [...feed.members]]]);
        },
        ended: (feed, errors) => {
          for (const member of [...feed.members]) this.end(member, errors?.map(withoutHttpHint));
        },
        accessChanged: (subgraph, audience) => this.accessChanged(subgraph, audience),
      },
    });
    options.planner.onUpdate(() => this.revalidate());
  }

  /** Live feeds and client subscriptions (tests, stats). */
  stats(): { feeds: number; subscriptions: number } {
    return { feeds: this.hub.stats().feeds, subscriptions: this.members.size };
  }

  async subscribe(
    request: SubscriptionRequest,
  ): Promise<AsyncQueue<Item> | FormattedExecutionResult> {
    const { planner, metrics } = this.options;
    let plan: SubscriptionPlan;
    try {
      plan = planner.plan(request.document, request.operationName);
    } catch (err) {
      return { errors: formatErrors([err], this.options.logger) };
    }
    const spec = this.specs.specOf(plan, request);
    if (spec instanceof Array) return { data: null, errors: spec };
    let access: Access | undefined;
    const policy = spec.operation.feed?.policy;
    if (policy && spec.audience !== undefined) {
      try {
        access = await this.access.check(
          spec.subgraph.name,
          policy,
          spec.audience,
          request.context,
        );
      } catch (err) {
        return { data: null, errors: formatErrors([err], this.options.logger) };
      }
      if (!access.readable) return { data: null, errors: [notFound(spec.audience)] };
    }
    const field = plan.rootField;
    metrics.active.inc({ field });
    const member: Member = {
      request,
      plan,
      operation: spec.operation,
      group: this.specs.groupOf(plan, request),
      admittedPrivate: access ? access.readable && !access.public : false,
      ended: false,
      queue: undefined as unknown as AsyncQueue<Item>,
    };
    member.queue = new AsyncQueue<Item>({
      highWaterMark: this.options.highWaterMark ?? 1000,
      overflowError: () => this.tooSlow(member),
      // Runs only once the stream is handed out.
      onClose: () => {
        this.detach(member);
        metrics.active.dec({ field });
      },
    });
    this.members.add(member);
    const feed = this.hub.join(spec, member);
    member.feed = feed;
    if (access) feed.believedPublic = access.public;
    const after =
      spec.operation.feed && argumentValue(spec.operation.feed.resume, request.variables);
    if (typeof after === 'string') this.resume(member, feed, after);
    return member.queue;
  }

  /** Call when `result` is handed to the client's socket: counts it and its latency. */
  delivered(result: object): void {
    if (!(result instanceof SerializedPayload)) return;
    // Once per socket per event: the labelled children are looked up once per field.
    let counters = this.deliveryMetrics.get(result.field);
    if (!counters) {
      const { metrics } = this.options;
      counters = {
        delivered: metrics.delivered.labels({ field: result.field }),
        latency: metrics.deliveryLatency.labels({ field: result.field }),
      };
      this.deliveryMetrics.set(result.field, counters);
    }
    counters.delivered.inc();
    counters.latency.observe(Number(process.hrtime.bigint() - result.receivedAt) / 1e9);
  }

  async close(): Promise<void> {
    this.hub.closeAll();
    await Promise.resolve();
  }

  private dispatch(
    feed: Feed<Member>,
    event: FeedEvent,
    members: Iterable<Member>,
    catchingUp: boolean,
  ): void {
    dispatchEvent(this.dispatcher, feed, event, members, catchingUp);
  }

  /** Replays what `member` missed after `after`: from the ring, else a catch-up subscription. */
  private resume(member: Member, feed: Feed<Member>, after: string): void {
    const replay = feed.ring.after(after);
    if (replay) {
      for (const event of replay) this.dispatch(feed, event, [member], false);
      return;
    }
    member.catchUp = this.hub.catchUp(feed, after, {
      event: (event) => {
        if (member.ended || !member.catchUp) return;
        if (event.cursor !== undefined && feed.ring.has(event.cursor) && !feed.closed) {
          // The feed has it: continue from the feed (this event included), end the catch-up.
          member.catchUp();
          member.catchUp = undefined;
          for (const e of feed.ring.from(event.cursor)) this.dispatch(feed, e, [member], false);
          return;
        }
        this.dispatch(feed, event, [member], true);
      },
      ended: (errors) => {
        if (!member.catchUp) return;
        member.catchUp = undefined;
        this.end(member, errors?.map(withoutHttpHint));
      },
    });
  }

  /** Asks again whether `member` may read its feed's audience; ends it when not (fail closed). */
  private async recheck(feed: Feed<Member>, member: Member): Promise<void> {
    const policy = feed.spec.operation.feed?.policy;
    if (!policy || feed.spec.audience === undefined || member.ended) return;
    try {
      const access = await this.access.check(
        feed.spec.subgraph.name,
        policy,
        feed.spec.audience,
        member.request.context,
      );
      if (!access.readable) {
        this.end(member, [notFound(feed.spec.audience, 'access to it was removed')]);
        return;
      }
      member.admittedPrivate = !access.public;
      feed.believedPublic = access.public;
    } catch (err) {
      this.end(member, formatErrors([err], this.options.logger));
    }
  }

  private accessChanged(subgraph: string, audience: string | undefined): void {
    for (const feed of this.hub.feedsAbout(subgraph, audience)) {
      for (const member of feed.members) void this.recheck(feed, member);
    }
  }

  /** After a recomposition: still valid → re-planned (maybe another feed), else ended. */
  private revalidate(): void {
    const { planner } = this.options;
    const schema = planner.schema;
    if (!schema) return;
    for (const member of [...this.members]) {
      if (member.ended) continue;
      const invalid = validate(schema, member.request.document);
      let plan: SubscriptionPlan | undefined;
      let problem = invalid[0]?.message;
      if (!problem) {
        try {
          plan = planner.plan(member.request.document, member.request.operationName);
        } catch (err) {
          problem = (err as Error).message;
        }
      }
      const spec = plan && this.specs.specOf(plan, member.request);
      if (!plan || !spec || spec instanceof Array) {
        const why = problem ?? (spec as GraphQLFormattedError[] | undefined)?.[0]?.message;
        this.end(member, [
          formattedError(
            'GRAPHQL_VALIDATION_FAILED',
            `The schema changed and this subscription is no longer valid: ${why ?? 'unknown'}`,
          ),
        ]);
        continue;
      }
      if (plan === member.plan) continue;
      const old = member.feed;
      member.plan = plan;
      member.operation = spec.operation;
      member.group = this.specs.groupOf(plan, member.request);
      if (old && old.key === spec.key) continue;
      // Another feed: continue after the last event the old one had (no gap when resumable).
      const after = old?.lastCursor;
      member.catchUp?.();
      member.catchUp = undefined;
      if (old) this.hub.leave(old, member);
      if (!spec.operation.feed) member.admittedPrivate = false;
      const feed = this.hub.join(spec, member);
      member.feed = feed;
      if (spec.operation.feed && after !== undefined) this.resume(member, feed, after);
    }
  }

  private tooSlow(member: Member): unknown {
    this.options.metrics.slowClientCloses.inc();
    this.detach(member);
    const socket = member.request.socket;
    if (socket) {
      socket.close(SLOW_CLIENT_CLOSE.code, SLOW_CLIENT_CLOSE.reason);
      // A client that reads nothing does not read the close frame either: its buffers go in 10 s.
      setTimeout(() => socket.terminate(), 10_000).unref();
    }
    return gitforgeError(
      'RATE_LIMITED',
      'The client reads events too slowly; the subscription was ended',
    );
  }

  /**
   * Ends `member`: it leaves its feed at once; what was already resolved for it is queued first,
   * then the error result when given, then the end.
   */
  private end(member: Member, errors?: readonly GraphQLFormattedError[]): void {
    if (member.ended) return;
    const feed = member.feed;
    this.detach(member);
    const finish = () => {
      if (errors?.length) member.queue.push({ data: null, errors: [...errors] });
      member.queue.end();
    };
    if (feed) afterDeliveries(feed, finish);
    else finish();
  }

  private detach(member: Member): void {
    if (member.ended) return;
    member.ended = true;
    this.members.delete(member);
    member.catchUp?.();
    member.catchUp = undefined;
    if (member.feed) this.hub.leave(member.feed, member);
  }
}

function notFound(audience: string, why?: string): GraphQLFormattedError {
  return formattedError('NOT_FOUND', `Repository "${audience}" not found${why ? ` (${why})` : ''}`);
}
