import {
  Kind,
  parse,
  print,
  type ArgumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import type { FeedPolicy } from './feedPolicy';

/** Response names the gateway adds to the root field it sends upstream (stripped for clients). */
export const CURSOR_ALIAS = 'gitforgeCursor_';
export const VISIBILITY_ALIAS = 'gitforgeRepositoryPublic_';
/** The variable carrying the resume cursor upstream. */
export const AFTER_VARIABLE = 'gitforgeAfter_';

/** Where a root field argument's value comes from: a variable or an inline string. */
export type ArgumentSource = { variable: string } | { value: unknown } | undefined;

/** The primary subscription as the gateway sends it upstream, made once per plan. */
export interface UpstreamOperation {
  query: string;
  operationName?: string;
  /** Response name of the root field in the upstream result. */
  responseName: string;
  /** Variables the upstream text uses (the resume variable excluded). */
  variableNames: readonly string[];
  /** Set when the field has a feed policy and the text carries the cursor and visibility. */
  feed?: {
    policy: FeedPolicy;
    audience: ArgumentSource;
    /** The client's own `after` (variable or literal), removed from the text. */
    resume: ArgumentSource;
  };
}

/**
 * The planner's primary fetch text, with, for a feed policy, the resume argument replaced by
 * `$gitforgeAfter_` (so a feed's text is the same whatever cursor a client resumes from, and the
 * gateway chooses the cursor on every resubscription) and the cursor and visibility fields
 * added under aliases no client can choose.
 */
export function upstreamOperation(
  text: string,
  operationName: string | undefined,
  variableUsages: readonly string[] | undefined,
  policy: FeedPolicy | undefined,
): UpstreamOperation {
  const document = parse(text);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const root = operation?.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename',
  );
  const variableNames = [...(variableUsages ?? [])];
  if (!operation || !root) {
    return { query: text, operationName, responseName: '', variableNames };
  }
  const responseName = root.alias?.value ?? root.name.value;
  if (!policy || root.name.value !== policy.field) {
    return { query: text, operationName, responseName, variableNames };
  }
  const argument = (name: string) => root.arguments?.find((a) => a.name.value === name);
  const resume = sourceOf(argument(policy.resumeArgument)?.value);
  const audience = sourceOf(argument(policy.audienceArgument)?.value);
  const resumeVariable = resume && 'variable' in resume ? resume.variable : undefined;
  const afterArgument: ArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: policy.resumeArgument },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
  };
  const alias = (as: string, field: string): FieldNode => ({
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: as },
    name: { kind: Kind.NAME, value: field },
  });
  const edited: FieldNode = {
    ...root,
    arguments: [
      ...(root.arguments ?? []).filter((a) => a.name.value !== policy.resumeArgument),
      afterArgument,
    ],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        ...(root.selectionSet?.selections ?? []),
        alias(CURSOR_ALIAS, policy.cursorField),
        alias(VISIBILITY_ALIAS, policy.visibilityField),
      ],
    },
  };
  // The resume variable is used only by the root field's `after` (a subscription has one field).
  const stillUsed = (name: string) => name !== resumeVariable;
  const editedOperation: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((d) => stillUsed(d.variable.name.value)),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
      },
    ],
    selectionSet: {
      ...operation.selectionSet,
      selections: operation.selectionSet.selections.map((s) => (s === root ? edited : s)),
    },
  };
  return {
    query: print({
      ...document,
      definitions: document.definitions.map((d) => (d === operation ? editedOperation : d)),
    }),
    operationName,
    responseName,
    variableNames: variableNames.filter(stillUsed),
    feed: { policy, audience, resume },
  };
}

/** The value an argument source has for a request's variables. */
export function argumentValue(source: ArgumentSource, variables: Record<string, unknown>): unknown {
  if (!source) return undefined;
  return 'variable' in source ? variables[source.variable] : source.value;
}

function sourceOf(value: ValueNode | undefined): ArgumentSource {
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) return { variable: value.name.value };
  if (value.kind === Kind.STRING) return { value: value.value };
  if (value.kind === Kind.NULL) return { value: null };
  return undefined;
}
