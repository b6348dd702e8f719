import type { CloneThroughProxyResult } from '../git-proxy/measureCloneThroughProxy';
import type { GatewaysAloneComparison } from '../gateways/compareGatewaysAlone';
import type { DirectComparison, DirectRun } from './compareDirect';
import type { GatewayComparison } from './compareGateways';
import type { CreateIssueResult } from './createIssueLoad';
import type { Machine } from './machine';
import type { SideSummary } from './sideBySide';
import type { SoakResult } from './soak';
import { formatMb, formatMs, formatPercent, formatRate, formatRatio } from './format';
import { goalsTable, type Goal } from './goals';

/** Everything one `npm run bench` measured; written as bench/results/latest.json. */
export interface BenchResults {
  date: string;
  /** Wall time of the whole suite, start-up and clean-up included. */
  durationSeconds: number;
  machine: Machine;
  setup: {
    /** The PostgreSQL server a fresh database was created on (no credentials). */
    databaseServer: string;
    redis: boolean;
    nodeEnv: string;
    /**
     * The commit measured, and the paths with uncommitted changes that were built into it
     * (`npm run bench` builds the working tree, other engineers' work in progress included).
     */
    revision?: { commit: string; uncommitted: string[] };
  };
  gatewayVsStock?: GatewayComparison;
  gatewayVsDirect?: DirectComparison;
  createIssue?: CreateIssueResult;
  clone?: CloneThroughProxyResult;
  /** (e) the gateway alone over stub subgraphs: ours, stock @apollo/gateway, @graphql-hive/gateway. */
  gatewaysAlone?: GatewaysAloneComparison;
  /** Our gateway's RSS under (a)'s load for `--soak-seconds`. */
  soak?: SoakResult;
  /**
   * Comparisons this run did not measure, copied from the previous latest.json so the file keeps
   * every figure: comparison key → the date of the run that measured it.
   */
  carriedOver?: Record<string, string>;
  goals: Goal[];
}

const GiB = 1024 ** 3;

export function machineLine(machine: Machine, date: string): string {
  return (
    `${machine.cpuCount} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / GiB).toFixed(1)} GiB, ` +
    `Node ${machine.node}, ${machine.os}; load average at start ${machine.loadAverageAtStart.join(' ')}` +
    (machine.loadAverageAtEnd ? `, at end ${machine.loadAverageAtEnd.join(' ')}` : '') +
    `; ${date.slice(0, 16).replace('T', ' ')} UTC`
  );
}

function errorsOf(s: { non2xx: number; graphqlErrors: number; transportErrors: number }): string {
  const total = s.non2xx + s.graphqlErrors + s.transportErrors;
  return total === 0 ? '0 errors' : `**${total} errors**`;
}

