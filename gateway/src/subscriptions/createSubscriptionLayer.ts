import type { GraphQLDataSource } from '@apollo/gateway';
import type { Registry } from 'prom-client';
import { signFeedToken } from '@gitforge/auth';
import type { Logger } from '@gitforge/logging';
import { FederatedSubscriptions } from './FederatedSubscriptions';
import { GITFORGE_FEED_POLICIES, type FeedPolicy } from './feedPolicy';
import { createSubscriptionMetrics, type SubscriptionMetrics } from './subscriptionMetrics';
import type { SubscriptionPlanner } from './SubscriptionPlanner';
import { UpstreamSubscriptions } from './UpstreamSubscriptions';

export interface SubscriptionOptions {
  /** WebSocket ping interval towards clients (a missed pong drops them); default 12 s. */
  keepAliveMs?: number;
  /** Ping interval towards subgraphs; default 10 s. */
  upstreamKeepAliveMs?: number;
  /** A subgraph that does not answer a ping in this time is reconnected; default 5 s. */
  upstreamPongTimeoutMs?: number;
  /** Reconnect attempts to a subgraph before its subscriptions end with an error; default 8. */
  upstreamRetryAttempts?: number;
  upstreamRetryMaxDelayMs?: number;
  /** Results queued for one slow client before its subscription ends; default 1,000. */
  highWaterMark?: number;
  /** Open WebSocket connections per client address; more get HTTP 429; default 20. */
  connectionsPerClient?: number;
  /** Operations open at once on one connection; more get RATE_LIMITED; default 100. */
  subscriptionsPerConnection?: number;
  /** Root fields shared among viewers over one upstream feed; default GitForge's `issueEvents`. */
  feedPolicies?: readonly FeedPolicy[];
  /** Recent events kept per shared feed for clients resuming with `after`; default 512. */
  feedRingSize?: number;
}

export interface SubscriptionStats {
  /** Open client WebSocket connections. */
  clientConnections: number;
  /** Subscriptions to subgraphs (shared feeds, catch-ups, access watches) and their sockets. */
  upstreamSubscriptions: number;
  /** Shared feeds and the client subscriptions served by them. */
  feeds: number;
  clientSubscriptions: number;
  upstreamConnections: number;
}

/** The gateway's subscription layer: metrics, the upstream connections and the shared feeds. */
export function createSubscriptionLayer(args: {
  options: SubscriptionOptions | undefined;
  planner: SubscriptionPlanner;
  /** The gateway's data sources (entity fetches and access checks go through them). */
  dataSources: Readonly<Record<string, GraphQLDataSource>>;
  registry: Registry;
  jwtSecret: string;
  logger: Logger;
}): {
  subscriptionMetrics: SubscriptionMetrics;
  upstream: UpstreamSubscriptions;
  subscriptions: FederatedSubscriptions;
} {
  const { options, logger } = args;
  const subscriptionMetrics = createSubscriptionMetrics(args.registry);
  const upstream = new UpstreamSubscriptions({
    logger,
    keepAliveMs: options?.upstreamKeepAliveMs,
    pongTimeoutMs: options?.upstreamPongTimeoutMs,
    retryAttempts: options?.upstreamRetryAttempts,
    retryMaxDelayMs: options?.upstreamRetryMaxDelayMs,
    onSocketChange: (subgraph, delta) =>
      subscriptionMetrics.upstreamSockets.inc({ subgraph }, delta),
  });
  const subscriptions = new FederatedSubscriptions({
    planner: args.planner,
    upstream,
    dataSources: args.dataSources,
    metrics: subscriptionMetrics,
    logger,
    highWaterMark: options?.highWaterMark,
    feedPolicies: options?.feedPolicies ?? GITFORGE_FEED_POLICIES,
    // Signed afresh for every upstream connection (it never outlives its TTL there).
    feedAuthorization: () => `Bearer ${signFeedToken(args.jwtSecret)}`,
    ringSize: options?.feedRingSize,
  });
  return { subscriptionMetrics, upstream, subscriptions };
}
