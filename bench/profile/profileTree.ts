/**
 * A V8 `.cpuprofile` (what `--cpu-prof` and the inspector's `Profiler.stop` write) turned into a
 * call tree with self and total time per frame, optionally only for the samples taken inside a
 * time window (V8's timestamps are CLOCK_MONOTONIC microseconds, the clock of
 * `process.hrtime`, so the bench can cut out start-up and shutdown).
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
  scriptId?: string | number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Who a frame belongs to, for colours and the per-package split. */
export type PackageFamily = 'apollo' | 'graphql' | 'mikro-orm' | 'node' | 'v8' | 'ours' | 'deps';

export interface Frame {
  /** `functionName (file:line)`; `(anonymous)` when V8 has no name. */
  label: string;
  functionName: string;
  /** Package name (`@apollo/gateway`, `graphql`, `node:internal`, `gateway`...). */
  pkg: string;
  family: PackageFamily;
  /** Microseconds sampled in this frame itself / in it and everything it called. */
  self: number;
  total: number;
  children: Frame[];
}

/** Frames that are not work: left out of the tree and reported apart. */
const IDLE = new Set(['(idle)']);

/**
 * `root` is a synthetic frame whose total is the non-idle time; `idle` is the `(idle)` time;
 * `wallMicros` the span the samples cover.
 */
export function buildProfileTree(
  profile: CpuProfile,
  window?: { fromMicros: number; toMicros: number },
): { root: Frame; idle: number; wallMicros: number; samples: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  let sampleCount = 0;
  let wallMicros = profile.endTime - profile.startTime;
  if (profile.samples && profile.timeDeltas && profile.samples.length > 0) {
    // Sample i lasts until sample i+1 (as Chrome DevTools counts it); the last one until endTime.
    let t = profile.startTime;
    const times = profile.timeDeltas.map((delta) => (t += delta));
    let first = Infinity;
    let last = -Infinity;
    profile.samples.forEach((id, i) => {
      const at = times[i]!;
      if (window && (at < window.fromMicros || at > window.toMicros)) return;
      const next = i + 1 < times.length ? times[i + 1]! : profile.endTime;
      const duration = Math.max(0, next - at);
      selfMicros.set(id, (selfMicros.get(id) ?? 0) + duration);
      sampleCount++;
      first = Math.min(first, at);
      last = Math.max(last, at + duration);
    });
    wallMicros = sampleCount > 0 ? last - first : 0;
  } else {
    const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    const each = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const node of profile.nodes) {
      if (node.hitCount) selfMicros.set(node.id, node.hitCount * each);
      sampleCount += node.hitCount ?? 0;
    }
  }

  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const rootNode = profile.nodes.find((node) => !childIds.has(node.id));
  if (!rootNode) throw new Error('profile has no root node');
  let idle = 0;
  const visit = (node: ProfileNode): Frame | undefined => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (IDLE.has(functionName)) {
      idle += subtreeSelf(node);
      return undefined;
    }
    const children = (node.children ?? [])
      .map((id) => byId.get(id))
      .filter((child): child is ProfileNode => child !== undefined)
      .map(visit)
      .filter((child): child is Frame => child !== undefined && child.total > 0);
    const self = selfMicros.get(node.id) ?? 0;
    const { pkg, family } = packageOf(url, functionName);
    return {
      label: frameLabel(functionName, url, lineNumber),
      functionName: functionName || '(anonymous)',
      pkg,
      family,
      self,
      total: self + children.reduce((sum, child) => sum + child.total, 0),
      children: mergeSameLabel(children),
    };
  };
  const subtreeSelf = (node: ProfileNode): number =>
    (selfMicros.get(node.id) ?? 0) +
    (node.children ?? []).reduce((sum, id) => {
      const child = byId.get(id);
      return sum + (child ? subtreeSelf(child) : 0);
    }, 0);
  const root = visit(rootNode)!;
  root.label = 'all';
  return { root, idle, wallMicros, samples: sampleCount };
}

/** V8 keeps one node per call site; a flame graph shows one box per function under a parent. */
function mergeSameLabel(frames: Frame[]): Frame[] {
  const merged = new Map<string, Frame>();
  for (const frame of frames) {
    const seen = merged.get(frame.label);
    if (!seen) {
      merged.set(frame.label, frame);
      continue;
    }
    seen.self += frame.self;
    seen.total += frame.total;
    seen.children = mergeSameLabel([...seen.children, ...frame.children]);
  }
  return [...merged.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export function frameLabel(functionName: string, url: string, lineNumber: number): string {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = shortFile(url);
  return lineNumber >= 0 ? `${name} (${file}:${lineNumber + 1})` : `${name} (${file})`;
}

/** The path from the package on (`@apollo/gateway/dist/executeQueryPlan.js`, `gateway/dist/x.js`). */
function shortFile(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const repo = /\/(gateway|subgraphs\/[^/]+|lib\/[^/]+|githost|git-proxy|supervisor|bench)\//.exec(
    path,
  );
  return repo ? path.slice(repo.index + 1) : path;
}

export function packageOf(
  url: string,
  functionName: string,
): { pkg: string; family: PackageFamily } {
  if (!url) {
    // (program), (garbage collector), (root) and native builtins without a script.
    return { pkg: functionName.startsWith('(') ? 'v8' : 'native', family: 'v8' };
  }
  if (url.startsWith('node:')) return { pkg: 'node', family: 'node' };
  const path = url.replace(/^file:\/\//, '');
  if (!path.startsWith('/')) return { pkg: 'node', family: 'node' };
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/');
    const pkg = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    const family: PackageFamily = pkg.startsWith('@apollo/')
      ? 'apollo'
      : pkg === 'graphql' || pkg.startsWith('@graphql-tools/')
        ? 'graphql'
        : pkg.startsWith('@mikro-orm/')
          ? 'mikro-orm'
          : pkg.startsWith('@gitforge/')
            ? 'ours'
            : 'deps';
    return { pkg, family };
  }
  const repo = /\/(subgraphs\/[^/]+|lib\/[^/]+|gateway|githost|git-proxy|supervisor|bench)\//.exec(
    path,
  );
  return { pkg: repo ? repo[1]! : 'ours', family: 'ours' };
}
