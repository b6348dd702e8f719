import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import { setOperationName } from '@gitforge/logging';
import { boundedOperationNames } from '@gitforge/server';

export type OperationOutcome = 'success' | 'error' | 'rejected';

/** `graphql_operations_total`, shared by Apollo Server's pipeline and the fast path. */
export interface OperationMetrics {
  /** The bounded label of a client-chosen operation name. */
  label(operationName: string | null | undefined): string;
  record(operationType: string, label: string, outcome: OperationOutcome): void;
}

/**
 * `graphql_operations_total{operation_type,operation_name,outcome}`. Operation names come from
 * clients, so the label stays bounded: malformed names and any beyond the first `maxNames`
 * distinct ones are counted as `other`. The same bounded name goes on the request's log lines.
 */
export function createOperationMetrics(registry: Registry, maxNames = 200): OperationMetrics {
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by type, name and outcome (success, error, rejected)',
    labelNames: ['operation_type', 'operation_name', 'outcome'],
    registers: [registry],
  });
  const label = boundedOperationNames(maxNames);
  return {
    label: (operationName) => label(operationName ?? null),
    record: (operationType, operationName, outcome) =>
      operations.inc({ operation_type: operationType, operation_name: operationName, outcome }),
  };
}

/** Counts Apollo Server's operations (and names the request's log lines). */
export function operationMetricsPlugin<TContext extends BaseContext>(
  metrics: OperationMetrics,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          setOperationName(metrics.label(operationName));
        },
        async willSendResponse({ operation, operationName, response }) {
          const errors =
            response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          metrics.record(
            operation?.operation ?? 'unknown',
            operation ? metrics.label(operationName) : 'none',
            !operation ? 'rejected' : errors?.length ? 'error' : 'success',
          );
        },
      };
    },
  };
}
