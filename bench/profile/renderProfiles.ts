/**
 * Renders every `<process>.<pid>.cpuprofile` in a directory: `<process>.svg` (flame graph),
 * `<process>.top-self.txt`, and `summary.md` (busy time per process, split by package family).
 * When the directory has a `window.json` ({ fromMicros, toMicros } on the monotonic clock), only
 * the samples inside it count: the measured load, not start-up and shutdown.
 *
 *   node -r @swc-node/register bench/profile/renderProfiles.ts bench/results/profiles/<run>
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProfileTree, type CpuProfile, type Frame, type PackageFamily } from './profileTree';
import { FAMILY_COLOURS, renderFlameGraph } from './renderFlameGraph';
import { summarizeProfile } from './summarizeProfile';

export interface ProfileWindow {
  fromMicros: number;
  toMicros: number;
  /** What ran inside the window. */
  label?: string;
}

export function renderProfiles(dir: string): string[] {
  const windowFile = join(dir, 'window.json');
  const window = existsSync(windowFile)
    ? (JSON.parse(readFileSync(windowFile, 'utf8')) as ProfileWindow)
    : undefined;
  const written: string[] = [];
  const rows: string[] = [];
  const families = Object.keys(FAMILY_COLOURS) as PackageFamily[];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()) {
    const name = file.replace(/\.\d+\.cpuprofile$/, '').replace(/\.cpuprofile$/, '');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    let tree = buildProfileTree(profile, window);
    let scope = window?.label ?? 'whole process lifetime';
    if (window && tree.samples === 0) {
      tree = buildProfileTree(profile);
      scope = 'whole process lifetime (no samples inside the window)';
    }
    const title = `${name} (${file}): ${scope}`;
    const svg = join(dir, `${name}.svg`);
    writeFileSync(svg, renderFlameGraph(tree.root, { title }));
    const text = join(dir, `${name}.top-self.txt`);
    writeFileSync(
      text,
      summarizeProfile(tree.root, { title, idleMicros: tree.idle, wallMicros: tree.wallMicros }),
    );
    written.push(svg, text);
    const split = familySelf(tree.root);
    const busy = tree.root.total;
    rows.push(
      `| ${name} | ${(busy / 1000).toFixed(0)} | ${families
        .map((f) => `${((100 * (split.get(f) ?? 0)) / Math.max(busy, 1)).toFixed(0)}%`)
        .join(' | ')} |`,
    );
  }
  const summary = join(dir, 'summary.md');
  writeFileSync(
    summary,
    [
      `Samples: ${window?.label ?? 'whole process lifetimes'}. Busy = sampled, not idle. Self time by package family, % of each process's busy time.`,
      '',
      `| process | busy ms | ${families.map((f) => FAMILY_COLOURS[f].name).join(' | ')} |`,
      `| --- | ---: | ${families.map(() => '---:').join(' | ')} |`,
      ...rows,
      '',
    ].join('\n'),
  );
  written.push(summary);
  return written;
}

function familySelf(root: Frame): Map<PackageFamily, number> {
  const sums = new Map<PackageFamily, number>();
  const walk = (frame: Frame) => {
    sums.set(frame.family, (sums.get(frame.family) ?? 0) + frame.self);
    frame.children.forEach(walk);
  };
  walk(root);
  return sums;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: renderProfiles.ts <dir of .cpuprofile files>');
  for (const file of renderProfiles(dir)) console.log(file);
}
