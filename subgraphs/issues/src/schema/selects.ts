import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects `path` below it (through fragments; directives such
 * as @skip are not evaluated: a field that may be selected counts as selected).
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => within(info, node.selectionSet, path, 0));
}

function within(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  path: readonly string[],
  depth: number,
): boolean {
  if (!set) return false;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== path[depth]) continue;
      if (depth === path.length - 1) return true;
      if (within(info, selection.selectionSet, path, depth + 1)) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (within(info, selection.selectionSet, path, depth)) return true;
    } else {
      const fragment = info.fragments[selection.name.value];
      if (within(info, fragment?.selectionSet, path, depth)) return true;
    }
  }
  return false;
}

/** A connection's nodes select `field` (as `nodes { field }` or `edges { node { field } }`). */
export const nodesSelect = (info: GraphQLResolveInfo, field: string): boolean =>
  selects(info, ['nodes', field]) || selects(info, ['edges', 'node', field]);
