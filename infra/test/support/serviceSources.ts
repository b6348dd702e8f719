import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './manifests';

/** The GitForge Node services that run as Deployments, and where their code lives. */
export const nodeServices = [
  { deployment: 'gateway', dir: 'gateway', portVar: 'GATEWAY_PORT' },
  { deployment: 'issues', dir: 'subgraphs/issues', portVar: 'ISSUES_PORT' },
  { deployment: 'repository', dir: 'subgraphs/repository', portVar: 'REPOSITORY_PORT' },
  { deployment: 'resilience', dir: 'subgraphs/resilience', portVar: 'RESILIENCE_PORT' },
  { deployment: 'git-proxy', dir: 'git-proxy', portVar: 'GIT_PROXY_PORT' },
] as const;

export type NodeService = (typeof nodeServices)[number];

export const envSourcePath = (service: NodeService): string =>
  join(repoRoot, service.dir, 'src', 'env.ts');

export const readRepoFile = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

/** The default of `NAME: port(4000)` in a service's env.ts, if it declares one. */
export function declaredPortDefault(envSource: string, variable: string): number | undefined {
  const match = new RegExp(`\\b${variable}:\\s*port\\((\\d+)\\)`).exec(envSource);
  return match ? Number(match[1]) : undefined;
}

/** Whether env.ts reads this variable (a key of one of its zod models). */
export const declaresVariable = (envSource: string, variable: string): boolean =>
  new RegExp(`\\b${variable}\\s*:`).test(envSource);

function tsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return tsFilesUnder(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Source files of every workspace (src/ only: what ships). */
export function workspaceSourceFiles(): string[] {
  const roots = ['gateway', 'git-proxy', 'githost', 'supervisor'];
  for (const parent of ['subgraphs', 'lib']) {
    for (const entry of readdirSync(join(repoRoot, parent))) roots.push(join(parent, entry));
  }
  return roots.flatMap((root) => tsFilesUnder(join(repoRoot, root, 'src')));
}

/** Whether any file under `<dir>/src` contains `needle`. */
export const sourceContains = (dir: string, needle: string): boolean =>
  tsFilesUnder(join(repoRoot, dir, 'src')).some((f) => readFileSync(f, 'utf8').includes(needle));

/** Names of the Prometheus metrics the services declare (`name: 'http_requests_total'`). */
export function declaredMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const file of workspaceSourceFiles()) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bname:\s*'([a-z_:][a-z0-9_:]*)'/g)) {
      names.add(match[1]!);
    }
  }
  return names;
}
