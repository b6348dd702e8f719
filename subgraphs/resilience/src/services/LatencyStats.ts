import type { StrategyKind } from '../strategies/types';

const WINDOW = 10_000;

export interface LatencySummary {
  strategy: StrategyKind;
  writes: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/** Write latency per strategy over its last 10,000 acknowledged writes. */
export class LatencyStats {
  private readonly byKind = new Map<
    StrategyKind,
    { samples: Float64Array; next: number; filled: number; writes: number }
  >();

  record(kind: StrategyKind, ms: number, writes: number): void {
    let stats = this.byKind.get(kind);
    if (!stats) {
      stats = { samples: new Float64Array(WINDOW), next: 0, filled: 0, writes: 0 };
      this.byKind.set(kind, stats);
    }
    stats.samples[stats.next] = ms;
    stats.next = (stats.next + 1) % WINDOW;
    stats.filled = Math.min(WINDOW, stats.filled + 1);
    stats.writes += writes;
  }

  writesTotal(kind: StrategyKind): number {
    return this.byKind.get(kind)?.writes ?? 0;
  }

  summary(kind?: StrategyKind): LatencySummary[] {
    const out: LatencySummary[] = [];
    for (const [strategy, stats] of this.byKind) {
      if (kind && strategy !== kind) continue;
      const sorted = stats.samples.slice(0, stats.filled).sort();
      out.push({
        strategy,
        writes: stats.writes,
        samples: stats.filled,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
      });
    }
    return out;
  }
}

export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
