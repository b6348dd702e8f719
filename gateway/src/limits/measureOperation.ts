import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { FieldCost } from './fieldCosts';

export interface OperationMeasure {
  /** Deepest field nesting (a root field is depth 1). */
  depth: number;
  /** Fields that may be resolved: each field's cost times the page sizes above it. */
  cost: number;
}

const PAGE_ARGUMENTS = ['first', 'last'];

/**
 * Depth and cost of an operation, before execution. Each field (each alias on its own) costs
 * `fieldCost(parent type, field)`; a field with a `first`/`last` argument multiplies the cost
 * of everything below it by that page size (its default when omitted).
 * Introspection (`__schema`, `__type`) is answered by the gateway from its schema and is
 * neither counted nor descended into; `__typename` costs nothing.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  fieldCost: FieldCost = () => 1,
): OperationMeasure {
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0 };

  function walk(
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    depth: number,
    visiting: Set<string>,
  ): OperationMeasure {
    let deepest = depth - 1;
    let cost = 0;
    const add = (m: OperationMeasure) => {
      deepest = Math.max(deepest, m.depth);
      cost += m.cost;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field = fieldOf(parent, name);
        cost += multiplier * fieldCost(parent.name, name);
        deepest = Math.max(deepest, depth);
        const type = field ? getNamedType(field.type) : undefined;
        if (selection.selectionSet && type && isCompositeType(type)) {
          const pageSize = field ? pageSizeOf(field, selection.arguments ?? [], variables) : 1;
          add(walk(selection.selectionSet, type, multiplier * pageSize, depth + 1, visiting));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        const type = condition && isCompositeType(condition) ? condition : parent;
        add(walk(selection.selectionSet, type, multiplier, depth, visiting));
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || visiting.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        const type = condition && isCompositeType(condition) ? condition : parent;
        visiting.add(name);
        add(walk(fragment.selectionSet, type, multiplier, depth, visiting));
        visiting.delete(name);
      }
    }
    return { depth: Math.max(deepest, 0), cost };
  }

  return walk(operation.selectionSet, root, 1, 1, new Set());
}

function fieldOf(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

function pageSizeOf(
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: Parameters<typeof valueFromAST>[0] }[],
  variables: Record<string, unknown>,
): number {
  let size = 1;
  for (const arg of field.args) {
    if (!PAGE_ARGUMENTS.includes(arg.name)) continue;
    const node = args.find((a) => a.name.value === arg.name);
    const value = node ? valueFromAST(node.value, arg.type, variables) : arg.defaultValue;
    if (typeof value === 'number' && Number.isFinite(value)) size = Math.max(size, value);
  }
  return size;
}