/** The Markdown table (also what the console shows). */
export function resultsTable(results: BenchResults): string {
  const rows: string[][] = [];
  const a = results.gatewayVsStock;
  if (a) {
    const p = a.plan;
    const what = `(a) nested query, 3 subgraphs, ${(a.answerBytes / 1024).toFixed(1)} KB answer; ${p.connections} connections, ${p.rounds} × ${p.durationSeconds} s each`;
    rows.push(
      [
        `${what}: requests/s`,
        formatRate(a.ours.goodPerSecond),
        `stock @apollo/gateway ${formatRate(a.stock.goodPerSecond)}`,
        formatRatio(a.ratios.requestsPerSecond),
      ],
      [
        '(a) p50 / p99 latency',
        `${formatMs(a.ours.p50Ms)} / ${formatMs(a.ours.p99Ms)}`,
        `${formatMs(a.stock.p50Ms)} / ${formatMs(a.stock.p99Ms)}`,
        `${formatRatio(a.ratios.p50)} / ${formatRatio(a.ratios.p99)}`,
      ],
      [
        '(a) gateway CPU per request; errors; machine CPU busy',
        `${formatMs(a.ours.cpuMsPerRequest.gateway ?? NaN)}; ${errorsOf(a.ours)}; ${formatPercent(a.ours.machineCpuBusy)}`,
        `${formatMs(a.stock.cpuMsPerRequest.gateway ?? NaN)}; ${errorsOf(a.stock)}; ${formatPercent(a.stock.machineCpuBusy)}`,
        formatRatio(
          (a.ours.cpuMsPerRequest.gateway ?? NaN) / (a.stock.cpuMsPerRequest.gateway ?? NaN),
        ),
      ],
    );
  }
  const b = results.gatewayVsDirect;
  if (b) {
    for (const [label, run] of [
      [`${b.saturated.plan.connections} connections`, b.saturated],
      ['1 connection, one request at a time', b.sequential],
    ] as const) {
      const figures = (s: SideSummary) =>
        `${formatRate(s.goodPerSecond)}; ${formatMs(s.p50Ms)} / ${formatMs(s.p99Ms)}`;
      const ratios = (r: DirectRun['ratios']) =>
        `${formatRatio(r.requestsPerSecond)}; ${formatRatio(r.p50)} / ${formatRatio(r.p99)}`;
      rows.push([
        `(b) single-subgraph query, ${label}: requests/s; p50 / p99`,
        `${figures(run.gateway)}; ${errorsOf(run.gateway)}`,
        `issues subgraph directly ${figures(run.direct)}` +
          (run.stock ? `; stock gateway ${figures(run.stock)}` : ''),
        ratios(run.ratios) +
          (run.stockRatios ? ` (stock ÷ direct ${ratios(run.stockRatios)})` : ''),
      ]);
    }
  }
  const c = results.createIssue;
  if (c) {
    const f = c.fixedRate;
    const v = c.verification;
    rows.push([
      `(c) createIssue through the gateway, PostgreSQL, ${formatRate(c.plan.rate)}/s offered for ${c.plan.durationSeconds} s, ${c.plan.connections} connections, ${c.repositories.length} repositories: achieved/s; p50 / p99`,
      `${formatRate(f.goodPerSecond)}; ${formatMs(f.latencyMs.p50)} / ${formatMs(f.latencyMs.p99)}; ${errorsOf(f)}`,
      `offered ${formatRate(c.plan.rate)}; CPU per create: gateway ${formatMs(f.cpuMsPerRequest.gateway ?? NaN)}, issues subgraph ${formatMs(f.cpuMsPerRequest.issues ?? NaN)}; machine CPU busy ${formatPercent(f.machineCpuBusy)}`,
      formatRatio(f.goodPerSecond / c.plan.rate),
    ]);
    if (c.capacity) {
      rows.push([
        `(c) createIssue without a rate limit, ${c.capacity.durationSeconds.toFixed(0)} s`,
        `${formatRate(c.capacity.goodPerSecond)}; ${formatMs(c.capacity.latencyMs.p50)} / ${formatMs(c.capacity.latencyMs.p99)}`,
        '',
        '',
      ]);
    }
    rows.push([
      '(c) database check',
      `${v.ok ? 'OK' : '**FAILED**'}: ${formatRate(v.created)} answered, all in the table (${v.answeredButMissing} missing); ${formatRate(v.rowsInDatabase)} rows, ${v.unconfirmedRows} unanswered (≤ ${v.unanswered} cut off at run ends + ${v.failed} failed); ${v.duplicateNumbersInDatabase + v.duplicateNumbersAnswered} duplicate numbers; ${v.gapFree ? 'gap-free' : '**gaps**'}`,
      c.transactionRetries !== undefined ? `${c.transactionRetries} transaction retries` : '',
      '',
    ]);
  }
  const d = results.clone;
  if (d) {
    rows.push(
      [
        `(d) git clone, ${formatMb(d.packBytes)} pack, median of ${d.runs}`,
        `through the proxy ${d.proxiedMedianSeconds.toFixed(2)} s`,
        `straight from githost ${d.directMedianSeconds.toFixed(2)} s`,
        formatRatio(d.ratio),
      ],
      [
        '(d) proxy RSS growth during clones and a push',
        `${formatMb(d.proxyRss.growthBytes)} (${formatMb(d.proxyRss.idleBytes)} idle → ${formatMb(Math.max(d.proxyRss.peakCloneBytes, d.proxyRss.peakPushBytes))} peak)`,
        '',
        '',
      ],
    );
  }
  rows.push(...newerRows(results));
  const header = ['comparison', 'GitForge', 'reference', 'ratio'];
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map((row) => line(markCarried(row, results.carriedOver))),
  ].join('\n');
}

/** bench/results/latest.md (and the README block). */
export function resultsMarkdown(results: BenchResults): string {
  return [
    `Machine: ${machineLine(results.machine, results.date)}. Whole suite: ${Math.round(results.durationSeconds)} s.`,
    ...revisionLine(results.setup.revision),
    ...busyMachineWarning(results.machine).map((w) => `\n${w}`),
    '',
    resultsTable(results),
    '',
    'Ratios: (a) ours ÷ stock, (b) through the gateway ÷ the subgraph directly, (c) achieved ÷ ' +
      'offered, (d) through the proxy ÷ direct, (e) ours ÷ stock and ours ÷ hive (requests/s; ' +
      'p50 / p99; CPU per request). Requests/s count only 2xx answers without ' +
      'GraphQL errors; latencies are per request as the load generator saw them.' +
      carriedNote(results.carriedOver),
    '',
    goalsTable(results.goals),
    '',
  ].join('\n');
}

const ROW_PREFIX_KEYS: Record<string, string> = {
  '(a)': 'gatewayVsStock',
  '(b)': 'gatewayVsDirect',
  '(c)': 'createIssue',
  '(d)': 'clone',
  '(e)': 'gatewaysAlone',
  soak: 'soak',
};

/** A row of a comparison this run did not measure says which run did. */
export function markCarried(row: string[], carried: Record<string, string> | undefined): string[] {
  const [label = '', ...rest] = row;
  const prefix = /^(\([a-e]\)|soak)/.exec(label)?.[1];
  const date = prefix ? carried?.[ROW_PREFIX_KEYS[prefix]!] : undefined;
  return date
    ? [
        `${label} _(not measured in this run: from ${date.slice(0, 16).replace('T', ' ')} UTC)_`,
        ...rest,
      ]
    : row;
}

