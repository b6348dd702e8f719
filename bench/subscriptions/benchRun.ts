/**
 * One run of the subscription benchmark on a running stack: open N subscriptions, warm up,
 * produce the events one at a time (each waits until delivered, then a pause), measure; then,
 * when asked, the reconnect storm: every socket terminated at once, each reconnecting with
 * `after: <its last cursor>` while events keep coming.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { signSessionToken } from '@gitforge/auth';
import { cpuSecondsBetween, snapshotCpu } from '../suite/processCpu';
import { account, summarize, type Accounting, type LatencySummary } from './accounting';
import { ClientFleet } from './clientFleet';
import type { ClientSpec } from './clientProtocol';
import { EventProducer } from './eventProducer';
import { benchRepositories, OWNER, subscribers, userLogin } from './population';
import { reconnectStorm, strip, type StormResult } from './reconnectStorm';
import { readMetrics, repositoryCounts, SECRET, settledMemory, waitFor, type Stack } from './stack';

export interface RunOptions {
  subscribers: number;
  events: number;
  users: number;
  repositories: number;
  privateRepositories: number;
  anonymousPercent: number;
  intervalMs: number;
  storm: boolean;
  withCursor: boolean;
  localOnly: boolean;
  processes: number;
  concurrency: number;
  /** How long one event may take to reach all its subscribers before the bench moves on. */
  deliveryTimeoutMs: number;
  /** The storm produces events until every subscriber resumed, at most this long. */
  stormMaxMs: number;
  /** Pause between the storm's rounds of events (one per repository). */
  stormIntervalMs: number;
}

export interface RunResult {
  subscribers: number;
  signedIn: number;
  anonymous: number;
  distinctUsers: number;
  repositories: number;
  privateRepositories: number;
  eventsPerSubscriber: number;
  eventsProduced: number;
  openSeconds: number;
  latency: LatencySummary;
  latencies: Float64Array;
  accounting: Omit<Accounting, 'latencies'>;
  /** issues_event_subscriptions after the warm-up, every subscriber served (undefined: none). */
  upstreamSubscriptions?: number;
  /**
   * The gateway's metrics about upstream subscriptions, feeds and audiences after the measured
   * events, every subscriber still connected: gauges as they stand, counters (`_total`) as their
   * increase over the measured events.
   */
  gatewayFeedMetrics: Record<string, number>;
  entityFetchesPerEvent: number;
  accessChecksPerSubscription: number;
  /** CPU (user + system) over the measured events ÷ deliveries: what grows with subscribers. */
  cpuMsPerDelivery: { gateway: number; clients: number };
  /** ÷ events: what should not grow with subscribers once feeds are shared. */
  cpuMsPerEvent: { gateway: number; issues: number; repository: number; postgres: number };
  /** The gateway's own mean, event in → sent (gateway_subscription_delivery_seconds). */
  gatewayDeliveryMs: number;
  /** The bench's createIssue calls through the gateway, sent → answered (the write path). */
  mutation: LatencySummary;
  memoryPerSubscription: { rssKiB: number; heapKiB: number; idleRssMiB: number; rssMiB: number };
  errors: string[];
  storm?: StormResult;
}

export function subscriptionQuery(withCursor: boolean, localOnly: boolean): string {
  const remote = localOnly ? '' : ' repository { description }';
  return withCursor
    ? `subscription($r: String!, $after: String) { issueEvents(repository: $r, after: $after) { eventId: id cursor issue { title${remote} } } }`
    : `subscription($r: String!) { issueEvents(repository: $r) { eventId: id issue { title${remote} } } }`;
}

/** Metric names the gateway's subscription layer reports about feeds (by name, not by list). */
const FEED_METRIC = /^gateway_.*(upstream|feed|audience|slow_client)/;

function feedMetrics(before: Map<string, number>, after: Map<string, number>) {
  const picked: Record<string, number> = {};
  for (const [name, value] of after) {
    if (!FEED_METRIC.test(name) || /_(bucket|sum|count)$/.test(name)) continue;
    picked[name] = name.endsWith('_total') ? value - (before.get(name) ?? 0) : value;
  }
  return picked;
}

