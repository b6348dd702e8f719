import { formatMb, formatMs, formatRate, formatRatio, MB } from './format';
import type { BenchResults } from './report';

/** One goal of the bench's issues, as measured. */
export interface Goal {
  goal: string;
  measured: string;
  /** undefined when the comparison did not run. */
  met?: boolean;
}

/** Met / missed per goal of GitHub issue 7; a goal whose comparison did not run is "not run". */
export function evaluateGoals(results: Omit<BenchResults, 'goals' | 'durationSeconds'>): Goal[] {
  const a = results.gatewayVsStock;
  const b = results.gatewayVsDirect;
  const c = results.createIssue;
  const d = results.clone;
  const rate = c?.fixedRate.goodPerSecond ?? NaN;
  const e = results.gatewaysAlone;
  const platform = a?.platformCpu?.ours;
  const soak = results.soak;
  return [
    {
      goal: 'gateway ≥ 2× stock @apollo/gateway requests/s (nested query)',
      measured: a ? formatRatio(a.ratios.requestsPerSecond) : 'not run',
      met: a ? a.ratios.requestsPerSecond >= 2 : undefined,
    },
    {
      goal: 'single-subgraph p50 overhead ≤ 1.3×, one request at a time',
      measured: b ? formatRatio(b.sequential.ratios.p50) : 'not run',
      met: b ? b.sequential.ratios.p50 <= 1.3 : undefined,
    },
    {
      goal: `single-subgraph p50 overhead ≤ 1.3×, ${b?.saturated.plan.connections ?? 20} connections`,
      measured: b ? formatRatio(b.saturated.ratios.p50) : 'not run',
      met: b ? b.saturated.ratios.p50 <= 1.3 : undefined,
    },
    {
      goal: 'clone through the proxy ≤ 1.05× direct',
      measured: d ? formatRatio(d.ratio) : 'not run',
      met: d ? d.ratio <= 1.05 : undefined,
    },
    {
      // 990: a timed run at exactly 1,000/s loses a few requests at its edges.
      goal: '≥ 1,000 createIssue/s at a fixed offered rate (≥ 990/s answered, no errors)',
      measured: c ? `${formatRate(rate)}/s of ${formatRate(c.plan.rate)}/s offered` : 'not run',
      met: c
        ? rate >= 990 &&
          c.fixedRate.non2xx + c.fixedRate.graphqlErrors + c.fixedRate.transportErrors === 0
        : undefined,
    },
    {
      goal: '(e) gateway alone ≥ 2× stock @apollo/gateway requests/s',
      measured: e ? formatRatio(e.vsStock.requestsPerSecond) : 'not run',
      met: e ? e.vsStock.requestsPerSecond >= 2 : undefined,
    },
    {
      goal: '(e) gateway alone ≤ 0.4× stock @apollo/gateway CPU per request',
      measured: e ? formatRatio(e.vsStock.cpuPerRequest) : 'not run',
      met: e ? e.vsStock.cpuPerRequest <= 0.4 : undefined,
    },
    {
      goal: '(e) gateway alone ahead of @graphql-hive/gateway (requests/s)',
      measured: e ? formatRatio(e.vsHive.requestsPerSecond) : 'not run',
      met: e ? e.vsHive.requestsPerSecond > 1 : undefined,
    },
    {
      goal: '(a) platform ≥ 500 nested requests/s',
      measured: a ? `${formatRate(a.ours.goodPerSecond)}/s` : 'not run',
      met: a ? a.ours.goodPerSecond >= 500 : undefined,
    },
    {
      goal: '(a) platform CPU ≤ 4 ms per nested request, every process',
      measured: platform ? formatMs(platform.totalMs) : 'not run',
      met: platform ? platform.totalMs <= 4 : undefined,
    },
    {
      goal: 'gateway RSS growth ≤ 50 MB across a 10-minute soak (lowest RSS, first vs last minute)',
      measured: soak
        ? `${formatMb(soak.rss.floorGrowthBytes)} over ${Math.round(soak.load.durationSeconds)} s (end − start ${formatMb(soak.rss.growthBytes)})`
        : 'not run',
      // A shorter soak is reported, not judged. The floor, not the ends: V8's heap waves.
      met:
        soak && soak.load.durationSeconds >= 590 ? soak.rss.floorGrowthBytes <= 50 * MB : undefined,
    },
  ];
}

export function goalsTable(goals: Goal[]): string {
  const mark = (g: Goal) =>
    g.met === undefined
      ? g.measured === 'not run'
        ? 'not run'
        : 'not judged'
      : g.met
        ? 'met'
        : '**missed**';
  return [
    '| goal | measured | |',
    '| --- | --- | --- |',
    ...goals.map((g) => `| ${g.goal} | ${g.measured} | ${mark(g)} |`),
  ].join('\n');
}
