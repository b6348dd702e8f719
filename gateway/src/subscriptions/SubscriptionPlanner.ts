import {
  getOperationAST,
  Kind,
  OperationTypeNode,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { gitforgeError } from '@gitforge/errors';
import {
  operationContext,
  type FetchNode,
  type OperationContext,
  type PlannableSupergraph,
  type PlanNode,
  type Schema,
} from './apolloFederationInternals';

/** How one subscription operation runs against the current supergraph. */
export interface SubscriptionPlan {
  /** The subscription sent to the subgraph that owns the root field. */
  primary: FetchNode;
  /** Runs once per event: `primary` (answered with the event) then the entity fetches. */
  perEvent: PlanNode;
  /** Response name of the root field (for metrics). */
  rootField: string;
  operationContext: OperationContext;
  supergraph: SupergraphView;
}

/** The schemas a plan was made from; a plan keeps the ones it was made with. */
export interface SupergraphView {
  /** The API schema clients validate against (the gateway's, with its extensions). */
  schema: GraphQLSchema;
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  /** Subgraph name → URL, as composed. */
  subgraphUrls: ReadonlyMap<string, string>;
}

interface Current {
  view: SupergraphView;
  supergraph: PlannableSupergraph;
  plans: Map<string, SubscriptionPlan>;
  /** The same plans by document object (subscribers of one text share one parsed document). */
  byDocument: WeakMap<DocumentNode, Map<string, SubscriptionPlan>>;
}

const PLAN_CACHE_SIZE = 500;

/**
 * Plans subscriptions the way `@apollo/gateway` plans queries. The gateway keeps its planner
 * private, so ours is built from the same supergraph SDL (with the same installed
 * @apollo/federation-internals and @apollo/query-planner) each time the gateway loads a schema,
 * once, and shared with the fast path's `PreparedOperations`.
 */
export class SubscriptionPlanner {
  private current?: Current;
  private readonly listeners: (() => void)[] = [];

  /** `listener` runs after each update (active subscriptions are re-validated and re-planned). */
  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Call from `gateway.onSchemaLoadOrUpdate` with the supergraph `loadSupergraph` built. */
  update(supergraph: PlannableSupergraph, schema: GraphQLSchema): void {
    const first = this.current === undefined;
    this.current = {
      view: {
        schema,
        apiSchema: supergraph.apiSchema,
        supergraphSchema: supergraph.supergraphSchema,
        subgraphUrls: supergraph.subgraphUrls,
      },
      supergraph,
      plans: new Map(),
      byDocument: new WeakMap(),
    };
    if (!first) for (const listener of this.listeners) listener();
  }

  /** The current API schema, or undefined before the first supergraph. */
  get schema(): GraphQLSchema | undefined {
    return this.current?.view.schema;
  }

  /**
   * Plans a validated subscription document; throws a coded GraphQLError when it cannot be
   * planned (UPSTREAM_UNAVAILABLE before the first supergraph, BAD_USER_INPUT for an operation
   * that is not a subscription, INTERNAL when the planner makes no subscription plan).
   */
  plan(document: DocumentNode, operationName?: string | null): SubscriptionPlan {
    const current = this.current;
    if (!current) {
      throw gitforgeError('UPSTREAM_UNAVAILABLE', 'The gateway has no supergraph yet');
    }
    const known = current.byDocument.get(document)?.get(operationName ?? '');
    if (known) return known;
    const key = `${operationName ?? ''}\n${print(document)}`;
    const cached = current.plans.get(key);
    if (cached) {
      // Most recently used last, so the oldest entry is the first to go.
      current.plans.delete(key);
      current.plans.set(key, cached);
      this.remember(current, document, operationName, cached);
      return cached;
    }
    const plan = this.build(current, document, operationName ?? undefined);
    current.plans.set(key, plan);
    this.remember(current, document, operationName, plan);
    if (current.plans.size > PLAN_CACHE_SIZE) {
      current.plans.delete(current.plans.keys().next().value as string);
    }
    return plan;
  }

  private remember(
    current: Current,
    document: DocumentNode,
    operationName: string | null | undefined,
    plan: SubscriptionPlan,
  ): void {
    let byName = current.byDocument.get(document);
    if (!byName) current.byDocument.set(document, (byName = new Map<string, SubscriptionPlan>()));
    byName.set(operationName ?? '', plan);
  }

  private build(
    current: Current,
    document: DocumentNode,
    operationName?: string,
  ): SubscriptionPlan {
    const { view, supergraph } = current;
    const operationAst = getOperationAST(document, operationName);
    if (operationAst?.operation !== OperationTypeNode.SUBSCRIPTION) {
      throw gitforgeError('BAD_USER_INPUT', 'Not a subscription operation');
    }
    const node = supergraph.plan(document, operationName);
    if (node?.kind !== 'Subscription') {
      throw gitforgeError(
        'INTERNAL',
        'The query planner made no subscription plan for this operation',
      );
    }
    const rootField = firstFieldName(document, operationAst.selectionSet) ?? 'unknown';
    return {
      primary: node.primary,
      perEvent: node.rest ? { kind: 'Sequence', nodes: [node.primary, node.rest] } : node.primary,
      rootField,
      operationContext: operationContext(view.schema, document, operationName),
      supergraph: view,
    };
  }
}

/** The (single, after validation) root field of a subscription, through fragments. */
function firstFieldName(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
): string | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection.name.value;
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection
        : document.definitions.find(
            (d): d is FragmentDefinitionNode =>
              d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
          );
    const name = fragment && firstFieldName(document, fragment.selectionSet);
    if (name) return name;
  }
  return undefined;
}