export async function runSubscriptions(
  stack: Stack,
  options: RunOptions,
  producerState: { producer?: EventProducer },
  log: (line: string) => void,
): Promise<RunResult> {
  const repos = benchRepositories(options.repositories, options.privateRepositories);
  const specs = subscribers(options.subscribers, options.users, repos, options.anonymousPercent);
  const tokens = new Map<number, string>();
  for (const spec of specs) {
    if (spec.user !== null && !tokens.has(spec.user)) {
      tokens.set(spec.user, await signSessionToken(SECRET, userLogin(spec.user)));
    }
  }
  const clientSpecs: ClientSpec[] = specs.map((s) => ({
    token: s.user === null ? null : tokens.get(s.user)!,
    repository: s.repository,
    fullName: repos[s.repository]!.fullName,
  }));
  const repositoryOf = specs.map((s) => s.repository);
  const perRepository = repos.map((r) => repositoryOf.filter((x) => x === r.index).length);
  const used = repos.filter((r) => perRepository[r.index]! > 0).map((r) => r.index);
  const producer = (producerState.producer ??= new EventProducer(
    stack.gateway,
    `Bearer ${await signSessionToken(SECRET, OWNER)}`,
    repos.map((r) => r.fullName),
  ));

  // Warm the gateway's plans and connections, then measure it idle.
  await fetch(`${stack.gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const idle = await settledMemory(stack.gateway);
  const checksBefore = (await repositoryCounts(stack.repository)).accessChecks;

  const fleet = new ClientFleet(clientSpecs, {
    url: `${stack.gateway.replace('http', 'ws')}/graphql`,
    query: subscriptionQuery(options.withCursor, options.localOnly),
    withCursor: options.withCursor,
    processes: options.processes,
    concurrency: options.concurrency,
  });
  try {
    const opening = performance.now();
    fleet.start();
    // A subscriber that gave up connecting is reported (errors, lost events), not waited for.
    const open = (p: ReturnType<ClientFleet['total']>) => p.subscribed + p.failed;
    if (!(await fleet.until((p) => open(p) === options.subscribers, 300_000))) {
      throw new Error(`only ${fleet.total().subscribed} of ${options.subscribers} subscribed`);
    }
    const failed = fleet.total().failed;
    if (failed > 0) log(`${failed} subscribers gave up connecting`);
    await waitFor(
      async () =>
        ((await readMetrics(stack.gateway)).get('gateway_subscriptions_active') ?? Infinity) >=
        options.subscribers - failed,
      'the gateway to count every subscription',
    );
    // The subgraph's side opens a moment later (the gateway subscribes upstream after its own
    // checks): settled once its count is above 0 and has not moved for a second (or 30 s).
    let upstream: number | undefined;
    let stableSince = performance.now();
    const settleBy = performance.now() + 30_000;
    await waitFor(async () => {
      const now = (await readMetrics(stack.issues)).get('issues_event_subscriptions');
      if (now !== upstream) {
        upstream = now;
        stableSince = performance.now();
      }
      const settled = now !== 0 && performance.now() - stableSince > 1000;
      return settled || performance.now() > settleBy;
    }, 'upstream subscriptions to settle');
    const openSeconds = (performance.now() - opening) / 1000;
    log(`${options.subscribers} subscribed in ${openSeconds.toFixed(1)} s, upstream ${upstream}`);
    const accessChecks = (await repositoryCounts(stack.repository)).accessChecks - checksBefore;
    const loaded = await settledMemory(stack.gateway);

    // Warm-up: one event per repository, delivered to everyone (not measured).
    for (const r of used) {
      const base = fleet.total().delivered;
      await producer.produce(r);
      await fleet.until((p) => p.delivered >= base + perRepository[r]!, options.deliveryTimeoutMs);
    }
    // Every subscriber has had an event now, so every upstream subscription is open.
    upstream = (await readMetrics(stack.issues)).get('issues_event_subscriptions');
    log(`warmed up; upstream subscriptions ${upstream}`);

    const from = [...producer.next];
    const counts0 = await repositoryCounts(stack.repository);
    const metrics0 = await readMetrics(stack.gateway);
    const pids = stack.pids;
    const cpuGroups = (): Record<string, number[]> => ({
      gateway: [pids.gateway],
      issues: [pids.issues],
      repository: [pids.repository],
      postgres: stack.databasePids(),
      clients: fleet.pids,
    });
    const cpu0 = snapshotCpu(cpuGroups());
    let produced = 0;
    let undelivered = 0;
    for (let i = 0; i < options.events; i += 1) {
      for (const r of used) {
        const base = fleet.total().delivered;
        await producer.produce(r);
        produced += 1;
        // Once an event was not delivered to everyone, later ones wait 3 s at most: a
        // subscriber that lost its stream would otherwise cost the timeout for every event.
        const done = await fleet.until(
          (p) => p.delivered >= base + perRepository[r]!,
          undelivered > 0 ? 3000 : options.deliveryTimeoutMs,
        );
        if (!done) {
          undelivered += 1;
          log(`event r${r}-${producer.next[r]! - 1} not delivered to all in time`);
        }
        await sleep(options.intervalMs);
      }
    }
    const cpu = cpuSecondsBetween(cpu0, snapshotCpu(cpuGroups()));
    const counts1 = await repositoryCounts(stack.repository);
    const metrics1 = await readMetrics(stack.gateway);
    const gatewayFeedMetrics = feedMetrics(metrics0, metrics1);
    const delta = (name: string) => (metrics1.get(name) ?? NaN) - (metrics0.get(name) ?? NaN);
    const gatewayDeliveryMs =
      (delta('gateway_subscription_delivery_seconds_sum') * 1000) /
      delta('gateway_subscription_delivery_seconds_count');
    const to = [...producer.next];
    log(`${produced} events delivered`);

    const storm = options.storm
      ? await reconnectStorm(fleet, producer, used, options, log)
      : undefined;
    const data = await fleet.collect();
    const phase = account(
      data,
      repositoryOf,
      { from, to, produced: [...producer.next] },
      producer.sentAt,
    );
    const deliveries = phase.delivered + phase.duplicates;
    const perDelivery = (group: string) => ((cpu[group] ?? NaN) * 1000) / deliveries;
    const perEvent = (group: string) => ((cpu[group] ?? NaN) * 1000) / produced;
    const mutationMs = Float64Array.from(
      used.flatMap((r) =>
        producer.answeredAt[r]!.slice(from[r], to[r]).map(
          (at, k) => at - producer.sentAt[r]![from[r]! + k]!,
        ),
      ),
    ).sort();
    const KiB = 1024;
    const result: RunResult = {
      subscribers: options.subscribers,
      signedIn: specs.filter((s) => s.user !== null).length,
      anonymous: specs.filter((s) => s.user === null).length,
      distinctUsers: tokens.size,
      repositories: options.repositories,
      privateRepositories: options.privateRepositories,
      eventsPerSubscriber: options.events,
      eventsProduced: produced,
      openSeconds,
      latency: summarize(phase.latencies),
      latencies: phase.latencies,
      accounting: strip(phase),
      upstreamSubscriptions: upstream,
      gatewayFeedMetrics,
      entityFetchesPerEvent: (counts1.entityRequests - counts0.entityRequests) / produced,
      accessChecksPerSubscription: accessChecks / options.subscribers,
      cpuMsPerDelivery: { gateway: perDelivery('gateway'), clients: perDelivery('clients') },
      cpuMsPerEvent: {
        gateway: perEvent('gateway'),
        issues: perEvent('issues'),
        repository: perEvent('repository'),
        postgres: perEvent('postgres'),
      },
      mutation: summarize(mutationMs),
      gatewayDeliveryMs,
      memoryPerSubscription: {
        rssKiB: (loaded.rss - idle.rss) / options.subscribers / KiB,
        heapKiB: (loaded.heap - idle.heap) / options.subscribers / KiB,
        idleRssMiB: idle.rss / KiB / KiB,
        rssMiB: loaded.rss / KiB / KiB,
      },
      errors: data.flatMap((c) => c.errors).slice(0, 20),
    };
    if (storm) result.storm = storm.finish(data, repositoryOf, from);
    return result;
  } finally {
    await fleet.stop().catch(() => fleet.kill());
    await waitFor(
      async () =>
        ((await readMetrics(stack.gateway)).get('gateway_subscriptions_active') ?? 0) === 0,
      'the gateway to release every subscription',
      60_000,
    ).catch((err: unknown) => log(String(err)));
  }
}
