/**
 * The reconnect storm of the subscription benchmark: every client socket terminated at once (as
 * a network drop), each subscriber reconnecting with `after: <its last cursor>` while events keep
 * coming; then exactly-once over the whole run and how long until everyone resumed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { account, summarize, type Accounting, type LatencySummary } from './accounting';
import type { ClientFleet } from './clientFleet';
import type { ClientData } from './clientProtocol';
import type { EventProducer } from './eventProducer';

export const strip = ({ latencies: _, ...rest }: Accounting) => rest;

export interface StormOptions {
  subscribers: number;
  /** The storm produces events until every subscriber resumed, at most this long. */
  stormMaxMs: number;
  /** Pause between the storm's rounds of events (one per repository). */
  stormIntervalMs: number;
}

export interface StormResult {
  eventsProduced: number;
  /** Drop → connection acknowledged again, per subscriber (ms). */
  reconnected: LatencySummary;
  /** Drop → first event produced after the drop received (replayed or live), per subscriber. */
  resumed: LatencySummary;
  subscribersNotResumed: number;
  /** Exactly-once over the whole run: the measured events, the storm's, and those after it. */
  whole: Omit<Accounting, 'latencies'>;
  /** Mutation sent → received, for the events produced during the storm. */
  stormLatency: LatencySummary;
  reconnectAttempts: number;
  errors: number;
}

export async function reconnectStorm(
  fleet: ClientFleet,
  producer: EventProducer,
  used: number[],
  options: StormOptions,
  log: (line: string) => void,
) {
  const stormFirst = [...producer.next];
  log(`storm: dropping ${options.subscribers} sockets`);
  fleet.drop(stormFirst);
  const start = performance.now();
  let produced = 0;
  // Events keep coming while everyone reconnects: rounds over the repositories, paced.
  while (
    fleet.total().resumed < options.subscribers &&
    performance.now() - start < options.stormMaxMs
  ) {
    for (const r of used) {
      await producer.produce(r);
      produced += 1;
    }
    await sleep(options.stormIntervalMs);
  }
  const resumedAll = fleet.total().resumed >= options.subscribers;
  log(
    resumedAll
      ? `storm: all resumed within ${((performance.now() - start) / 1000).toFixed(1)} s`
      : `storm: ${fleet.total().resumed} of ${options.subscribers} resumed after ${options.stormMaxMs} ms`,
  );
  // One more round after everyone is back (live delivery), then let everything arrive.
  for (const r of used) {
    await producer.produce(r);
    produced += 1;
  }
  const end = [...producer.next];
  // Settled when nothing more arrived for 2 s (or 60 s at most).
  let last = -1;
  let quietSince = performance.now();
  await fleet.until((p) => {
    if (p.delivered !== last) {
      last = p.delivered;
      quietSince = performance.now();
    }
    return performance.now() - quietSince > 2000;
  }, 60_000);
  return {
    finish(data: ClientData[], repositoryOf: number[], from: number[]): StormResult {
      const whole = account(data, repositoryOf, { from, to: end }, producer.sentAt);
      const stormPart = account(data, repositoryOf, { from: stormFirst, to: end }, producer.sentAt);
      const since = (at: number | undefined, drop: number | undefined) =>
        at === undefined || drop === undefined ? undefined : at - drop;
      const reconnected = data.map((c) => since(c.reconnectedAt, c.dropAt));
      const resumed = data.map((c) => since(c.resumedAt, c.dropAt));
      const sorted = (xs: (number | undefined)[]) =>
        Float64Array.from(xs.filter((x): x is number => x !== undefined)).sort();
      return {
        eventsProduced: produced,
        reconnected: summarize(sorted(reconnected)),
        resumed: summarize(sorted(resumed)),
        subscribersNotResumed: resumed.filter((x) => x === undefined).length,
        whole: strip(whole),
        stormLatency: summarize(stormPart.latencies),
        reconnectAttempts: data.reduce((sum, c) => sum + c.attempts - 1, 0),
        errors: data.reduce((sum, c) => sum + c.errors.length, 0),
      };
    },
  };
}
