import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { gatewayRatios, type GatewaysAloneComparison } from '../gateways/compareGatewaysAlone';
import { composeStubSupergraph } from '../gateways/startProcesses';
import { STUB_NAMES, STUB_RESOLVERS, STUB_TYPE_DEFS } from '../gateways/stubSchemas';
import { platformCpuOf } from '../suite/compareGateways';
import type { LoadResult } from '../suite/load';
import { evaluateGoals, goalsTable } from '../suite/goals';
import { markCarried, resultsTable, type BenchResults } from '../suite/report';
import type { SideSummary } from '../suite/sideBySide';
import type { SoakResult } from '../suite/soak';
import { carryOver } from '../suite/carryOver';

const latest = JSON.parse(
  readFileSync(join(__dirname, '..', 'results', 'latest.json'), 'utf8'),
) as BenchResults;
const MB = 1024 * 1024;

function run(goodPerSecond: number, cpu: Record<string, number>): LoadResult {
  return {
    connections: 50,
    durationSeconds: 6,
    responses: goodPerSecond * 6,
    goodPerSecond,
    good: goodPerSecond * 6,
    non2xx: 0,
    graphqlErrors: 0,
    transportErrors: 0,
    latencyMs: { p50: 100, p90: 150, p99: 200, max: 300, mean: 110 },
    cpuSeconds: {},
    cpuMsPerRequest: cpu,
    machineCpuBusy: 0.9,
  };
}

function side(name: string, rps: number, gatewayMs: number, p50 = 100): SideSummary {
  return {
    name,
    runs: [run(rps, { gateway: gatewayMs })],
    goodPerSecond: rps,
    p50Ms: p50,
    p99Ms: 2 * p50,
    non2xx: 0,
    graphqlErrors: 0,
    transportErrors: 0,
    cpuMsPerRequest: { gateway: gatewayMs },
    machineCpuBusy: 0.9,
  };
}

function comparisonE(ours: SideSummary, stock: SideSummary, hive: SideSummary) {
  const e: GatewaysAloneComparison = {
    query: '{ x }',
    answerBytes: 16_000,
    plan: { connections: 50, durationSeconds: 6, rounds: 5, warmupSeconds: 5 },
    versions: { '@apollo/gateway': '2.14.4', '@graphql-hive/gateway': '2.15.1', node: 'v20' },
    ours,
    stock,
    hive,
    vsStock: gatewayRatios(ours, stock),
    vsHive: gatewayRatios(ours, hive),
  };
  return e;
}

const goal = (results: Omit<BenchResults, 'goals' | 'durationSeconds'>, prefix: string) => {
  const found = evaluateGoals(results).find((g) => g.goal.startsWith(prefix));
  if (!found) throw new Error(`no goal ${prefix}`);
  return found;
};

describe('(e) ratios and goals', () => {
  it('divides ours by theirs for requests/s, latencies and gateway CPU per request', () => {
    const r = gatewayRatios(side('ours', 600, 1.5, 50), side('stock', 200, 5, 200));
    expect(r).toEqual({ requestsPerSecond: 3, p50: 0.25, p99: 0.25, cpuPerRequest: 0.3 });
    expect(gatewayRatios(side('ours', 1, NaN), side('stock', 0, 5)).requestsPerSecond).toBeNaN();
  });

  it('meets the three goals only when each ratio is on the right side of its target', () => {
    const base = { date: latest.date, machine: latest.machine, setup: latest.setup };
    const winning = {
      ...base,
      gatewaysAlone: comparisonE(side('o', 500, 1.9), side('s', 200, 5), side('h', 300, 4)),
    };
    expect(goal(winning, '(e) gateway alone ≥ 2×')).toMatchObject({ met: true, measured: '2.50×' });
    expect(goal(winning, '(e) gateway alone ≤ 0.4×')).toMatchObject({
      met: true,
      measured: '0.38×',
    });
    expect(goal(winning, '(e) gateway alone ahead')).toMatchObject({
      met: true,
      measured: '1.67×',
    });

    const losing = {
      ...base,
      gatewaysAlone: comparisonE(side('o', 390, 2.1), side('s', 200, 5), side('h', 390, 4)),
    };
    expect(goal(losing, '(e) gateway alone ≥ 2×').met).toBe(false);
    expect(goal(losing, '(e) gateway alone ≤ 0.4×').met).toBe(false);
    // A tie with hive is not ahead.
    expect(goal(losing, '(e) gateway alone ahead').met).toBe(false);
    expect(goal(base, '(e) gateway alone ahead')).toMatchObject({
      met: undefined,
      measured: 'not run',
    });
  });

  it('puts ours, stock and hive with their versions in the table', () => {
    const table = resultsTable({
      ...latest,
      gatewaysAlone: comparisonE(side('o', 500, 1.9), side('s', 200, 5), side('h', 300, 4)),
    });
    expect(table).toContain('(e) gateway alone');
    expect(table).toContain('stock @apollo/gateway 2.14.4: 200/s');
    expect(table).toContain('@graphql-hive/gateway 2.15.1 (--fork 0): 300/s');
    expect(table).toContain('÷ hive 1.67×');
  });
});

