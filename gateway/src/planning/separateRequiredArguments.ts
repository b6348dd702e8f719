import { createHash } from 'node:crypto';
import {
  Kind,
  parse,
  print,
  type ArgumentNode,
  type ConstDirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type FieldNode,
  type ObjectTypeDefinitionNode,
  type InterfaceTypeDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';
import { syntheticRequiredFields, SYNTHETIC_MARKER } from './syntheticRequiredFields';

type CompositeDefinition = ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode;

const INACCESSIBLE_LINK = 'https://specs.apollo.dev/inaccessible/v0.2';

/**
 * The query planner keys a required field by its name only, so a `@requires` of a field with
 * arguments gets whatever value of that field the plan fetched first: another `@requires` of it
 * with other arguments, or the client's own selection
 * (https://github.com/apollographql/federation/issues/2276). This gives each required field
 * with arguments a field of its own in the supergraph: `weight(unit: LB)` in a `requires`
 * becomes `weight__required_<hash>`, inaccessible, resolved by the subgraphs that resolve
 * `weight` and external where it is required. `rewriteSubgraphRequest` turns it back into
 * `weight__required_<hash>: weight(unit: LB)` for the subgraph that resolves it and into
 * `weight` in the representations the requiring subgraph receives.
 * Returns the SDL unchanged when no `requires` has arguments.
 */
export function separateRequiredArguments(supergraphSdl: string): string {
  if (!/requires: "[^"]*\(/.test(supergraphSdl)) return supergraphSdl;
  const document = parse(supergraphSdl);
  const types = new Map<string, CompositeDefinition>();
  for (const definition of document.definitions) {
    if (isComposite(definition)) types.set(definition.name.value, definition);
  }
  const added = new Map<string, Map<string, FieldDefinitionNode>>();
  /** `Type.field graph` of external fields now required only through a synthetic field. */
  const separated = new Set<string>();
  let changed = false;

  const definitions = document.definitions.map((definition) => {
    if (!isComposite(definition)) return definition;
    const fields = definition.fields?.map((field) => {
      const directives = field.directives?.map((directive) => {
        const requires = argumentValue(directive, 'requires');
        if (directive.name.value !== 'join__field' || !requires?.includes('(')) return directive;
        const graph = argumentOf(directive, 'graph');
        if (!graph) return directive;
        const selection = parse(`{ ${requires} }`).definitions[0];
        if (selection?.kind !== Kind.OPERATION_DEFINITION) return directive;
        const rewritten = separate(selection.selectionSet, definition, graph);
        changed = true;
        const printed = print(rewritten).slice(1, -1).trim().replace(/\s+/g, ' ');
        return withArgument(directive, 'requires', printed);
      });
      return { ...field, directives };
    });
    return { ...definition, fields };
  });
  if (!changed) return supergraphSdl;

  /** Replaces fields with arguments by synthetic ones on `parent`, recursively. */
  function separate(
    selectionSet: SelectionSetNode,
    parent: CompositeDefinition,
    graph: ArgumentNode,
  ): SelectionSetNode {
    return {
      ...selectionSet,
      selections: selectionSet.selections.map((selection) => {
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          const target = selection.typeCondition
            ? types.get(selection.typeCondition.name.value)
            : parent;
          return target
            ? { ...selection, selectionSet: separate(selection.selectionSet, target, graph) }
            : selection;
        }
        if (selection.kind !== Kind.FIELD) return selection;
        const original = parent.fields?.find((f) => f.name.value === selection.name.value);
        if (!original) return selection;
        const child = types.get(namedType(original.type));
        const selectionSet =
          selection.selectionSet && child
            ? separate(selection.selectionSet, child, graph)
            : selection.selectionSet;
        if (!selection.arguments?.length) return { ...selection, selectionSet };
        const name = syntheticName(parent.name.value, selection);
        syntheticRequiredFields.set(name, {
          field: selection.name.value,
          arguments: selection.arguments,
        });
        addSyntheticField(parent, original, name, graph);
        separated.add(`${parent.name.value}.${original.name.value} ${print(graph.value)}`);
        return {
          kind: Kind.FIELD,
          name: { kind: Kind.NAME, value: name },
          selectionSet,
        } satisfies FieldNode;
      }),
    };
  }

  function addSyntheticField(
    parent: CompositeDefinition,
    original: FieldDefinitionNode,
    name: string,
    graph: ArgumentNode,
  ): void {
    const byName = added.get(parent.name.value) ?? new Map<string, FieldDefinitionNode>();
    added.set(parent.name.value, byName);
    const joins = (original.directives ?? []).filter((d) => d.name.value === 'join__field');
    const providers = joins.filter((d) => !isTrue(argumentOf(d, 'external')));
    const existing = byName.get(name);
    const external: ConstDirectiveNode = {
      kind: Kind.DIRECTIVE,
      name: { kind: Kind.NAME, value: 'join__field' },
      arguments: [
        graph as never,
        {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'external' },
          value: { kind: Kind.BOOLEAN, value: true },
        },
      ],
    };
    const graphName = print(graph.value);
    const alreadyExternal = existing?.directives?.some(
      (d) => d.name.value === 'join__field' && argumentValueOf(d, 'graph') === graphName,
    );
    const directives = existing?.directives ?? [
      ...providers.map((d) => withoutArgument(d, 'provides')),
      {
        kind: Kind.DIRECTIVE,
        name: { kind: Kind.NAME, value: 'inaccessible' },
        arguments: [],
      } satisfies ConstDirectiveNode,
    ];
    byName.set(name, {
      kind: Kind.FIELD_DEFINITION,
      name: { kind: Kind.NAME, value: name },
      type: original.type,
      arguments: [],
      directives: alreadyExternal ? directives : [...directives, external],
    });
  }

  const withSynthetic = definitions.map((definition) => {
    if (!isComposite(definition)) return definition;
    const extra = added.get(definition.name.value);
    if (!extra) return definition;
    const fields = (definition.fields ?? []).map((field) =>
      withoutUnusedExternals(definition, field),
    );
    return { ...definition, fields: [...fields, ...extra.values()] };
  });

  /**
   * A subgraph's external declaration of a field it now requires only through synthetic
   * fields is dropped (an unused @external does not load), unless a key or another
   * `requires` of that subgraph on the type still names the field.
   */
  function withoutUnusedExternals(
    type: CompositeDefinition,
    field: FieldDefinitionNode,
  ): FieldDefinitionNode {
    const directives = field.directives?.filter((directive) => {
      if (directive.name.value !== 'join__field') return true;
      if (!isTrue(argumentOf(directive, 'external'))) return true;
      const graph = argumentValueOf(directive, 'graph') ?? '';
      if (!separated.has(`${type.name.value}.${field.name.value} ${graph}`)) return true;
      const word = new RegExp(`(^|[^A-Za-z0-9_])${field.name.value}([^A-Za-z0-9_]|$)`);
      const stillNamed = [
        ...(type.directives ?? [])
          .filter((d) => d.name.value === 'join__type' && argumentValueOf(d, 'graph') === graph)
          .map((d) => argumentValue(d, 'key') ?? ''),
        ...(type.fields ?? []).flatMap((f) =>
          (f.directives ?? [])
            .filter((d) => d.name.value === 'join__field' && argumentValueOf(d, 'graph') === graph)
            .map(
              (d) => `${argumentValue(d, 'requires') ?? ''} ${argumentValue(d, 'provides') ?? ''}`,
            ),
        ),
      ].some((text) => word.test(text));
      return stillNamed;
    });
    return { ...field, directives };
  }
  return ensureInaccessible(print({ ...document, definitions: withSynthetic }));
}

