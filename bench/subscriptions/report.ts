/** The subscription benchmark's results as markdown (bench/results/subscriptions-latest.md). */
import { histogram } from './accounting';
import type { RunResult } from './benchRun';

export interface BenchReport {
  startedAt: string;
  commit: string;
  machine: string;
  loadAverage: { start: number[]; end: number[] };
  settings: string;
  runs: RunResult[];
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const count = (v: number) => v.toLocaleString('en-US');
const fixed = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

interface Row {
  figure: string;
  value: (run: RunResult) => string;
  goal?: string;
}

const ROWS: Row[] = [
  {
    figure: 'subscribers (signed in / anonymous; distinct users)',
    value: (r) => `${count(r.signedIn)} / ${count(r.anonymous)}; ${count(r.distinctUsers)}`,
  },
  {
    figure: 'repositories (private)',
    value: (r) => `${r.repositories} (${r.privateRepositories})`,
  },
  {
    figure: 'events per subscriber (produced)',
    value: (r) => `${r.eventsPerSubscriber} (${r.eventsProduced})`,
  },
  { figure: 'all subscribed after', value: (r) => `${r.openSeconds.toFixed(1)} s` },
  {
    figure: 'delivery latency p50 (mutation sent → event received)',
    value: (r) => ms(r.latency.p50),
    goal: '10,000: ≤ 30 ms',
  },
  {
    figure: 'delivery latency p99',
    value: (r) => ms(r.latency.p99),
    goal: '1,000: ≤ 50 ms; 10,000: ≤ 150 ms',
  },
  { figure: 'delivery latency max', value: (r) => ms(r.latency.max) },
  {
    figure: 'deliveries / expected',
    value: (r) => `${count(r.accounting.delivered)} / ${count(r.accounting.expected)}`,
  },
  {
    figure: 'lost (subscribers affected, most for one)',
    value: (r) =>
      `${r.accounting.lost} (${r.accounting.subscribersWithLoss}, ${r.accounting.maxLostPerSubscriber})`,
    goal: '0',
  },
  {
    figure: 'duplicates (subscribers affected, most for one)',
    value: (r) =>
      `${r.accounting.duplicates} (${r.accounting.subscribersWithDuplicates}, ${r.accounting.maxDuplicatesPerSubscriber})`,
    goal: '0',
  },
  {
    figure: 'upstream subscriptions (issues_event_subscriptions)',
    value: (r) =>
      r.upstreamSubscriptions === undefined ? 'missing' : count(r.upstreamSubscriptions),
    goal: '≤ 20',
  },
  {
    figure: 'gateway feed metrics (gauges; counters: increase over the measured events)',
    value: (r) =>
      Object.entries(r.gatewayFeedMetrics)
        .map(([name, v]) =>
          name.endsWith('_total')
            ? `${name} +${count(v)} (${fixed(v / r.eventsProduced)} per event)`
            : `${name} ${count(v)}`,
        )
        .join('<br>') || 'none',
  },
  {
    figure: 'entity fetches per event (repository stand-in)',
    value: (r) => fixed(r.entityFetchesPerEvent),
    goal: '≤ distinct audiences',
  },
  {
    figure: 'access checks per subscription opened (repository stand-in)',
    value: (r) => fixed(r.accessChecksPerSubscription),
  },
  {
    figure: 'gateway CPU per delivery (per event)',
    value: (r) =>
      `${fixed(r.cpuMsPerDelivery.gateway, 3)} ms (${fixed(r.cpuMsPerEvent.gateway, 1)} ms)`,
  },
  {
    figure: 'CPU per event: issues subgraph / PostgreSQL / repository stand-in',
    value: (r) =>
      `${fixed(r.cpuMsPerEvent.issues, 1)} / ${fixed(r.cpuMsPerEvent.postgres, 1)} / ${fixed(r.cpuMsPerEvent.repository, 1)} ms`,
  },
  {
    figure: 'load generator CPU per delivery',
    value: (r) => `${fixed(r.cpuMsPerDelivery.clients, 3)} ms`,
  },
  {
    figure: "gateway's own delivery time, event in → sent: mean (its metric)",
    value: (r) => ms(r.gatewayDeliveryMs),
  },
  {
    figure: 'createIssue through the gateway, sent → answered: p50 / p99',
    value: (r) => `${ms(r.mutation.p50)} / ${ms(r.mutation.p99)}`,
  },
  {
    figure: 'gateway memory per subscription: RSS (JS heap)',
    value: (r) =>
      `${fixed(r.memoryPerSubscription.rssKiB, 1)} KiB (${fixed(r.memoryPerSubscription.heapKiB, 1)} KiB)`,
    goal: '≤ 10 KiB',
  },
  {
    figure: 'gateway RSS idle → subscribed',
    value: (r) =>
      `${fixed(r.memoryPerSubscription.idleRssMiB, 0)} → ${fixed(r.memoryPerSubscription.rssMiB, 0)} MiB`,
  },
  { figure: 'client-side errors', value: (r) => String(r.errors.length) },
];

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

export function renderReport(report: BenchReport): string {
  const lines = [
    '# Subscription benchmark (`npm run bench:subscriptions`)',
    '',
    `${report.startedAt} · commit ${report.commit} · ${report.machine} · load average ` +
      `${report.loadAverage.start.join(' ')} at start, ${report.loadAverage.end.join(' ')} at end`,
    '',
    report.settings,
    '',
    ...table(
      ['figure', ...report.runs.map((r) => `${count(r.subscribers)} subscribers`), 'goal'],
      ROWS.map((row) => [row.figure, ...report.runs.map(row.value), row.goal ?? '']),
    ),
  ];
  for (const run of report.runs) {
    const storm = run.storm;
    if (!storm) continue;
    lines.push(
      '',
      `## Reconnect storm (${count(run.subscribers)} sockets terminated at once, resumed with \`after\`)`,
      '',
      ...table(
        ['figure', 'value', 'goal'],
        [
          [
            'reconnected (drop → connection acknowledged): p50 / max',
            `${ms(storm.reconnected.p50)} / ${ms(storm.reconnected.max)}`,
            '',
          ],
          [
            'resumed (drop → first event produced after the drop received): p50 / p99 / max',
            `${ms(storm.resumed.p50)} / ${ms(storm.resumed.p99)} / ${ms(storm.resumed.max)}`,
            'all ≤ 30 s',
          ],
          ['subscribers not resumed', String(storm.subscribersNotResumed), '0'],
          ['events produced during the storm', String(storm.eventsProduced), ''],
          [
            'storm events, mutation sent → received: p50 / p99 / max',
            `${ms(storm.stormLatency.p50)} / ${ms(storm.stormLatency.p99)} / ${ms(storm.stormLatency.max)}`,
            '',
          ],
          [
            'whole run: deliveries / expected',
            `${count(storm.whole.delivered)} / ${count(storm.whole.expected)}`,
            '',
          ],
          [
            'whole run: lost (subscribers affected)',
            `${storm.whole.lost} (${storm.whole.subscribersWithLoss})`,
            '0',
          ],
          [
            'whole run: duplicates (subscribers affected)',
            `${storm.whole.duplicates} (${storm.whole.subscribersWithDuplicates})`,
            '0',
          ],
          [
            'reconnections beyond one per subscriber',
            String(storm.reconnectAttempts - run.subscribers),
            '',
          ],
          ['client-side errors', String(storm.errors), '0'],
        ],
      ),
    );
  }
  for (const run of report.runs) {
    lines.push(
      '',
      `## Delivery latency, ${count(run.subscribers)} subscribers (${count(run.latencies.length)} deliveries)`,
      '',
      '```',
      histogram(run.latencies),
      '```',
    );
    if (run.errors.length > 0) {
      lines.push('', 'First client-side errors:', '', '```', ...run.errors.slice(0, 5), '```');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The report as JSON (latencies left out), for tests and comparisons. */
export function reportJson(report: BenchReport): string {
  return JSON.stringify(
    { ...report, runs: report.runs.map(({ latencies: _, ...run }) => run) },
    null,
    2,
  );
}