/** Rows of (a)'s platform CPU, (e) and the soak. */
function newerRows(results: BenchResults): string[][] {
  const rows: string[][] = [];
  const cpu = results.gatewayVsStock?.platformCpu;
  if (cpu) {
    const split = (p: { perProcessMs: Record<string, number> }) =>
      Object.entries(p.perProcessMs)
        .map(([name, ms]) => `${name} ${formatMs(ms)}`)
        .join(', ');
    rows.push([
      '(a) platform CPU per nested request, every process (/proc), medians',
      `${formatMs(cpu.ours.totalMs)}: ${split(cpu.ours)}`,
      `with the stock gateway ${formatMs(cpu.stock.totalMs)}: ${split(cpu.stock)}`,
      formatRatio(cpu.ours.totalMs / cpu.stock.totalMs),
    ]);
  }
  const e = results.gatewaysAlone;
  if (e) {
    const p = e.plan;
    const figures = (s: SideSummary) =>
      `${formatRate(s.goodPerSecond)}/s; ${formatMs(s.p50Ms)} / ${formatMs(s.p99Ms)}; ` +
      `${formatMs(s.cpuMsPerRequest.gateway ?? NaN)} CPU/req; ${errorsOf(s)}`;
    const ratios = (r: GatewaysAloneComparison['vsStock']) =>
      `${formatRatio(r.requestsPerSecond)}; ${formatRatio(r.p50)} / ${formatRatio(r.p99)}; ${formatRatio(r.cpuPerRequest)}`;
    rows.push(
      [
        `(e) gateway alone, 3 stub subgraphs, nested query (${(e.answerBytes / 1024).toFixed(1)} KB), ${p.connections} connections, ${p.rounds} × ${p.durationSeconds} s each: requests/s; p50 / p99; gateway CPU per request`,
        figures(e.ours),
        `stock @apollo/gateway ${e.versions['@apollo/gateway']}: ${figures(e.stock)}`,
        `÷ stock ${ratios(e.vsStock)}`,
      ],
      [
        '(e) the same, against @graphql-hive/gateway in one process',
        '',
        `@graphql-hive/gateway ${e.versions['@graphql-hive/gateway']} (--fork 0): ${figures(e.hive)}`,
        `÷ hive ${ratios(e.vsHive)}`,
      ],
    );
  }
  const soak = results.soak;
  if (soak) {
    const r = soak.rss;
    rows.push([
      `soak: (a)'s nested query against our gateway, ${soak.plan.connections} connections, ${Math.round(soak.load.durationSeconds)} s: gateway RSS start / max / end (growth)`,
      `${formatMb(r.startBytes)} / ${formatMb(r.maxBytes)} / ${formatMb(r.endBytes)} (${formatMb(r.growthBytes)})` +
        `; lowest in the first / last minute ${formatMb(r.floorStartBytes)} / ${formatMb(r.floorEndBytes)} (${formatMb(r.floorGrowthBytes)})`,
      `${formatRate(soak.load.goodPerSecond)} req/s, ${errorsOf(soak.load)}`,
      '',
    ]);
  }
  return rows;
}

function carriedNote(carried: Record<string, string> | undefined): string {
  const entries = Object.entries(carried ?? {});
  if (entries.length === 0) return '';
  const list = entries.map(
    ([key, date]) => `${key} from ${date.slice(0, 16).replace('T', ' ')} UTC`,
  );
  return ` Not measured in this run, kept from earlier runs: ${list.join(', ')}.`;
}

/**
 * A warning when other work kept the machine busy (1-minute load average above twice the cores
 * at the start or the end): requests/s and latencies then say more about the neighbours than
 * about the targets; CPU per request is the steadier figure.
 */
export function busyMachineWarning(machine: Machine): string[] {
  const loads = [machine.loadAverageAtStart[0], machine.loadAverageAtEnd?.[0]].filter(
    (l): l is number => l !== undefined,
  );
  const worst = Math.max(...loads);
  if (!(worst > 2 * machine.cpuCount)) return [];
  return [
    `**Busy machine: load average up to ${worst} on ${machine.cpuCount} cores from other work during this run.** ` +
      'Requests/s and latencies vary widely between rounds; CPU per request is the steadier figure, and a ' +
      'goal met or missed here needs a quieter run to confirm.',
  ];
}

function revisionLine(revision: BenchResults['setup']['revision']): string[] {
  if (!revision) return [];
  const dirty = revision.uncommitted;
  return [
    `\nBuilt from ${revision.commit}` +
      (dirty.length > 0
        ? ` plus uncommitted changes in ${dirty.length} files (${dirty.slice(0, 8).join(', ')}${dirty.length > 8 ? ', …' : ''}).`
        : ', no uncommitted changes.'),
  ];
}
