import { Kind, parse, type SelectionSetNode } from 'graphql';

interface SubgraphRequest {
  query?: string;
  variables?: Record<string, unknown>;
}

interface SubgraphResponse {
  errors?: readonly { path?: readonly (string | number)[] }[];
}

/**
 * A subgraph whose `_entities` fails as a whole (e.g. a `__resolveReference` throwing, with
 * @apollo/subgraph) answers one error at path `["_entities"]`; `@apollo/gateway` then reports it
 * at the fetch's merge path plus `_entities` (`["list", "@", "_entities"]`), a path that is not
 * in the response. This gives that error to every entity of the call, at its first requested
 * field (`["_entities", i, "price"]`), which the gateway maps to each entity's place in the
 * response (`["list", i, "price"]`), as a monolith whose `price` resolver failed would answer.
 */
export function spreadEntityFetchErrors(request: SubgraphRequest, response: SubgraphResponse) {
  const errors = response.errors;
  if (!errors?.some(isWholeEntitiesError)) return;
  const representations = request.variables?.representations;
  if (!Array.isArray(representations) || representations.length === 0) return;
  const firstFields = firstFieldByType(request.query ?? '');
  (response as { errors: unknown[] }).errors = errors.flatMap((error) => {
    if (!isWholeEntitiesError(error)) return [error];
    return representations.map((representation: unknown, index) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      const field = typeof typename === 'string' ? firstFields.get(typename) : undefined;
      return { ...error, path: ['_entities', index, ...(field ? [field] : [])] };
    });
  });
}

function isWholeEntitiesError(error: { path?: readonly (string | number)[] }): boolean {
  return error.path?.length === 1 && error.path[0] === '_entities';
}

/** Type condition → the first field (response name) the entity fetch asks of it. */
function firstFieldByType(query: string): Map<string, string> {
  const fields = new Map<string, string>();
  let selectionSet: SelectionSetNode | undefined;
  try {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const entities = operation?.selectionSet.selections.find(
      (s) => s.kind === Kind.FIELD && s.name.value === '_entities',
    );
    selectionSet = entities?.kind === Kind.FIELD ? entities.selectionSet : undefined;
  } catch {
    return fields;
  }
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) continue;
    const first = selection.selectionSet.selections.find(
      (s) => s.kind === Kind.FIELD && s.name.value !== '__typename',
    );
    if (first?.kind === Kind.FIELD) {
      fields.set(selection.typeCondition.name.value, first.alias?.value ?? first.name.value);
    }
  }
  return fields;
}
