import type { FormattedExecutionResult } from 'graphql';
import type { ServiceIdentity, UpstreamRequest } from './UpstreamSubscriptions';
import {
  AFTER_VARIABLE,
  CURSOR_ALIAS,
  VISIBILITY_ALIAS,
  type UpstreamOperation,
} from './upstreamOperation';

/** One event of a feed, as the subgraph sent it without the gateway's internal fields. */
export interface FeedEvent {
  cursor?: string;
  /** The subgraph's visibility of the event (policy feeds); absent counts as private. */
  public?: boolean;
  result: FormattedExecutionResult;
  receivedAt: bigint;
}

/** What a feed is: one upstream subscription, shared by every member. */
export interface FeedSpec {
  key: string;
  subgraph: { name: string; url: string };
  /** Response name of the client's root field (metrics). */
  field: string;
  operation: UpstreamOperation;
  variables: Record<string, unknown>;
  /** The policy's audience (a repository), for access checks. */
  audience?: string;
  /** A viewer's Authorization, or the gateway's feed identity for policy feeds. */
  identity: string | ServiceIdentity | undefined;
}

/**
 * The last events of a feed with their cursors, oldest first: a client resuming from a cursor
 * still in it is replayed from here, and a temporary catch-up subscription switches to the feed
 * at the first event the feed also has.
 */
export class FeedRing {
  private readonly events: FeedEvent[] = [];
  private readonly cursors = new Set<string>();

  constructor(private readonly size: number) {}

  has(cursor: string): boolean {
    return this.cursors.has(cursor);
  }

  add(event: FeedEvent): void {
    if (event.cursor === undefined || this.size <= 0) return;
    this.events.push(event);
    this.cursors.add(event.cursor);
    if (this.events.length > this.size) {
      const dropped = this.events.shift();
      if (dropped?.cursor !== undefined) this.cursors.delete(dropped.cursor);
    }
  }

  /** The events after `cursor` (exclusive), or undefined when `cursor` is not in the ring. */
  after(cursor: string): FeedEvent[] | undefined {
    if (!this.cursors.has(cursor)) return undefined;
    const at = this.events.findIndex((e) => e.cursor === cursor);
    return this.events.slice(at + 1);
  }

  /** The events from `cursor` (inclusive); empty when `cursor` is not in the ring. */
  from(cursor: string): FeedEvent[] {
    if (!this.cursors.has(cursor)) return [];
    return this.events.slice(this.events.findIndex((e) => e.cursor === cursor));
  }
}

/** A live feed; `M` is what the subscription layer keeps per member. */
export class Feed<M> {
  readonly members = new Set<M>();
  readonly ring: FeedRing;
  /** What the feed sends upstream; its `after` is moved to each cursor seen (resubscriptions). */
  readonly request: UpstreamRequest;
  lastCursor?: string;
  /** Visibility as last learned (access check or event). */
  believedPublic?: boolean;
  stop?: () => void;
  closed = false;
  /** Settles when the results of every event dispatched so far are queued (event order). */
  tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly spec: FeedSpec,
    ringSize: number,
  ) {
    this.ring = new FeedRing(spec.operation.feed ? ringSize : 0);
    this.request = {
      query: spec.operation.query,
      variables: spec.operation.feed
        ? { ...spec.variables, [AFTER_VARIABLE]: null }
        : { ...spec.variables },
      operationName: spec.operation.operationName,
    };
  }

  get key(): string {
    return this.spec.key;
  }
}

/** Splits an upstream result into the event clients see and the feed's cursor and visibility. */
export function toFeedEvent(
  operation: UpstreamOperation,
  result: FormattedExecutionResult,
  receivedAt: bigint,
): FeedEvent {
  const data = result.data;
  const root = data?.[operation.responseName] as Record<string, unknown> | null | undefined;
  if (!operation.feed || !data || !root || typeof root !== 'object') {
    return { result, receivedAt };
  }
  const { [CURSOR_ALIAS]: cursor, [VISIBILITY_ALIAS]: visible, ...rest } = root;
  return {
    ...(typeof cursor === 'string' ? { cursor } : {}),
    ...(typeof visible === 'boolean' ? { public: visible } : {}),
    result: { ...result, data: { ...data, [operation.responseName]: rest } },
    receivedAt,
  };
}
