import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SubscriptionMetrics {
  active: Gauge<'field'>;
  delivered: Counter<'field'>;
  deliveryLatency: Histogram<'field'>;
  interruptions: Counter<'subgraph'>;
  upstreamSockets: Gauge<'subgraph'>;
  clientSockets: Gauge;
  /** Upstream subscriptions open: feeds, catch-ups and access-change watches. */
  upstreamSubscriptions: Gauge<'subgraph'>;
  feeds: Gauge<'subgraph'>;
  audiencesResolved: Counter<'field'>;
  slowClientCloses: Counter;
}

export function createSubscriptionMetrics(registry: Registry): SubscriptionMetrics {
  const registers = [registry];
  return {
    active: new Gauge({
      name: 'gateway_subscriptions_active',
      help: 'Subscriptions being served, per root field',
      labelNames: ['field'],
      registers,
    }),
    delivered: new Counter({
      name: 'gateway_subscription_events_delivered_total',
      help: 'Subscription events sent to clients, per root field',
      labelNames: ['field'],
      registers,
    }),
    deliveryLatency: new Histogram({
      name: 'gateway_subscription_delivery_seconds',
      help: 'From an event arriving from the subgraph to its complete result being sent to the client (entity fetches included)',
      labelNames: ['field'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    interruptions: new Counter({
      name: 'gateway_subscription_upstream_interruptions_total',
      help: 'Subscribers told that their subgraph connection dropped',
      labelNames: ['subgraph'],
      registers,
    }),
    upstreamSockets: new Gauge({
      name: 'gateway_subscription_upstream_connections',
      help: 'Open WebSocket connections from the gateway to subgraphs',
      labelNames: ['subgraph'],
      registers,
    }),
    upstreamSubscriptions: new Gauge({
      name: 'gateway_subscription_upstream_subscriptions',
      help: 'Subscriptions open from the gateway to subgraphs (shared feeds, catch-ups, access-change watches)',
      labelNames: ['subgraph'],
      registers,
    }),
    feeds: new Gauge({
      name: 'gateway_subscription_feeds',
      help: 'Shared upstream feeds open',
      labelNames: ['subgraph'],
      registers,
    }),
    audiencesResolved: new Counter({
      name: 'gateway_subscription_audiences_resolved_total',
      help: 'Per-event plan executions (one per audience of an event), per root field',
      labelNames: ['field'],
      registers,
    }),
    slowClientCloses: new Counter({
      name: 'gateway_subscription_slow_client_closes_total',
      help: 'Client sockets closed with 4429 because they did not read their events',
      registers,
    }),
    clientSockets: new Gauge({
      name: 'gateway_websocket_connections',
      help: 'Open GraphQL WebSocket connections from clients',
      registers,
    }),
  };
}
