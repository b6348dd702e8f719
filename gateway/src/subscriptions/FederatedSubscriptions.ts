import type { GraphQLDataSource } from '@apollo/gateway';
import {
  GraphQLError,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { gitforgeError, maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { AsyncQueue } from '@gitforge/pubsub';
import type { GatewayContext } from '../GatewayContext';
import { formattedError, withoutHttpHint } from '../http/formattedError';
import { executePlan } from './apolloFederationInternals';
import { coalescingDataSources } from './coalescingDataSources';
import type { SubscriptionMetrics } from './subscriptionMetrics';
import type { SubscriptionPlan, SubscriptionPlanner } from './SubscriptionPlanner';
import type { UpstreamSubscriptions } from './UpstreamSubscriptions';

export interface FederatedSubscriptionsOptions {
  planner: SubscriptionPlanner;
  upstream: UpstreamSubscriptions;
  /** The gateway's subgraph data sources by name (entity fetches go through them). */
  dataSources: Readonly<Record<string, GraphQLDataSource>>;
  metrics: SubscriptionMetrics;
  logger: Logger;
  /** Results waiting for one slow client before its subscription ends; default 1,000. */
  highWaterMark?: number;
}

export interface SubscriptionRequest {
  /** Validated against the gateway's API schema. */
  document: DocumentNode;
  operationName?: string;
  /** As the client sent them (already checked to coerce); defaults are applied downstream. */
  variables: Record<string, unknown>;
  context: GatewayContext;
}

/**
 * Executes subscriptions across the federation. The query planner's plan for a subscription is
 * `primary` (a subscription on the subgraph owning the root field) and `rest` (entity fetches
 * to other subgraphs). `primary` is started over graphql-ws; each event then runs the plan
 * `Sequence [primary, rest]` through the gateway's own `executeQueryPlan`, with the primary
 * subgraph's data source answering with the event instead of calling out. So the other
 * subgraphs' fields, aliases, fragments, `@include`/`@skip` and `__typename` are resolved
 * exactly as for a query, and each event reaches the client as one complete result.
 */
export class FederatedSubscriptions {
  private readonly delivery = new WeakMap<object, { field: string; receivedAt: bigint }>();
  private readonly dataSources: Readonly<Record<string, GraphQLDataSource>>;

  constructor(private readonly options: FederatedSubscriptionsOptions) {
    this.dataSources = coalescingDataSources(options.dataSources);
  }

  async subscribe(
    request: SubscriptionRequest,
  ): Promise<AsyncQueue<FormattedExecutionResult> | FormattedExecutionResult> {
    const { planner, upstream, metrics } = this.options;
    let plan: SubscriptionPlan;
    try {
      plan = planner.plan(request.document, request.operationName);
    } catch (err) {
      return { errors: this.format([err]) };
    }
    const { primary, rootField: field } = plan;
    const url = plan.supergraph.subgraphUrls.get(primary.serviceName);
    if (!url) {
      return { errors: [unavailable(primary.serviceName, 'Unknown subgraph')] };
    }
    const variables: Record<string, unknown> = {};
    for (const name of primary.variableUsages ?? []) {
      if (request.variables[name] !== undefined) variables[name] = request.variables[name];
    }

    metrics.active.inc({ field });
    const results = new AsyncQueue<FormattedExecutionResult>({
      highWaterMark: this.options.highWaterMark ?? 1000,
      overflowError: () =>
        gitforgeError(
          'RATE_LIMITED',
          'The client reads events too slowly; the subscription was ended',
        ),
      // Runs only once the stream is handed out, so after `stop` below is set.
      onClose: () => {
        stop();
        metrics.active.dec({ field });
      },
    });
    const stop = upstream.subscribe(
      { name: primary.serviceName, url },
      request.context.authorization,
      { query: primary.operation, variables, operationName: primary.operationName },
      {
        next: (event) => {
          const receivedAt = process.hrtime.bigint();
          results.push(
            this.resolveEvent(plan, event, request).then((result) => {
              this.delivery.set(result, { field, receivedAt });
              return result;
            }),
          );
        },
        interrupted: (error) => {
          metrics.interruptions.inc({ subgraph: primary.serviceName });
          results.push({ data: null, errors: [error] });
        },
        error: (errors) => {
          results.push({ data: null, errors: errors.map(withoutHttpHint) });
          results.end();
        },
        complete: () => results.end(),
      },
    );
    return results;
  }

  /** Call when `result` is handed to the client's socket: counts it and its latency. */
  delivered(result: object): void {
    const entry = this.delivery.get(result);
    if (!entry) return;
    this.delivery.delete(result);
    const { metrics } = this.options;
    metrics.delivered.inc({ field: entry.field });
    metrics.deliveryLatency.observe(
      { field: entry.field },
      Number(process.hrtime.bigint() - entry.receivedAt) / 1e9,
    );
  }

  /** One event → one complete result; never rejects (failures become errors on the event). */
  private async resolveEvent(
    plan: SubscriptionPlan,
    event: FormattedExecutionResult,
    request: SubscriptionRequest,
  ): Promise<FormattedExecutionResult> {
    if (event.data == null) {
      return {
        data: null,
        errors: (event.errors ?? [{ message: 'The subgraph sent an event without data' }]).map(
          (e) =>
            withoutHttpHint({
              ...e,
              extensions: { ...e.extensions, serviceName: plan.primary.serviceName },
            }),
        ),
      };
    }
    try {
      const services: Record<string, GraphQLDataSource> = Object.create(this.dataSources) as Record<
        string,
        GraphQLDataSource
      >;
      services[plan.primary.serviceName] = { process: async () => ({ ...event }) };
      const result = await executePlan({
        node: plan.perEvent,
        services,
        operationContext: plan.operationContext,
        schema: plan.supergraph.schema,
        apiSchema: plan.supergraph.apiSchema,
        supergraphSchema: plan.supergraph.supergraphSchema,
        document: request.document,
        variables: request.variables,
        operationName: request.operationName,
        context: request.context,
        logger: this.options.logger,
      });
      const errors = this.format(result.errors);
      return errors ? { data: result.data ?? null, errors } : { data: result.data ?? null };
    } catch (err) {
      return { data: null, errors: this.format([err]) };
    }
  }

  private format(errors: readonly unknown[] | undefined): GraphQLFormattedError[] | undefined {
    if (!errors || errors.length === 0) return undefined;
    const { logger } = this.options;
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
}

function unavailable(subgraph: string, message: string): GraphQLFormattedError {
  return formattedError('UPSTREAM_UNAVAILABLE', message, { subgraph });
}
