import { stageTotals } from './profileStages';
import type { Frame } from './profileTree';

interface Totals {
  self: number;
  total: number;
}

/**
 * `top-self.txt`: the 30 functions with the most self time, then time by package (self, and
 * total: a sample counts once for every package on its stack), then the 15 functions with the
 * most total time. Percentages are of the non-idle time.
 */
export function summarizeProfile(
  root: Frame,
  info: { title: string; idleMicros: number; wallMicros: number },
): string {
  const busy = root.total;
  const pct = (micros: number) => `${((100 * micros) / Math.max(busy, 1)).toFixed(1).padStart(5)}%`;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;

  const byFunction = new Map<string, Totals & { pkg: string; family: Frame['family'] }>();
  const byPackage = new Map<string, Totals>();
  // Total time counts a frame once per stack, even when it recurses.
  const walk = (frame: Frame, onStack: Set<string>, packagesOnStack: Set<string>) => {
    const fn = byFunction.get(frame.label) ?? {
      self: 0,
      total: 0,
      pkg: frame.pkg,
      family: frame.family,
    };
    byFunction.set(frame.label, fn);
    fn.self += frame.self;
    const pkg = byPackage.get(frame.pkg) ?? { self: 0, total: 0 };
    byPackage.set(frame.pkg, pkg);
    pkg.self += frame.self;
    if (!onStack.has(frame.label)) fn.total += frame.total;
    if (!packagesOnStack.has(frame.pkg)) pkg.total += frame.total;
    const stack = new Set(onStack).add(frame.label);
    const packages = new Set(packagesOnStack).add(frame.pkg);
    for (const child of frame.children) walk(child, stack, packages);
  };
  for (const child of root.children) walk(child, new Set(), new Set());

  const functions = [...byFunction.entries()];
  const lines = [
    info.title,
    `busy (sampled, not idle) ${ms(busy).trim()}, idle ${ms(info.idleMicros).trim()}, over ${(
      info.wallMicros / 1e6
    ).toFixed(1)} s`,
    '',
    'top 30 functions by self time',
    ...functions
      .sort((a, b) => b[1].self - a[1].self)
      .filter(([, t]) => t.self > 0)
      .slice(0, 30)
      .map(([label, t]) => `${pct(t.self)} ${ms(t.self)}  ${label}  [${t.pkg}]`),
    '',
    'packages: self time, total time (a sample counts once per package on its stack)',
    ...[...byPackage.entries()]
      .sort((a, b) => b[1].self - a[1].self)
      .map(([name, t]) => `${pct(t.self)} self ${pct(t.total)} total  ${name}`),
    '',
    'stages: total time (stages overlap; see bench/profile/profileStages.ts)',
    ...[...stageTotals(root)]
      .filter(([, micros]) => micros > 0)
      .map(([name, micros]) => `${pct(micros)} ${ms(micros)}  ${name}`),
    '',
    'top 15 functions by total time outside node internals and V8, grouped by package',
    ...groupByPackage(
      functions
        .filter(([, t]) => t.family !== 'node' && t.family !== 'v8')
        .sort((a, b) => b[1].total - a[1].total)
        .slice(0, 15),
    ).flatMap(([pkgName, entries]) => [
      `  ${pkgName}`,
      ...entries.map(([label, t]) => `${pct(t.total)} ${ms(t.total)}  ${label}`),
    ]),
    '',
  ];
  return lines.join('\n');
}

/** Entries in their order, under the package of their first appearance. */
function groupByPackage<T extends { pkg: string }>(
  entries: [string, T][],
): [string, [string, T][]][] {
  const groups = new Map<string, [string, T][]>();
  for (const entry of entries) {
    const group = groups.get(entry[1].pkg) ?? [];
    groups.set(entry[1].pkg, group);
    group.push(entry);
  }
  return [...groups];
}
