import type { SupergraphManager } from '@apollo/gateway';
import type { HealthChecks } from '@gitforge/health';
import type { Logger } from '@gitforge/logging';
import type { Fetcher } from '../subgraphs/BufferedResponse';
import type { SubgraphEndpoint } from '../subgraphs/parseSubgraphList';
import { probeSubgraph } from './fetchSubgraphSdl';
import { SubgraphComposer } from './SubgraphComposer';
import { SupergraphFile } from './SupergraphFile';

/** Where the gateway's supergraph comes from: one of the two. */
export interface SupergraphOrigin {
  /** Compose in-process from these subgraphs' `_service { sdl }` (polled). */
  subgraphs?: SubgraphEndpoint[];
  /** Serve this composed supergraph file, reloaded when it changes. */
  supergraph?: { file: string; debounceMs?: number };
}

/** What the gateway is given as `supergraphSdl`, plus the subgraphs it currently serves. */
export interface SupergraphSource extends SupergraphManager {
  /** The subgraphs served (as configured, or the supergraph file's `join__Graph` urls). */
  subgraphs(): SubgraphEndpoint[];
  onSubgraphsChange(listener: (subgraphs: SubgraphEndpoint[]) => void): void;
  /** Stops waiting, polling or watching; safe to call more than once. */
  stop(): Promise<void>;
}

export interface SupergraphSourceDeps {
  fetch: Fetcher;
  logger: Logger;
  pollIntervalMs: number;
  retryMaxMs: number;
}

/** Opens the configured source; a missing or invalid supergraph file throws at once. */
export async function openSupergraphSource(
  origin: SupergraphOrigin,
  deps: SupergraphSourceDeps,
): Promise<SupergraphSource> {
  if (origin.subgraphs && origin.supergraph) {
    throw new Error('give the gateway either subgraphs or a supergraph file, not both');
  }
  if (origin.supergraph) {
    return SupergraphFile.open({
      path: origin.supergraph.file,
      debounceMs: origin.supergraph.debounceMs,
      logger: deps.logger,
    });
  }
  if (!origin.subgraphs?.length) {
    throw new Error('give the gateway subgraphs or a supergraph file');
  }
  return new SubgraphComposer({ subgraphs: origin.subgraphs, ...deps });
}

/**
 * Readiness checks `subgraph:<name>` for every subgraph the source serves, including ones a
 * reloaded supergraph adds; a subgraph no longer served passes (HealthChecks cannot remove).
 */
export function addSubgraphProbes(
  health: HealthChecks,
  source: SupergraphSource,
  fetch: Fetcher,
): void {
  const registered = new Set<string>();
  const register = (subgraphs: SubgraphEndpoint[]) => {
    for (const { name } of subgraphs) {
      if (registered.has(name)) continue;
      registered.add(name);
      health.add(`subgraph:${name}`, async () => {
        const subgraph = source.subgraphs().find((s) => s.name === name);
        if (subgraph) await probeSubgraph(fetch, subgraph);
      });
    }
  };
  register(source.subgraphs());
  source.onSubgraphsChange(register);
}
