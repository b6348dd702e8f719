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

  const byFunction = new Map<string, Totals & { pkg: string }>();
  const byPackage = new Map<string, Totals>();
  // Total time counts a frame once per stack, even when it recurses.
  const walk = (frame: Frame, onStack: Set<string>, packagesOnStack: Set<string>) => {
    const fn = byFunction.get(frame.label) ?? { self: 0, total: 0, pkg: frame.pkg };
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
    'top 15 functions by total time',
    ...functions
      .sort((a, b) => b[1].total - a[1].total)
      .slice(0, 15)
      .map(([label, t]) => `${pct(t.total)} ${ms(t.total)}  ${label}  [${t.pkg}]`),
    '',
  ];
  return lines.join('\n');
}
