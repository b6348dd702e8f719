import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { separateRequiredArguments } from '../planning/separateRequiredArguments';
import { settleProgressiveOverrides } from '../planning/settleProgressiveOverrides';
import type { SubgraphEndpoint } from '../subgraphs/parseSubgraphList';

export type CompositionOutcome =
  { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes subgraph SDLs into a supergraph in-process (no rover binary). */
export function composeSupergraph(
  subgraphs: (SubgraphEndpoint & { sdl: string })[],
): CompositionOutcome {
  let services;
  try {
    services = subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) }));
  } catch (err) {
    return { ok: false, errors: [`unparsable subgraph SDL: ${(err as Error).message}`] };
  }
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  const supergraphSdl = separateRequiredArguments(settleProgressiveOverrides(result.supergraphSdl));
  return { ok: true, supergraphSdl };
}
