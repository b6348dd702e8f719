import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import { setOperationName } from '@gitforge/logging';
import { boundedOperationNames } from '@gitforge/server';

/**
 * `graphql_operations_total{operation_type,operation_name,outcome}`. Operation names come from
 * clients, so the label stays bounded: malformed names and any beyond the first `maxNames`
 * distinct ones are counted as `other`. The same bounded name goes on the request's log lines.
 */
export function operationMetricsPlugin<TContext extends BaseContext>(
  registry: Registry,
  maxNames = 200,
): ApolloServerPlugin<TContext> {
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by type, name and outcome (success, error, rejected)',
    labelNames: ['operation_type', 'operation_name', 'outcome'],
    registers: [registry],
  });
  const label = boundedOperationNames(maxNames);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          setOperationName(label(operationName));
        },
        async willSendResponse({ operation, operationName, response }) {
          const errors =
            response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          operations.inc({
            operation_type: operation?.operation ?? 'unknown',
            operation_name: operation ? label(operationName) : 'none',
            outcome: !operation ? 'rejected' : errors?.length ? 'error' : 'success',
          });
        },
      };
    },
  };
}