/** Adds the inaccessible spec to a supergraph that does not link it yet. */
function ensureInaccessible(supergraphSdl: string): string {
  if (supergraphSdl.includes(INACCESSIBLE_LINK)) return supergraphSdl;
  return supergraphSdl
    .replace(/(schema\s*)(@link)/, `$1@link(url: "${INACCESSIBLE_LINK}", for: SECURITY) $2`)
    .concat(
      '\n\ndirective @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION\n',
    );
}

function syntheticName(typeName: string, field: FieldNode): string {
  const hash = createHash('sha256')
    .update(`${typeName}.${print(field)}`)
    .digest('hex')
    .slice(0, 10);
  return `${field.name.value}${SYNTHETIC_MARKER}${hash}`;
}

function isComposite(definition: DefinitionNode): definition is CompositeDefinition {
  return (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
    definition.kind === Kind.INTERFACE_TYPE_DEFINITION
  );
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function argumentOf(directive: ConstDirectiveNode, name: string): ArgumentNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name);
}

function argumentValue(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = argumentOf(directive, name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function argumentValueOf(directive: ConstDirectiveNode, name: string): string | undefined {
  const argument = argumentOf(directive, name);
  return argument ? print(argument.value) : undefined;
}

function isTrue(argument: ArgumentNode | undefined): boolean {
  return argument?.value.kind === Kind.BOOLEAN && argument.value.value;
}

function withArgument(directive: ConstDirectiveNode, name: string, value: string) {
  return {
    ...directive,
    arguments: directive.arguments?.map((a) =>
      a.name.value === name ? { ...a, value: { kind: Kind.STRING, value } } : a,
    ),
  } as ConstDirectiveNode;
}

function withoutArgument(directive: ConstDirectiveNode, name: string): ConstDirectiveNode {
  return { ...directive, arguments: directive.arguments?.filter((a) => a.name.value !== name) };
}