describe('(a) platform CPU over every process', () => {
  it('sums the groups per round and takes the median of the totals', () => {
    const rounds = [
      run(100, { gateway: 2, issues: 1, postgres: 0.5 }),
      run(100, { gateway: 3, issues: 2, postgres: 0.5 }),
      run(100, { gateway: 2.5, issues: 1.5 }),
    ];
    const summary = {
      ...side('ours', 100, 2.5),
      runs: rounds,
      cpuMsPerRequest: { gateway: 2.5, issues: 1.5, postgres: 0.5 },
    };
    const cpu = platformCpuOf(summary, ['gateway', 'issues', 'postgres']);
    expect(cpu.totalMs).toBe(4); // totals 3.5, 5.5, 4
    expect(cpu.perProcessMs).toEqual({ gateway: 2.5, issues: 1.5, postgres: 0.5 });
  });

  it('judges ≥ 500 requests/s and ≤ 4 ms CPU per request from (a)', () => {
    const a = structuredClone(latest.gatewayVsStock!);
    a.ours.goodPerSecond = 510;
    a.platformCpu = {
      ours: { perProcessMs: { gateway: 2 }, totalMs: 4.2 },
      stock: { perProcessMs: { gateway: 5 }, totalMs: 9 },
    };
    const results = { ...latest, gatewayVsStock: a };
    expect(goal(results, '(a) platform ≥ 500')).toMatchObject({ met: true, measured: '510/s' });
    expect(goal(results, '(a) platform CPU')).toMatchObject({ met: false, measured: '4.20 ms' });
    expect(resultsTable(results)).toContain('(a) platform CPU per nested request');
  });
});

describe('soak goal', () => {
  const soak = (seconds: number, growthMb: number): SoakResult => ({
    plan: { connections: 20, seconds, warmupSeconds: 5, edgeSamples: 10 },
    load: run(100, {}),
    rss: {
      startBytes: 100 * MB,
      maxBytes: 200 * MB,
      endBytes: (100 + growthMb) * MB,
      growthBytes: growthMb * MB,
      floorStartBytes: 90 * MB,
      floorEndBytes: (90 + growthMb) * MB,
      floorGrowthBytes: growthMb * MB,
      samples: seconds,
    },
    series: [],
  });
  it('judges growth ≤ 50 MB only over a soak of about ten minutes', () => {
    const long = (g: number) => ({
      ...latest,
      soak: { ...soak(600, g), load: { ...run(100, {}), durationSeconds: 600 } },
    });
    expect(goal(long(49), 'gateway RSS').met).toBe(true);
    expect(goal(long(51), 'gateway RSS')).toMatchObject({
      met: false,
      measured: '51.0 MB over 600 s (end − start 51.0 MB)',
    });
    const short = { ...latest, soak: soak(60, 10) };
    expect(goal(short, 'gateway RSS').met).toBeUndefined();
    expect(goalsTable(evaluateGoals(short))).toMatch(/gateway RSS[^\n]*not judged/);
  });
});

describe('partial runs keep the last figures', () => {
  it('copies the comparisons a run lacks and says from when; keeps what it measured', () => {
    const previous = { ...latest, carriedOver: { clone: '2026-01-01T10:00:00.000Z' } };
    const current: Omit<BenchResults, 'goals' | 'durationSeconds'> = {
      date: '2026-12-07T13:30:00.000Z',
      machine: latest.machine,
      setup: latest.setup,
      soak: soak60(),
    };
    const merged = carryOver(current, previous);
    expect(merged.soak).toBe(current.soak);
    expect(merged.gatewayVsStock).toEqual(latest.gatewayVsStock);
    expect(merged.carriedOver).toMatchObject({
      gatewayVsStock: latest.date,
      clone: '2026-01-01T10:00:00.000Z',
    });
    expect(merged.carriedOver!.soak).toBeUndefined();
    expect(carryOver(current, undefined)).toBe(current);
    expect(markCarried(['(d) git clone', 'x'], merged.carriedOver)[0]).toContain(
      'from 2026-01-01 10:00 UTC',
    );
    expect(markCarried(['soak: ...', 'x'], merged.carriedOver)[0]).toBe('soak: ...');
  });
  function soak60(): SoakResult {
    return {
      plan: { connections: 20, seconds: 60, warmupSeconds: 5, edgeSamples: 10 },
      load: run(1, {}),
      rss: {
        startBytes: 1,
        maxBytes: 1,
        endBytes: 1,
        growthBytes: 0,
        floorStartBytes: 1,
        floorEndBytes: 1,
        floorGrowthBytes: 0,
        samples: 1,
      },
      series: [],
    };
  }
});

describe('stub subgraphs', () => {
  it('compose into one supergraph with every subgraph and entity', () => {
    const sdl = composeStubSupergraph({
      accounts: 'http://127.0.0.1:1/graphql',
      products: 'http://127.0.0.1:2/graphql',
      reviews: 'http://127.0.0.1:3/graphql',
    });
    for (const name of STUB_NAMES) expect(sdl).toContain(`name: "${name}"`);
    expect(sdl).toMatch(/type Product[^{]*@join__type\(graph: REVIEWS, key: "upc"\)/);
  });

  it('resolve entities from their keys', async () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse(STUB_TYPE_DEFS.reviews),
      resolvers: STUB_RESOLVERS.reviews,
    });
    const result = await execute({
      schema,
      document: parse(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { reviews { id author { id } } } } }',
      ),
      variableValues: { r: [{ __typename: 'Product', upc: '2' }] },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        {
          reviews: [
            { id: '3', author: { id: '3' } },
            { id: '4', author: { id: '4' } },
          ],
        },
      ],
    });
  });
});
