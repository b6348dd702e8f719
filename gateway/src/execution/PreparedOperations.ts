import type { QueryPlan } from '@apollo/query-planner';
import {
  getOperationAST,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { needsApollo } from '@gitforge/server';
import type { OperationLimits } from '../limits/OperationLimits';
import {
  operationContext,
  type OperationContext,
  type PlannableSupergraph,
} from '../subscriptions/apolloFederationInternals';
import { BoundedLru, type BoundedLruLimits } from './BoundedLru';

/** An operation the fast path runs: everything that does not depend on the request. */
export interface PreparedOperation {
  fast: true;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The operation's own name (Apollo's `operationName`), null when anonymous. */
  operationName: string | null;
  type: 'query' | 'mutation';
  operationContext: OperationContext;
  queryPlan: QueryPlan;
  /** Cost measured once when it cannot depend on variables; else measured per request. */
  fixedCost?: number;
  schema: GraphQLSchema;
  supergraph: PlannableSupergraph;
}

/** Documents Apollo Server answers: its errors, introspection, subscriptions, limits refused. */
export interface ApolloOperation {
  fast: false;
}

export type CachedOperation = PreparedOperation | ApolloOperation;

const TO_APOLLO: ApolloOperation = { fast: false };
/** AST, validation and plan weigh several times the query text; a rough, conservative factor. */
const BYTES_PER_QUERY_CHAR = 48;

export interface PreparedOperationsOptions {
  limits: OperationLimits;
  cache: BoundedLruLimits;
}

interface Generation {
  schema: GraphQLSchema;
  supergraph: PlannableSupergraph;
  operations: BoundedLru<CachedOperation>;
}

/**
 * Parse, validation, operation context, measured cost and query plan per document hash and
 * operation name, bounded (LRU by entries and approximate bytes), for the current supergraph
 * only: `update` (from `onSchemaLoadOrUpdate`) starts an empty cache for the new schema. Plans
 * come from Apollo's `QueryPlanner` over the same supergraph SDL the gateway loaded (the one
 * `loadSupergraph` built for the subscription planner too).
 */
export class PreparedOperations {
  private current?: Generation;

  constructor(private readonly options: PreparedOperationsOptions) {}

  update(supergraph: PlannableSupergraph, schema: GraphQLSchema): void {
    this.current = { schema, supergraph, operations: new BoundedLru(this.options.cache) };
  }

  /** Serve nothing prepared: the new supergraph could not be loaded (nothing old is served). */
  clear(): void {
    this.current = undefined;
  }

  get size(): number {
    return this.current?.operations.size ?? 0;
  }

  get bytes(): number {
    return this.current?.operations.bytes ?? 0;
  }

  /** The cached or newly prepared operation; undefined before the first supergraph. */
  get(
    queryHash: string,
    query: string,
    operationName: string | undefined,
  ): CachedOperation | undefined {
    const current = this.current;
    if (!current) return undefined;
    const key = operationName === undefined ? queryHash : `${queryHash}:${operationName}`;
    const cached = current.operations.get(key);
    if (cached) return cached;
    let prepared: CachedOperation;
    try {
      prepared = this.prepare(current, query, operationName);
    } catch {
      // Whatever Apollo's helpers refuse here, Apollo Server answers in its own way.
      prepared = TO_APOLLO;
    }
    current.operations.set(key, prepared, query.length * BYTES_PER_QUERY_CHAR + 512);
    return prepared;
  }

  private prepare(
    current: Generation,
    query: string,
    operationName: string | undefined,
  ): CachedOperation {
    const { schema, supergraph } = current;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return TO_APOLLO;
    }
    if (validate(schema, document, specifiedRules).length > 0) return TO_APOLLO;
    if (needsApollo(document)) return TO_APOLLO;
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION) return TO_APOLLO;
    let fixedCost: number | undefined;
    if (!operation.variableDefinitions?.length) {
      try {
        fixedCost = this.options.limits.check(schema, document, operation, undefined);
      } catch {
        return TO_APOLLO;
      }
    }
    let node: ReturnType<PlannableSupergraph['plan']>;
    try {
      node = supergraph.plan(document, operationName);
    } catch {
      return TO_APOLLO;
    }
    if (node?.kind === 'Subscription') return TO_APOLLO;
    return {
      fast: true,
      document,
      operation,
      operationName: operation.name?.value ?? null,
      type: operation.operation,
      operationContext: operationContext(schema, document, operationName),
      queryPlan: { kind: 'QueryPlan', node },
      fixedCost,
      schema,
      supergraph,
    };
  }
}
