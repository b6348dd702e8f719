import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { gitforgeError } from '@gitforge/errors';
import type { GatewayContext } from '../GatewayContext';
import { measureOperation } from './measureOperation';

export interface ComplexityLimits {
  maxDepth: number;
  maxCost: number;
}

/**
 * Rejects an operation whose depth or cost exceeds the limits with QUERY_TOO_COMPLEX, after
 * validation and before the query planner calls any subgraph.
 */
export function complexityLimitPlugin(
  limits: ComplexityLimits,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          checkComplexity(limits, schema, document, operation, request.variables);
        },
      };
    },
  };
}

/** Throws QUERY_TOO_COMPLEX when `operation` is deeper or costlier than the limits. */
export function checkComplexity(
  limits: ComplexityLimits,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): void {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition;
    }
  }
  const { depth, cost } = measureOperation(schema, operation, fragments, variables);
  if (depth > limits.maxDepth) {
    throw gitforgeError(
      'QUERY_TOO_COMPLEX',
      `Query depth ${depth} exceeds the limit of ${limits.maxDepth}`,
      { depth, maxDepth: limits.maxDepth },
    );
  }
  if (cost > limits.maxCost) {
    throw gitforgeError(
      'QUERY_TOO_COMPLEX',
      `Query cost ${cost} exceeds the limit of ${limits.maxCost}; request smaller pages`,
      { cost, maxCost: limits.maxCost },
    );
  }
}
