import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateGoals, goalsTable } from '../suite/goals';
import { busyMachineWarning, resultsTable, type BenchResults } from '../suite/report';
import { median, percentile, ratio } from '../suite/stats';

const latest = JSON.parse(
  readFileSync(join(__dirname, '..', 'results', 'latest.json'), 'utf8'),
) as BenchResults;

describe('stats', () => {
  it('takes medians, nearest-rank percentiles and guarded ratios', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe('goals', () => {
  it('judges the committed run from its own figures', () => {
    const goals = evaluateGoals(latest);
    expect(goals).toEqual(latest.goals);
    expect(goals.slice(0, 5).map((g) => g.met)).toEqual([
      latest.gatewayVsStock!.ratios.requestsPerSecond >= 2,
      latest.gatewayVsDirect!.sequential.ratios.p50 <= 1.3,
      latest.gatewayVsDirect!.saturated.ratios.p50 <= 1.3,
      latest.clone!.ratio <= 1.05,
      latest.createIssue!.fixedRate.goodPerSecond >= 990,
    ]);
  });

  it('flips a goal when its ratio crosses the target, and reports comparisons that did not run', () => {
    const faster: BenchResults = structuredClone(latest);
    faster.gatewayVsStock!.ratios.requestsPerSecond = 2.01;
    faster.clone!.ratio = 1.2;
    const [gateway, , , clone] = evaluateGoals(faster);
    expect([gateway!.met, gateway!.measured]).toEqual([true, '2.01×']);
    expect([clone!.met, clone!.measured]).toEqual([false, '1.20×']);

    const erroring: BenchResults = structuredClone(latest);
    erroring.createIssue!.fixedRate.goodPerSecond = 1000;
    erroring.createIssue!.fixedRate.graphqlErrors = 1;
    expect(evaluateGoals(erroring)[4]!.met).toBe(false);

    const { gatewayVsStock: _skipped, ...partial } = latest;
    expect(evaluateGoals(partial)[0]).toMatchObject({ measured: 'not run', met: undefined });
  });

  it('renders every comparison and the goal verdicts in the Markdown table', () => {
    const table = resultsTable(latest);
    for (const label of ['(a)', '(b)', '(c)', '(d)']) expect(table).toContain(label);
    const verdicts = goalsTable(latest.goals);
    expect(verdicts.split('\n').filter((l) => l.includes('**missed**')).length).toBe(
      latest.goals.filter((g) => g.met === false).length,
    );
  });
});

describe('busy machine', () => {
  it('warns when the load average exceeded twice the cores at the start or the end', () => {
    const machine = { ...latest.machine, cpuCount: 2, loadAverageAtStart: [3.9, 1, 1] };
    expect(busyMachineWarning({ ...machine, loadAverageAtEnd: [4, 1, 1] })).toEqual([]);
    expect(busyMachineWarning({ ...machine, loadAverageAtEnd: [14.2, 9, 5] })[0]).toContain(
      'load average up to 14.2 on 2 cores',
    );
    expect(busyMachineWarning({ ...machine, loadAverageAtStart: [4.1, 1, 1] })).toHaveLength(1);
  });
});
