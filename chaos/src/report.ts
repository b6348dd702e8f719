import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialResult } from './runTrial';
import { formatMs, median, percentile, sum } from './stats';
import { rtoChart } from './rtoChart';

export interface GroupSummary {
  strategy: string;
  fault: string;
  trials: number;
  rtoMedian: number;
  rtoP95: number;
  rtoMax: number;
  readMedian: number;
  acknowledged: number;
  serverLost: number;
  clientLost: number;
  trialsWithLoss: number;
  writesPerSecond: number;
  writeP50: number;
  writeP99: number;
  sources: string;
}

export function summarise(results: readonly TrialResult[]): GroupSummary[] {
  const groups = new Map<string, TrialResult[]>();
  for (const r of results) {
    const key = `${r.strategy}/${r.fault}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const rto = rs.map((r) => r.rtoMs);
    return {
      strategy: rs[0]!.strategy,
      fault: rs[0]!.fault,
      trials: rs.length,
      rtoMedian: median(rto),
      rtoP95: percentile(rto, 0.95),
      rtoMax: Math.max(...rto),
      readMedian: median(rs.map((r) => r.faultToFirstReadMs)),
      acknowledged: sum(rs.map((r) => r.acknowledged)),
      serverLost: sum(rs.map((r) => r.serverLost)),
      clientLost: sum(rs.map((r) => r.clientLost)),
      trialsWithLoss: rs.filter((r) => r.clientLost > 0).length,
      writesPerSecond: median(rs.map((r) => r.writesPerSecond)),
      writeP50: median(rs.map((r) => r.writeP50Ms)),
      writeP99: median(rs.map((r) => r.writeP99Ms)),
      sources: [...new Set(rs.map((r) => r.recoveredFrom))].join(', '),
    };
  });
}

const CSV_COLUMNS: (keyof TrialResult)[] = [
  'strategy',
  'fault',
  'trial',
  'keysAttempted',
  'acknowledged',
  'failedWrites',
  'faultAfterAcks',
  'writesPerSecond',
  'writeP50Ms',
  'writeP99Ms',
  'rtoMs',
  'faultToFirstReadMs',
  'serverFaultToFirstReadMs',
  'recoveredFrom',
  'keysRecovered',
  'serverLost',
  'clientLost',
  'notes',
];

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function toCsv(results: readonly TrialResult[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of results) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

export function toMarkdown(summaries: readonly GroupSummary[], header: string): string {
  const rows = summaries.map((s) =>
    [
      s.strategy,
      s.fault,
      s.trials,
      formatMs(s.rtoMedian),
      formatMs(s.rtoP95),
      formatMs(s.rtoMax),
      formatMs(s.readMedian),
      s.acknowledged,
      s.serverLost,
      `${s.clientLost} (${s.trialsWithLoss}/${s.trials} trials)`,
      s.writesPerSecond.toFixed(0),
      formatMs(s.writeP50),
      formatMs(s.writeP99),
      s.sources,
    ].join(' | '),
  );
  return [
    header,
    '',
    '| Strategy | Fault | Trials | RTO median (ms) | RTO p95 | RTO max | Fault → first read, median (ms) | Acked writes | Acked lost (server ledger) | Acked lost (client check) | Writes/s | Write p50 (ms) | Write p99 (ms) | Recovered from |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    'RTO is measured by the service around the strategy\'s recovery only; "fault → first read" is',
    'measured by this client from sending the fault to the first successful read after recover',
    '(it includes the process restart for PROCESS_CRASH). Write figures are over GraphQL/HTTP',
    'before the fault. Lost writes are counted twice: by the service against its',
    'acknowledgement ledger, and by this client reading back every acknowledged key.',
    '',
  ].join('\n');
}

/** raw.csv, summary.md and rto.svg in `dir`. */
export function writeResults(
  dir: string,
  results: readonly TrialResult[],
  header: string,
): { summaries: GroupSummary[]; files: string[] } {
  mkdirSync(dir, { recursive: true });
  const summaries = summarise(results);
  const files = [join(dir, 'raw.csv'), join(dir, 'summary.md'), join(dir, 'rto.svg')];
  writeFileSync(files[0]!, toCsv(results));
  writeFileSync(files[1]!, toMarkdown(summaries, header));
  writeFileSync(files[2]!, rtoChart(summaries));
  return { summaries, files };
}
