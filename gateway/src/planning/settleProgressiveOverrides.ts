import {
  Kind,
  parse,
  print,
  visit,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
} from 'graphql';

const PERCENT = /^percent\((\d+(?:\.\d+)?)\)$/;

/**
 * `@apollo/gateway` plans with every progressive-override label off (it passes no
 * `overrideConditions` to the planner), so `@override(label: "percent(100)")` would never move
 * a field. This settles the labels the gateway can decide once per supergraph: `percent(100)`
 * (or more) becomes a plain override and `percent(0)` no override. Labels in between and custom
 * labels stay as they are (off: the field stays in the subgraph it comes from).
 * Returns the SDL unchanged when it has nothing to settle.
 */
export function settleProgressiveOverrides(supergraphSdl: string): string {
  if (!supergraphSdl.includes('overrideLabel')) return supergraphSdl;
  let changed = false;
  const document = visit(parse(supergraphSdl), {
    FieldDefinition(field: FieldDefinitionNode) {
      const directives = field.directives ?? [];
      if (!directives.some((d) => percentOf(d) !== undefined)) return undefined;
      const settled: ConstDirectiveNode[] = [];
      for (const directive of directives) {
        const percent = percentOf(directive);
        if (percent === undefined || (percent > 0 && percent < 100)) {
          settled.push(directive);
          continue;
        }
        changed = true;
        const overriding = argument(directive, 'override') !== undefined;
        // 100: the overriding subgraph keeps the field, the overridden one loses it (unless
        // another of its fields still needs it: `usedOverridden`). 0: the reverse.
        const keeps = percent >= 100 ? overriding : !overriding;
        if (keeps) {
          settled.push(withoutArgument(directive, 'overrideLabel'));
        } else if (!overriding && isTrue(argument(directive, 'usedOverridden'))) {
          settled.push(withoutArgument(directive, 'overrideLabel'));
        }
      }
      return { ...field, directives: settled };
    },
  });
  return changed ? print(document) : supergraphSdl;
}

function percentOf(directive: ConstDirectiveNode): number | undefined {
  if (directive.name.value !== 'join__field') return undefined;
  const label = argument(directive, 'overrideLabel');
  if (label?.kind !== Kind.STRING) return undefined;
  const match = PERCENT.exec(label.value);
  return match ? Number(match[1]) : undefined;
}

function argument(directive: ConstDirectiveNode, name: string) {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

function isTrue(value: ReturnType<typeof argument>): boolean {
  return value?.kind === Kind.BOOLEAN && value.value;
}

function withoutArgument(directive: ConstDirectiveNode, name: string): ConstDirectiveNode {
  return { ...directive, arguments: directive.arguments?.filter((a) => a.name.value !== name) };
}
