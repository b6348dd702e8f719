import { buildProfileTree, packageOf, type CpuProfile } from '../profile/profileTree';
import { fitLabel, renderFlameGraph } from '../profile/renderFlameGraph';
import { summarizeProfile } from '../profile/summarizeProfile';
import { callersOf } from '../profile/callersOf';

const APOLLO = 'file:///app/node_modules/@apollo/gateway/dist/executeQueryPlan.js';
const GRAPHQL = 'file:///app/node_modules/graphql/language/parser.js';
const OURS = 'file:///app/gateway/dist/createGateway.js';

/**
 * (root) → main (ours) → { parse (graphql), executeQueryPlan (@apollo) → parse (graphql) },
 * plus (idle) and (garbage collector); samples 1 ms apart.
 */
function syntheticProfile(): CpuProfile {
  const frame = (functionName: string, url = '', lineNumber = -1) => ({
    functionName,
    url,
    lineNumber,
    columnNumber: 0,
  });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
      { id: 2, callFrame: frame('main', OURS, 9), children: [3, 4] },
      { id: 3, callFrame: frame('parse', GRAPHQL, 99) },
      { id: 4, callFrame: frame('executeQueryPlan', APOLLO, 41), children: [5] },
      { id: 5, callFrame: frame('parse', GRAPHQL, 99) },
      { id: 6, callFrame: frame('(idle)') },
      { id: 7, callFrame: frame('(garbage collector)') },
    ],
    startTime: 1_000_000,
    endTime: 1_010_000,
    // main ×1, parse ×2, executeQueryPlan ×3, nested parse ×1, idle ×2, gc ×1: 10 samples
    samples: [2, 3, 3, 4, 4, 4, 5, 6, 6, 7],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };
}

describe('buildProfileTree', () => {
  it('adds self and children into totals, nests frames and leaves idle out', () => {
    const { root, idle, samples } = buildProfileTree(syntheticProfile());
    expect(samples).toBe(10);
    expect(idle).toBe(2000);
    // Every frame's total is its self time plus its children's totals.
    const check = (frame: typeof root): void => {
      expect(frame.total).toBe(frame.self + frame.children.reduce((s, c) => s + c.total, 0));
      frame.children.forEach(check);
    };
    check(root);
    expect(root.total).toBe(8000); // 10 samples minus 2 idle
    const main = root.children.find((f) => f.functionName === 'main')!;
    expect(main.label).toBe('main (gateway/dist/createGateway.js:10)');
    expect(main.total).toBe(7000);
    const plan = main.children.find((f) => f.functionName === 'executeQueryPlan')!;
    expect(plan).toMatchObject({
      self: 3000,
      total: 4000,
      pkg: '@apollo/gateway',
      family: 'apollo',
    });
    expect(plan.children.map((f) => [f.label, f.family])).toEqual([
      ['parse (graphql/language/parser.js:100)', 'graphql'],
    ]);
  });

  it('counts only the samples inside a window', () => {
    const { root } = buildProfileTree(syntheticProfile(), {
      fromMicros: 1_003_000,
      toMicros: 1_005_500,
    });
    // samples at 1_003_000, 1_004_000 and 1_005_000: executeQueryPlan ×3
    expect(root.total).toBe(3000);
  });

  it('classifies files by package', () => {
    expect(packageOf('node:internal/streams/readable', 'x').family).toBe('node');
    expect(packageOf('file:///a/node_modules/@mikro-orm/core/x.js', 'x')).toEqual({
      pkg: '@mikro-orm/core',
      family: 'mikro-orm',
    });
    expect(packageOf('file:///a/subgraphs/issues/dist/x.js', 'x')).toEqual({
      pkg: 'subgraphs/issues',
      family: 'ours',
    });
    expect(packageOf('', '(garbage collector)').family).toBe('v8');
  });
});

describe('renderFlameGraph', () => {
  it('draws boxes whose widths add up, bottom-up, with fitted labels', () => {
    const { root } = buildProfileTree(syntheticProfile());
    const svg = renderFlameGraph(root, { title: 'synthetic', width: 800 });
    const boxes = [
      ...svg.matchAll(/<title>([^<]*)<\/title><rect x="([\d.]+)" y="(\d+)" width="([\d.]+)"/g),
    ].map(([, title, x, y, w]) => ({ title: title!, x: +x!, y: +y!, w: +w! }));
    const box = (prefix: string) => boxes.filter((b) => b.title.startsWith(prefix));
    expect(box('all')[0]).toMatchObject({ x: 0, w: 800 });
    // 8 ms busy over 800 px: main 7 ms, gc 1 ms side by side under the root.
    expect(box('main')[0]!.w).toBeCloseTo(700, 0);
    expect(box('(garbage collector)')[0]!.w).toBeCloseTo(100, 0);
    expect(box('main')[0]!.w + box('(garbage collector)')[0]!.w).toBeCloseTo(800, 0);
    // Children sit above their parent (smaller y) and inside its span.
    const plan = box('executeQueryPlan')[0]!;
    const nestedParse = box('parse').find((b) => b.y < plan.y)!;
    expect(plan.y).toBeLessThan(box('main')[0]!.y);
    expect(nestedParse.x).toBeGreaterThanOrEqual(plan.x);
    expect(nestedParse.x + nestedParse.w).toBeLessThanOrEqual(plan.x + plan.w + 0.2);
    // 400 px hold 59 characters: cut with an ellipsis; the hover title keeps the whole label.
    expect(svg).toContain('>executeQueryPlan (@apollo/gateway/dist/executeQueryPlan.js…<');
    expect(plan.title).toMatch(
      /^executeQueryPlan \(@apollo\/gateway\/dist\/executeQueryPlan\.js:42\)/,
    );
    expect(svg).toContain('>main (gateway/dist/createGateway.js:10)<');
    expect(svg).toContain('synthetic');
  });

  it('cuts labels to the box and drops them when nothing fits', () => {
    expect(fitLabel('parse (graphql/language/parser.js:100)', 1000)).toBe(
      'parse (graphql/language/parser.js:100)',
    );
    expect(fitLabel('parse (graphql/language/parser.js:100)', 60)).toBe('parse (…');
    expect(fitLabel('parse', 10)).toBe('');
  });
});

describe('summarizeProfile', () => {
  it('lists self time, package totals and total time in percent of busy time', () => {
    const { root, idle, wallMicros } = buildProfileTree(syntheticProfile());
    const text = summarizeProfile(root, { title: 't', idleMicros: idle, wallMicros });
    expect(text).toMatch(/ 37\.5%\s+3 ms {2}executeQueryPlan .*\[@apollo\/gateway\]/);
    // parse: 2 ms at the top plus 1 ms inside executeQueryPlan, merged by label.
    expect(text).toMatch(/ 37\.5%\s+3 ms {2}parse \(graphql.*\[graphql\]/);
    expect(text).toMatch(/ 37\.5% self\s+37\.5% total {2}graphql/);
    expect(text).toMatch(/ 12\.5% self\s+87\.5% total {2}gateway/);
  });
});

describe('callersOf', () => {
  it('lists the paths to a function, nearest caller first, heaviest first', () => {
    const { root } = buildProfileTree(syntheticProfile());
    expect(callersOf(root, 'parse')).toEqual([
      { callers: ['main (gateway/dist/createGateway.js:10)'], share: 0.25 },
      {
        callers: [
          'executeQueryPlan (@apollo/gateway/dist/executeQueryPlan.js:42)',
          'main (gateway/dist/createGateway.js:10)',
        ],
        share: 0.125,
      },
    ]);
  });
});
