import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { gitforgeError } from '@gitforge/errors';
import type { GatewayContext } from '../GatewayContext';
import type { CostBudget } from './costBudget';
import { fieldCostFrom, type FieldCost } from './fieldCosts';
import { measureOperation } from './measureOperation';

export interface ComplexityLimits {
  maxDepth: number;
  maxCost: number;
}

export interface OperationLimitsOptions {
  limits: ComplexityLimits;
  /** Default: the gateway's `FIELD_COSTS` table. */
  fieldCost?: FieldCost;
  /** Cost points per client over time; none = only the per-operation limits. */
  budget?: CostBudget;
}

/** Whom an operation is charged to: the signed-in user, else the client address. */
export function clientKeyOf(context: Pick<GatewayContext, 'viewer' | 'clientAddress'>): string {
  if (context.viewer) return `user:${context.viewer.login.toLowerCase()}`;
  return `address:${context.clientAddress ?? 'unknown'}`;
}

/**
 * Admits an operation before any subgraph is called (HTTP, and WebSocket operations and
 * subscriptions alike): QUERY_TOO_COMPLEX when it is deeper or costlier than one operation may
 * be, RATE_LIMITED (with `retryAfterSeconds`) when its client has spent its budget.
 */
export class OperationLimits {
  readonly limits: ComplexityLimits;
  private readonly fieldCost: FieldCost;

  constructor(private readonly options: OperationLimitsOptions) {
    this.limits = options.limits;
    this.fieldCost = options.fieldCost ?? fieldCostFrom();
  }

  /** Throws the refusal; returns the operation's cost when admitted. */
  async admit(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
    context: Pick<GatewayContext, 'viewer' | 'clientAddress'>,
  ): Promise<number> {
    const cost = this.check(schema, document, operation, variables);
    await this.charge(cost, context);
    return cost;
  }

  /** Charges an operation already `check`ed to its client's budget; throws RATE_LIMITED. */
  async charge(
    cost: number,
    context: Pick<GatewayContext, 'viewer' | 'clientAddress'>,
  ): Promise<void> {
    const budget = this.options.budget;
    if (!budget || cost === 0) return;
    const charge = await budget.charge(clientKeyOf(context), cost);
    if (!charge.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(charge.retryAfterMs / 1000));
      throw gitforgeError(
        'RATE_LIMITED',
        `This client has used its query budget; try again in ${retryAfterSeconds} s`,
        { cost, retryAfterSeconds },
      );
    }
  }

  /** Throws QUERY_TOO_COMPLEX (extensions: the measure and its limit); returns the cost. */
  check(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
  ): number {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments[definition.name.value] = definition;
      }
    }
    const { maxDepth, maxCost } = this.limits;
    const { depth, cost } = measureOperation(
      schema,
      operation,
      fragments,
      variables,
      this.fieldCost,
    );
    if (depth > maxDepth) {
      throw gitforgeError(
        'QUERY_TOO_COMPLEX',
        `Query depth ${depth} exceeds the limit of ${maxDepth}`,
        { depth, limit: maxDepth },
      );
    }
    if (cost > maxCost) {
      throw gitforgeError(
        'QUERY_TOO_COMPLEX',
        `Query cost ${cost} exceeds the limit of ${maxCost}; select fewer fields or smaller pages`,
        { cost, limit: maxCost },
      );
    }
    return cost;
  }
}
