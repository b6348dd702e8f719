import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPorts, type PortVariable } from '@gitforge/env';
import type { z } from 'zod';
import { gatewayEnvModels } from '../../../gateway/src/env';
import { gitProxyEnvModels } from '../../../git-proxy/src/env';
import { issuesEnvModels } from '../../../subgraphs/issues/src/env';
import { repositoryEnvModels } from '../../../subgraphs/repository/src/env';
import { resilienceEnvModels } from '../../../subgraphs/resilience/src/env';
import { repoRoot } from './manifests';

interface NodeServiceSource {
  deployment: string;
  dir: string;
  portVar: PortVariable;
  /** The zod models its `src/env.ts` parses: what it reads, and which upstreams it needs. */
  envModels: Record<string, z.ZodObject>;
}

/** The GitForge Node services that run as Deployments, and where their code lives. */
export const nodeServices: readonly NodeServiceSource[] = [
  { deployment: 'gateway', dir: 'gateway', portVar: 'GATEWAY_PORT', envModels: gatewayEnvModels },
  {
    deployment: 'issues',
    dir: 'subgraphs/issues',
    portVar: 'ISSUES_PORT',
    envModels: issuesEnvModels,
  },
  {
    deployment: 'repository',
    dir: 'subgraphs/repository',
    portVar: 'REPOSITORY_PORT',
    envModels: repositoryEnvModels,
  },
  {
    deployment: 'resilience',
    dir: 'subgraphs/resilience',
    portVar: 'RESILIENCE_PORT',
    envModels: resilienceEnvModels,
  },
  {
    deployment: 'git-proxy',
    dir: 'git-proxy',
    portVar: 'GIT_PROXY_PORT',
    envModels: gitProxyEnvModels,
  },
];

export type NodeService = (typeof nodeServices)[number];

export const envSourcePath = (service: NodeService): string =>
  join(repoRoot, service.dir, 'src', 'env.ts');

export const readRepoFile = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

/** The port a service listens on when its env.ts model gets no value for `portVar`. */
export function declaredPortDefault(service: NodeServiceSource): number | undefined {
  const declares = Object.values(service.envModels).some((m) => service.portVar in m.shape);
  return declares ? defaultPorts[service.portVar] : undefined;
}

/** Whether env.ts reads this variable (a key of one of its zod models). */
export const declaresVariable = (service: NodeServiceSource, variable: string): boolean =>
  Object.values(service.envModels).some((m) => variable in m.shape);

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
