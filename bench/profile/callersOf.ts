/**
 * Who calls a function, from a `.cpuprofile`: the call paths leading to it (Node internals
 * skipped, the nearest 6 frames of the rest), heaviest first, with the share of busy time each
 * path carries. How bench/README.md attributes e.g. `writev` to subgraph requests vs answers.
 *
 *   node -r @swc-node/register bench/profile/callersOf.ts <file.cpuprofile> <functionName> [window.json]
 */
import { readFileSync } from 'node:fs';
import { buildProfileTree, type CpuProfile, type Frame } from './profileTree';

export interface CallerPath {
  /** Nearest caller first. */
  callers: string[];
  /** Share of the busy time spent in the function along this path. */
  share: number;
}

export function callersOf(root: Frame, functionName: string, depth = 6): CallerPath[] {
  const paths = new Map<string, number>();
  const walk = (frame: Frame, stack: string[]) => {
    if (frame.functionName === functionName) {
      const key = stack.slice(-depth).reverse().join('\n');
      paths.set(key, (paths.get(key) ?? 0) + frame.total);
      return; // recursion into the same function counts once
    }
    const next = frame.family === 'node' || frame === root ? stack : [...stack, frame.label];
    for (const child of frame.children) walk(child, next);
  };
  walk(root, []);
  return [...paths]
    .sort((a, b) => b[1] - a[1])
    .map(([key, micros]) => ({
      callers: key ? key.split('\n') : [],
      share: micros / Math.max(root.total, 1),
    }));
}

if (require.main === module) {
  const [file, functionName, windowFile] = process.argv.slice(2);
  if (!file || !functionName) {
    throw new Error('usage: callersOf.ts <file.cpuprofile> <functionName> [window.json]');
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const window = windowFile
    ? (JSON.parse(readFileSync(windowFile, 'utf8')) as { fromMicros: number; toMicros: number })
    : undefined;
  const { root } = buildProfileTree(profile, window);
  for (const path of callersOf(root, functionName).slice(0, 8)) {
    console.log(`${(100 * path.share).toFixed(1)}%  ${path.callers.join('\n        <- ')}`);
  }
}
