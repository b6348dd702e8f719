import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * `graphql_operations_total{operation_type,operation_name,outcome}`. Operation names come from
 * clients, so the label stays bounded: malformed names and any beyond the first `maxNames`
 * distinct ones are counted as `other`.
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
  const seen = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'other';
    if (seen.has(name)) return name;
    if (seen.size >= maxNames) return 'other';
    seen.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      return {
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
