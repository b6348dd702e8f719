import type { GraphQLDataSource } from '@apollo/gateway';
import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from '@gitforge/logging';
import type { AsyncQueue } from '@gitforge/pubsub';
import type { GatewayContext } from '../GatewayContext';
import { withoutHttpHint } from '../http/formattedError';
import type { Feed, FeedEvent } from './Feed';
import { resolveEvent } from './resolveEvent';
import { SerializedPayload } from './serializeOnce';
import type { SubscriptionMetrics } from './subscriptionMetrics';
import type { SubscriptionPlan } from './SubscriptionPlanner';
import type { SubscriptionRequest } from './FederatedSubscriptions';
import type { UpstreamOperation } from './upstreamOperation';

export type Item = FormattedExecutionResult | SerializedPayload;

/** One client subscription, a member of one feed. Kept small: it is per subscriber. */
export interface Member {
  request: SubscriptionRequest;
  plan: SubscriptionPlan;
  operation: UpstreamOperation;
  queue: AsyncQueue<Item>;
  feed?: Feed<Member>;
  /** Subscribers with the same group resolve an event once (plan + variables, or alone). */
  group: string;
  /** Allowed to see private events (an access check said readable while private). */
  admittedPrivate: boolean;
  /** Set while a temporary upstream subscription replays what the ring no longer has. */
  catchUp?: () => void;
  ended: boolean;
}

/** What dispatching needs from the subscription layer. */
export interface DispatchContext {
  dataSources: Readonly<Record<string, GraphQLDataSource>>;
  logger: Logger;
  metrics: SubscriptionMetrics;
  /** The plan selects viewer-dependent fields: its subscriptions resolve alone. */
  isAlone(plan: SubscriptionPlan): boolean;
  /** Asks again whether `member` may read; ends it when not. */
  recheck(feed: Feed<Member>, member: Member): Promise<void>;
}

/** Results to queue, each for its members, once an event is resolved. */
export type Delivery = readonly (readonly [Item, readonly Member[]])[];

/**
 * Resolves `event` for `members` once per group and queues the results. A private event
 * reaches only members admitted while private; members not known to be (the feed believed the
 * repository public) are asked first, and the event waits for the answers. Results are queued
 * in the feed's event order once resolved (`deliverInOrder`): members get values, not a
 * promise each.
 */
export function dispatchEvent(
  ctx: DispatchContext,
  feed: Feed<Member>,
  event: FeedEvent,
  members: Iterable<Member>,
  catchingUp: boolean,
): void {
  const policy = feed.spec.operation.feed;
  const isPublic = event.public === true;
  if (event.public !== undefined) feed.believedPublic = event.public;
  const eligible: Member[] = [];
  const unsure: Member[] = [];
  for (const member of members) {
    if (member.ended || (member.catchUp !== undefined) !== catchingUp) continue;
    if (policy && !isPublic && !member.admittedPrivate) unsure.push(member);
    eligible.push(member);
  }
  if (eligible.length === 0) return;
  if (event.result.data == null) {
    // The subgraph's errors (e.g. CURSOR_EXPIRED): no event data, nothing to withhold.
    deliverInOrder(feed, [[subgraphErrors(event, feed.spec.subgraph.name), eligible]]);
    return;
  }
  if (unsure.length === 0) {
    deliverInOrder(feed, resolveGroups(ctx, feed, event, eligible));
    return;
  }
  deliverInOrder(
    feed,
    Promise.all(unsure.map((m) => ctx.recheck(feed, m))).then(() =>
      resolveGroups(
        ctx,
        feed,
        event,
        eligible.filter((m) => !m.ended && m.admittedPrivate),
      ),
    ),
  );
}

/** Queues `delivery` after every earlier one of `feed` (one promise per event, not per member). */
export function deliverInOrder(feed: Feed<Member>, delivery: Delivery | Promise<Delivery>): void {
  feed.tail = feed.tail.then(() => delivery).then(queueDelivery, () => undefined);
}

/** Runs `action` once everything `feed` resolved so far is queued. */
export function afterDeliveries(feed: Feed<Member>, action: () => void): void {
  feed.tail = feed.tail.then(action, action);
}

function queueDelivery(delivery: Delivery): void {
  for (const [item, members] of delivery) {
    for (const member of members) member.queue.push(item);
  }
}

function resolveGroups(
  ctx: DispatchContext,
  feed: Feed<Member>,
  event: FeedEvent,
  members: readonly Member[],
): Promise<Delivery> {
  const groups = new Map<string, Member[]>();
  for (const member of members) {
    const group = groups.get(member.group);
    if (group) group.push(member);
    else groups.set(member.group, [member]);
  }
  const policy = feed.spec.operation.feed;
  const resolutions: Promise<readonly [Item, readonly Member[]]>[] = [];
  for (const group of groups.values()) {
    const lead = group[0]!;
    const alone = group.length === 1 && ctx.isAlone(lead.plan);
    // Public events of a policy feed: entity data as anyone sees it (anonymous).
    const anonymous = policy !== undefined && event.public === true && !alone;
    const context: GatewayContext = anonymous
      ? {
          viewer: null,
          ...(lead.request.context.requestId ? { requestId: lead.request.context.requestId } : {}),
        }
      : lead.request.context;
    ctx.metrics.audiencesResolved.inc({ field: lead.plan.rootField });
    resolutions.push(
      resolveEvent({
        plan: lead.plan,
        event,
        document: lead.request.document,
        operationName: lead.request.operationName,
        variables: lead.request.variables,
        context,
        dataSources: ctx.dataSources,
        logger: ctx.logger,
      }).then(
        (r) => [new SerializedPayload(r, event.receivedAt, lead.plan.rootField), group] as const,
      ),
    );
  }
  return Promise.all(resolutions);
}

function subgraphErrors(event: FeedEvent, subgraph: string): FormattedExecutionResult {
  return {
    data: null,
    errors: (event.result.errors ?? [{ message: 'The subgraph sent an event without data' }]).map(
      (e) => withoutHttpHint({ ...e, extensions: { ...e.extensions, serviceName: subgraph } }),
    ),
  };
}
