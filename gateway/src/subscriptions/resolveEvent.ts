import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { gitforgeError, maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { GatewayContext } from '../GatewayContext';
import { withoutHttpHint } from '../http/formattedError';
import { executePlan } from './apolloFederationInternals';
import type { FeedEvent } from './Feed';
import type { SubscriptionPlan } from './SubscriptionPlanner';

export interface EventResolution {
  plan: SubscriptionPlan;
  event: FeedEvent;
  document: SubscriptionRequestLike['document'];
  operationName?: string;
  variables: Record<string, unknown>;
  /** Entity fetches run with this context (its Authorization, or none for public data). */
  context: GatewayContext;
  dataSources: Readonly<Record<string, GraphQLDataSource>>;
  logger: Logger;
}

interface SubscriptionRequestLike {
  document: Parameters<typeof executePlan>[0]['document'];
}

/**
 * One event → one complete result for one audience: the plan `Sequence [primary, rest]` runs
 * through the gateway's own `executeQueryPlan`, with the primary subgraph's data source
 * answering with (a copy of) the event. Never rejects: failures become errors on the event.
 */
export async function resolveEvent(r: EventResolution): Promise<FormattedExecutionResult> {
  const { plan, event, logger } = r;
  if (event.result.data == null) {
    return { data: null, errors: [{ message: 'The subgraph sent an event without data' }] };
  }
  try {
    const services = Object.create(r.dataSources) as Record<string, GraphQLDataSource>;
    // Plan execution writes into the primary's response: each audience gets its own copy.
    services[plan.primary.serviceName] = {
      process: async () => structuredClone(event.result),
    };
    const result = await executePlan({
      node: plan.perEvent,
      services,
      operationContext: plan.operationContext,
      schema: plan.supergraph.schema,
      apiSchema: plan.supergraph.apiSchema,
      supergraphSchema: plan.supergraph.supergraphSchema,
      document: r.document,
      variables: r.variables,
      operationName: r.operationName,
      context: r.context,
      logger,
    });
    const errors = formatErrors(result.errors, logger);
    return errors ? { data: result.data ?? null, errors } : { data: result.data ?? null };
  } catch (err) {
    return { data: null, errors: formatErrors([err], logger) };
  }
}

/** Errors in their wire shape, internal ones masked (and logged). */
export function formatErrors(
  errors: readonly unknown[] | undefined,
  logger: Logger,
): GraphQLFormattedError[] | undefined {
  if (!errors || errors.length === 0) return undefined;
  return errors.map((err) => {
    const error =
      err instanceof GraphQLError
        ? err
        : gitforgeError(
            'INTERNAL',
            err instanceof Error ? err.message : String(err),
            {},
            { originalError: err instanceof Error ? err : undefined },
          );
    return withoutHttpHint(
      maskError(error.toJSON(), error, (cause) =>
        logger.error({ err: cause }, 'internal error in a subscription event'),
      ),
    );
  });
}
