/**
 * What the subscribers received against what was produced: exactly-once per subscriber and
 * delivery latencies. Pure (bench/test/subscriptionAccounting.test.ts).
 */
import { percentile } from '../suite/stats';
import type { ClientData } from './clientProtocol';

/**
 * Per repository: the event numbers [from, to) a subscriber of it must receive exactly once, and
 * how many events it had in all (`produced`, default `to`): a number at or above it was never
 * produced (unexpected); one in [to, produced) belongs to a later window and is ignored.
 */
export interface EventWindow {
  from: number[];
  to: number[];
  produced?: number[];
}

export interface Accounting {
  subscribers: number;
  /** Events every subscriber should have received, summed over subscribers. */
  expected: number;
  /** Distinct expected events received. */
  delivered: number;
  lost: number;
  duplicates: number;
  /** Events received that were never produced in the window (should be none). */
  unexpected: number;
  subscribersWithLoss: number;
  subscribersWithDuplicates: number;
  maxLostPerSubscriber: number;
  maxDuplicatesPerSubscriber: number;
  /** Mutation sent → first receipt, ms, ascending (events in the window that were received). */
  latencies: Float64Array;
}

/**
 * `repositoryOf[i]` is subscriber i's repository, `sentAt[r][n]` the hrtime (ms) at which the
 * mutation that produced event n of repository r was sent.
 */
export function account(
  data: readonly ClientData[],
  repositoryOf: readonly number[],
  window: EventWindow,
  sentAt: readonly (readonly number[])[],
): Accounting {
  const result: Accounting = {
    subscribers: data.length,
    expected: 0,
    delivered: 0,
    lost: 0,
    duplicates: 0,
    unexpected: 0,
    subscribersWithLoss: 0,
    subscribersWithDuplicates: 0,
    maxLostPerSubscriber: 0,
    maxDuplicatesPerSubscriber: 0,
    latencies: new Float64Array(0),
  };
  const latencies: number[] = [];
  data.forEach((client, i) => {
    const r = repositoryOf[i]!;
    const from = window.from[r]!;
    const to = window.to[r]!;
    const seen = new Uint16Array(Math.max(0, to - from));
    let duplicates = 0;
    for (let k = 0; k < client.ns.length; k += 1) {
      const n = client.ns[k]!;
      if (n < from) continue; // before the window (warm-up, an earlier phase)
      if (n >= to) {
        if (n >= (window.produced ?? window.to)[r]!) result.unexpected += 1;
        continue;
      }
      const count = seen[n - from]! + 1;
      seen[n - from] = count;
      if (count === 1) latencies.push(client.times[k]! - sentAt[r]![n]!);
      else duplicates += 1;
    }
    let lost = 0;
    for (const count of seen) if (count === 0) lost += 1;
    result.expected += seen.length;
    result.delivered += seen.length - lost;
    result.lost += lost;
    result.duplicates += duplicates;
    if (lost > 0) result.subscribersWithLoss += 1;
    if (duplicates > 0) result.subscribersWithDuplicates += 1;
    result.maxLostPerSubscriber = Math.max(result.maxLostPerSubscriber, lost);
    result.maxDuplicatesPerSubscriber = Math.max(result.maxDuplicatesPerSubscriber, duplicates);
  });
  result.latencies = Float64Array.from(latencies).sort();
  return result;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(sorted: Float64Array): LatencySummary {
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
  };
}

/** Upper bounds (ms) of the histogram's buckets; the last bucket is everything above. */
export const BUCKETS_MS = [1, 2, 5, 10, 20, 30, 50, 100, 150, 200, 500, 1000, 2000, 5000];

/** An ASCII histogram of latencies (ms), one line per bucket from the first to the last used. */
export function histogram(values: ArrayLike<number>, width = 50): string {
  const counts = new Array<number>(BUCKETS_MS.length + 1).fill(0);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    let b = BUCKETS_MS.findIndex((edge) => v <= edge);
    if (b < 0) b = BUCKETS_MS.length;
    counts[b] = counts[b]! + 1;
  }
  const first = counts.findIndex((c) => c > 0);
  if (first < 0) return '(no deliveries)';
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  const most = Math.max(...counts);
  const lines: string[] = [];
  for (let b = first; b <= last; b += 1) {
    const label = b < BUCKETS_MS.length ? `≤ ${BUCKETS_MS[b]} ms` : `> ${BUCKETS_MS.at(-1)} ms`;
    const bar = '#'.repeat(Math.round((counts[b]! / most) * width));
    const share = ((counts[b]! / values.length) * 100).toFixed(1);
    lines.push(`${label.padStart(10)} | ${bar.padEnd(width)} ${counts[b]} (${share} %)`);
  }
  return lines.join('\n');
}
