import type { RunningSystem } from './startSystem';

/** Waiting for live subscriptions by the counts the services export on `/metrics`. */

async function activeSubscriptions(system: RunningSystem, field: string): Promise<number> {
  const metrics = await (await fetch(`${system.baseUrl}/metrics`)).text();
  // e.g. gateway_subscriptions_active{field="issueEvents",service="gateway"} 2
  const pattern = new RegExp(
    `^gateway_subscriptions_active\\{[^}]*field="${field}"[^}]*\\} (\\d+)`,
    'm',
  );
  return Number(pattern.exec(metrics)?.[1] ?? 0);
}

/** The gateway serves `count` subscriptions to `field`, and the issues subgraph as many. */
export async function untilSubscribed(
  system: RunningSystem,
  field: string,
  count: number,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await activeSubscriptions(system, field)) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} ${field} subscriptions`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The gateway counts from the client's subscribe; its own subscription to the issues
  // subgraph follows: an event reaches the client once the subgraph delivers to it too.
  // As many as the gateway serves: not fewer (still subscribing), not more (a closed page's
  // subscription still being torn down would make the count look reached).
  while (
    (await issuesSubgraphSubscriptions(system)) !== (await activeSubscriptions(system, field))
  ) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subgraph subscriptions`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `issues_event_subscriptions` of the issues subgraph: the subscriptions it delivers to. */
async function issuesSubgraphSubscriptions(system: RunningSystem): Promise<number> {
  const url = `http://127.0.0.1:${system.ports.ISSUES_PORT}/metrics`;
  const metrics = await (await fetch(url)).text();
  return Number(/^issues_event_subscriptions\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
}
