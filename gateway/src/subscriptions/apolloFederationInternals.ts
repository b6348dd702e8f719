/**
 * The one module that reaches past `@apollo/gateway`'s public API (`executeQueryPlan`,
 * `buildOperationContext`, a `QueryPlanner` of our own): the gateway keeps its planner and
 * executor private, and subscriptions need both. The versions are pinned (2.14.4) in
 * package.json; an upgrade is checked here and by `subscriptions.e2e.test.ts`.
 */
import {
  buildOperationContext,
  executeQueryPlan,
  type ApolloGateway,
  type GraphQLDataSource,
} from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import {
  QueryPlanner,
  type FetchNode,
  type PlanNode,
  type SubscriptionNode,
} from '@apollo/query-planner';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { Logger } from '@gitforge/logging';

export type { FetchNode, PlanNode, Schema, SubscriptionNode };
export type OperationContext = ReturnType<typeof buildOperationContext>;

/** A composed supergraph, with a query planner over it. */
export interface PlannableSupergraph {
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  /** Subgraph name → URL, as composed. */
  subgraphUrls: ReadonlyMap<string, string>;
  /** The query planner's plan for `document` (already validated against the API schema). */
  plan(document: DocumentNode, operationName?: string): PlanNode | SubscriptionNode | undefined;
}

export function loadSupergraph(coreSupergraphSdl: string): PlannableSupergraph {
  const supergraph = Supergraph.build(coreSupergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph);
  return {
    apiSchema,
    supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
    subgraphUrls: new Map(supergraph.subgraphsMetadata().map((s) => [s.name, s.url])),
    plan: (document, operationName) =>
      planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName })).node,
  };
}

/**
 * Builds one `PlannableSupergraph` (one `QueryPlanner`) each time the gateway loads a schema and
 * hands it to `listener`, undefined (the error logged) when it cannot be built.
 */
export function onPlannableSupergraph(
  gateway: ApolloGateway,
  logger: Logger,
  listener: (
    supergraph: PlannableSupergraph | undefined,
    apiSchema: GraphQLSchema,
    coreSupergraphSdl: string,
  ) => void,
): void {
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl, apiSchema }) => {
    let supergraph: PlannableSupergraph | undefined;
    try {
      supergraph = loadSupergraph(coreSupergraphSdl);
    } catch (err) {
      logger.error({ err }, 'could not build a query planner for the new supergraph');
    }
    listener(supergraph, apiSchema, coreSupergraphSdl);
  });
}

/** What `executeQueryPlan` needs to know about the operation, as the gateway builds it. */
export function operationContext(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string,
): OperationContext {
  return buildOperationContext({ schema, operationDocument: document, operationName });
}

export interface PlanExecution {
  node: PlanNode;
  /** By subgraph name; entity fetches go through them. */
  services: Record<string, GraphQLDataSource>;
  operationContext: OperationContext;
  /** The API schema clients validate against. */
  schema: GraphQLSchema;
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName?: string;
  /** Handed to every data source (`GatewayContext`). */
  context: object;
  logger: Logger;
}

type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** Runs a plan node as the gateway runs a query plan. */
export function executePlan(execution: PlanExecution): Promise<ExecutionResult> {
  const operation = execution.operationContext.operation;
  const requestContext = {
    request: { variables: execution.variables, operationName: execution.operationName },
    context: execution.context,
    logger: execution.logger,
    metrics: {},
    document: execution.document,
    operation,
    operationName: operation.name?.value ?? null,
    schema: execution.schema,
  } as unknown as RequestContext;
  return executeQueryPlan(
    { kind: 'QueryPlan', node: execution.node },
    execution.services,
    requestContext,
    execution.operationContext,
    execution.supergraphSchema,
    execution.apiSchema,
  );
}
