import { Supergraph } from '@apollo/federation-internals';
import { separateRequiredArguments } from '../planning/separateRequiredArguments';
import { settleProgressiveOverrides } from '../planning/settleProgressiveOverrides';
import type { SubgraphEndpoint } from '../subgraphs/parseSubgraphList';

export type SupergraphReading =
  | { ok: true; supergraphSdl: string; subgraphs: SubgraphEndpoint[] }
  | { ok: false; errors: string[] };

/**
 * Checks a composed supergraph SDL (as `rover supergraph compose` or `@apollo/composition`
 * write it) the way the gateway will load it, and lists its subgraphs from `join__Graph`.
 * The SDL returned has its `percent(0|100)` override labels settled and its required fields
 * with arguments separated (see gateway/src/planning).
 */
export function readSupergraph(text: string): SupergraphReading {
  try {
    const supergraphSdl = separateRequiredArguments(settleProgressiveOverrides(text));
    const supergraph = Supergraph.build(supergraphSdl, { validateSupergraph: true });
    supergraph.apiSchema();
    const subgraphs = supergraph.subgraphsMetadata().map(({ name, url }) => ({ name, url }));
    const missing = subgraphs.filter((s) => !isHttpUrl(s.url)).map((s) => s.name);
    if (missing.length > 0) {
      return {
        ok: false,
        errors: [`subgraphs without an http(s) url in join__Graph: ${missing.join(', ')}`],
      };
    }
    return { ok: true, supergraphSdl, subgraphs };
  } catch (err) {
    const causes = (err as { causes?: { message: string }[] }).causes;
    return {
      ok: false,
      errors: causes?.length ? causes.map((c) => c.message) : [(err as Error).message],
    };
  }
}

function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
