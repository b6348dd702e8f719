import { Kind, parse, print, visit, type ArgumentNode } from 'graphql';

/** Between a field's name and the hash of its arguments in a synthetic required field. */
export const SYNTHETIC_MARKER = '__required_';

/**
 * Every synthetic required field made by `separateRequiredArguments`, by name. Names carry a
 * hash of the type, field and arguments, so one name always means one thing and the map can
 * outlive the supergraph that made it (queries in flight on an older one). It grows with the
 * number of distinct `@requires` with arguments ever loaded: bounded by the schemas.
 */
export const syntheticRequiredFields = new Map<
  string,
  { field: string; arguments: readonly ArgumentNode[] }
>();

interface SubgraphRequest {
  query?: string;
  variables?: Record<string, unknown>;
}

/**
 * Turns synthetic required fields back into what the subgraph knows: in the operation,
 * `weight__required_x` becomes `weight__required_x: weight(unit: LB)`; in the entity
 * representations, the key `weight__required_x` becomes `weight`. A no-op (one `includes`)
 * for requests without any.
 */
export function rewriteSubgraphRequest(request: SubgraphRequest): void {
  if (syntheticRequiredFields.size === 0) return;
  const { query, variables } = request;
  if (query?.includes(SYNTHETIC_MARKER)) {
    request.query = print(
      visit(parse(query), {
        Field(node) {
          const synthetic = syntheticRequiredFields.get(node.name.value);
          if (!synthetic) return undefined;
          return {
            ...node,
            alias: node.alias ?? { kind: Kind.NAME, value: node.name.value },
            name: { kind: Kind.NAME, value: synthetic.field },
            arguments: synthetic.arguments,
          };
        },
      }),
    );
  }
  const representations = variables?.representations;
  if (Array.isArray(representations) && representations.some(hasSyntheticKey)) {
    variables!.representations = representations.map(renameSynthetic);
  }
}

function hasSyntheticKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSyntheticKey);
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) {
    if (syntheticRequiredFields.has(key)) return true;
    if (hasSyntheticKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function renameSynthetic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renameSynthetic);
  if (value === null || typeof value !== 'object') return value;
  const renamed: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const synthetic = syntheticRequiredFields.get(key);
    renamed[synthetic ? synthetic.field : key] = renameSynthetic(inner);
  }
  return renamed;
}
