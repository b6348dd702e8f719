import type { IncomingMessage, ServerResponse } from 'node:http';
import { executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import { getVariableValues } from 'graphql';
import { formattedError } from '../http/formattedError';
import type { OperationMetrics } from '../http/operationMetricsPlugin';
import type { GraphQLHttpRequest } from '../http/readGraphQLRequest';
import type { GatewayContext } from '../GatewayContext';
import type { OperationLimits } from '../limits/OperationLimits';
import { setOperationName } from '@gitforge/logging';
import {
  CachePolicy,
  formatErrors,
  responseTypeFor,
  writeResult,
  type FormatError,
  type ResponseHead,
} from './GraphQLResponseWriter';
import { NOT_IN_LIST_MESSAGE, type PersistedOperations } from './PersistedOperations';
import { sha256Hex, type PersistedQueryStore } from './PersistedQueryStore';
import type { PreparedOperation, PreparedOperations } from './PreparedOperations';

type RequestContext = Parameters<typeof executeQueryPlan>[2];

interface ApolloLikeLogger {
  debug(message?: unknown): void;
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

export interface FastGraphQLPathOptions {
  operations: PreparedOperations;
  limits: OperationLimits;
  metrics: OperationMetrics;
  formatError: FormatError;
  createContext: (req: IncomingMessage) => Promise<GatewayContext>;
  /** By subgraph name, as the gateway built them (`buildService`). */
  dataSources: Record<string, GraphQLDataSource>;
  logger: ApolloLikeLogger;
  /** The APQ store Apollo Server also uses; undefined when APQ is off (Apollo answers). */
  persistedQueries?: PersistedQueryStore;
  /** When set, only these operations are served (the production allow-list). */
  allowList?: PersistedOperations;
  /** Only enforce the allow-list; every request then goes to Apollo Server (fast path off). */
  allowListOnly?: boolean;
}

interface Execution {
  contentType: string;
  prepared: PreparedOperation;
  services: Record<string, GraphQLDataSource>;
  query: string;
  queryHash: string;
  request: GraphQLHttpRequest;
  variables: Record<string, unknown>;
  context: GatewayContext;
  head: ResponseHead;
  label: string;
}

/** Handled: the response was written. Apollo: let Apollo Server answer (its exact behaviour). */
export type FastPathOutcome = 'handled' | 'apollo';

/**
 * Queries and mutations over HTTP without Apollo Server's per-request pipeline: the document's
 * parse, validation, cost, operation context and query plan come from `PreparedOperations`, the
 * plan runs through `@apollo/gateway`'s `executeQueryPlan`, and the response is written as Apollo
 * Server would write it. Everything unusual (every request error, introspection, subscriptions,
 * unknown APQ hashes, refused limits) is left to Apollo Server, so those answers are its own.
 */
export class FastGraphQLPath {
  /** Requests answered here and requests left to Apollo Server (for tests and diagnosis). */
  readonly counts = { handled: 0, apollo: 0 };

  constructor(private readonly options: FastGraphQLPathOptions) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    request: GraphQLHttpRequest,
  ): Promise<FastPathOutcome> {
    const outcome = await this.serve(req, res, request);
    this.counts[outcome] += 1;
    return outcome;
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    request: GraphQLHttpRequest,
  ): Promise<FastPathOutcome> {
    const { options } = this;
    const persisted = request.extensions?.persistedQuery as
      { version?: unknown; sha256Hash?: unknown } | undefined;
    let query = request.query;
    if (options.allowList) {
      if (query !== undefined) {
        if (!options.allowList.allows(query)) return this.refuse(req, res);
      } else if (persisted && typeof persisted.sha256Hash === 'string') {
        query = options.allowList.bodyOf(persisted.sha256Hash);
        // Should Apollo Server answer, it gets the listed body (it knows no manifest ids).
        request.listedQuery = query;
      }
      if (query === undefined || options.allowListOnly) return 'apollo';
    }
    let queryHash: string;
    let register = false;
    if (persisted !== undefined) {
      const store = options.persistedQueries;
      if (!store || typeof persisted !== 'object' || persisted === null) return 'apollo';
      if (persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return 'apollo';
      queryHash = persisted.sha256Hash;
      if (request.query !== undefined) {
        if (sha256Hex(request.query) !== queryHash) return 'apollo';
        register = true;
      } else {
        query ??= store.query(queryHash);
        if (query === undefined) return 'apollo';
      }
    } else {
      if (query === undefined) return 'apollo';
      queryHash = sha256Hex(query);
    }
    if (query === undefined) return 'apollo';
    const contentType = responseTypeFor(req.headers.accept);
    if (!contentType) return 'apollo';
    const prepared = options.operations.get(queryHash, query, request.operationName);
    // The subgraphs as the plan knows them: a reload during the request does not move its fetches.
    const services = { ...options.dataSources };
    if (!prepared?.fast) return 'apollo';
    if (request.method === 'GET' && prepared.type !== 'query') return 'apollo';
    const variables = request.variables ?? {};
    let cost = prepared.fixedCost;
    if (cost === undefined) {
      const coerced = getVariableValues(
        prepared.schema,
        prepared.operation.variableDefinitions ?? [],
        variables,
      );
      if (coerced.errors) return 'apollo';
      try {
        cost = options.limits.check(
          prepared.schema,
          prepared.document,
          prepared.operation,
          variables,
        );
      } catch {
        return 'apollo';
      }
    }
    let context: GatewayContext;
    try {
      context = await options.createContext(req);
    } catch {
      return 'apollo';
    }
    const label = options.metrics.label(prepared.operationName);
    setOperationName(label);
    const head: ResponseHead = { headers: new Map() };
    try {
      await options.limits.charge(cost, context);
    } catch (err) {
      const errors = formatErrors([err], options.formatError, head);
      writeResult(res, contentType, { errors }, head, undefined, 500);
      options.metrics.record(prepared.type, label, 'error');
      return 'handled';
    }
    if (register) options.persistedQueries?.register(queryHash, query);
    await this.execute(res, {
      contentType,
      prepared,
      services,
      query,
      queryHash,
      request,
      variables,
      context,
      head,
      label,
    });
    return 'handled';
  }

  private async execute(res: ServerResponse, execution: Execution): Promise<void> {
    const { contentType, prepared, services, query, queryHash, request, variables, context } =
      execution;
    const { head, label } = execution;
    const { options } = this;
    const cachePolicy = new CachePolicy();
    const requestContext = {
      request: {
        query,
        operationName: request.operationName,
        variables,
        extensions: request.extensions,
      },
      context,
      logger: options.logger,
      metrics: {},
      cache: undefined,
      document: prepared.document,
      source: query,
      queryHash,
      operation: prepared.operation,
      operationName: prepared.operationName,
      schema: prepared.schema,
      overallCachePolicy: cachePolicy,
    } as unknown as RequestContext;
    let result: Awaited<ReturnType<typeof executeQueryPlan>>;
    try {
      result = await executeQueryPlan(
        prepared.queryPlan,
        services,
        requestContext,
        prepared.operationContext,
        prepared.supergraph.supergraphSchema,
        prepared.supergraph.apiSchema,
      );
    } catch (err) {
      const errors = formatErrors([err], options.formatError, head);
      writeResult(res, contentType, { errors }, head, cachePolicy, 500);
      options.metrics.record(prepared.type, label, 'error');
      return;
    }
    const errors = result.errors?.length
      ? formatErrors(result.errors, options.formatError, head)
      : undefined;
    writeResult(
      res,
      contentType,
      { data: result.data, errors, extensions: result.extensions },
      head,
      cachePolicy,
    );
    options.metrics.record(prepared.type, label, errors ? 'error' : 'success');
  }

  /** An operation outside the allow-list: a typed refusal, before anything else is done. */
  private refuse(req: IncomingMessage, res: ServerResponse): FastPathOutcome {
    const contentType = responseTypeFor(req.headers.accept) ?? 'application/json; charset=utf-8';
    const errors = [formattedError('PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST_MESSAGE)];
    writeResult(res, contentType, { errors }, { status: 400, headers: new Map() }, undefined);
    this.options.metrics.record('unknown', 'none', 'rejected');
    return 'handled';
  }
}
