import type { RunningSystem } from './startSystem';

/** Waiting for live subscriptions by the counts the services export on `/metrics`. */

async function metricsOf(url: string): Promise<string> {
  return (await fetch(url)).text();
}

function gauge(metrics: string, name: string, label: string): number {
  // e.g. gateway_subscriptions_active{field="issueEvents",service="gateway"} 2
  const pattern = new RegExp(`^${name}\\{[^}]*${label}[^}]*\\} (\\d+)`, 'm');
  return Number(pattern.exec(metrics)?.[1] ?? 0);
}

/**
 * The gateway serves `count` subscriptions to `field`, and the issues subgraph delivers to every
 * upstream subscription they need: one per shared feed (issue 15: clients of one repository
 * share one), or one per client subscription when the gateway opens no feeds.
 */
export async function untilSubscribed(
  system: RunningSystem,
  field: string,
  count: number,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  const gateway = () => metricsOf(`${system.baseUrl}/metrics`);
  while (gauge(await gateway(), 'gateway_subscriptions_active', `field="${field}"`) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} ${field} subscriptions`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The gateway counts from the client's subscribe; its subscription to the issues subgraph
  // follows: an event reaches the client once the subgraph delivers to it too. As many as the
  // gateway needs: not fewer (still subscribing), not more (a closed page's subscription still
  // being torn down would make the count look reached).
  for (;;) {
    const metrics = await gateway();
    const feeds = gauge(metrics, 'gateway_subscription_feeds', 'subgraph="issues"');
    const needed =
      feeds > 0 ? feeds : gauge(metrics, 'gateway_subscriptions_active', `field="${field}"`);
    if ((await issuesSubgraphSubscriptions(system)) === needed) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${needed} subgraph subscriptions`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `issues_event_subscriptions` of the issues subgraph: the subscriptions it delivers to. */
async function issuesSubgraphSubscriptions(system: RunningSystem): Promise<number> {
  const metrics = await metricsOf(`http://127.0.0.1:${system.ports.ISSUES_PORT}/metrics`);
  return Number(/^issues_event_subscriptions\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
}
