import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  execute,
  GraphQLError,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import Negotiator from 'negotiator';
import { setOperationName } from '@gitforge/logging';
import {
  PreparedDocuments,
  type PreparedDocumentsLimits,
  type PreparedOperation,
} from './PreparedDocuments';

export type FormatError = (
  formatted: GraphQLFormattedError,
  error: unknown,
) => GraphQLFormattedError;

export interface SubgraphFastPathOptions {
  schema: GraphQLSchema;
  /** The subgraph Apollo Server's `formatError`. */
  formatError: FormatError;
  /** The operation-name label of the Apollo Server's `operationNamePlugin` (same instance). */
  operationLabel: (name: string | null | undefined) => string;
  /** Apollo's `includeStacktraceInErrorResponses` as it resolved it. */
  includeStacktrace: boolean;
  cache?: PreparedDocumentsLimits;
  /**
   * `graphql-js`: its `execute`, as Apollo Server runs it. `graphql-jit`: each operation compiled
   * once into JavaScript (graphql-jit), falling back to `execute` where it cannot compile.
   */
  executor?: 'graphql-js' | 'graphql-jit';
}

/** graphql-jit could not compile the operation: graphql-js runs it. */
const NOT_COMPILED = Symbol('not compiled');

/** Handled: the response was written. Apollo: let Apollo Server answer (its exact behaviour). */
export type FastPathOutcome = 'handled' | 'apollo';

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const CALLBACK_TYPE = 'application/json; callbackSpec=1.0; charset=utf-8';
const JSON_ESSENCE = /^\s*application\/json\s*(;|$)/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Head {
  status?: number;
  headers: Map<string, string>;
}

/**
 * Plain POST queries and mutations (what the gateway sends, `_entities` and `_service` included)
 * without Apollo Server's per-request pipeline: parse and validation come from
 * `PreparedDocuments`, graphql-js `execute` runs with the route's context, and the answer is
 * written as Apollo Server writes it (its error normalisation and `formatError`, status from the
 * errors' `extensions.http`, `cache-control: no-store`, the negotiated content type, fields in
 * its order and its trailing newline). Everything else (GET, batches, persisted queries,
 * introspection, @defer, parse/validation/variable errors, a failing context) is left to Apollo.
 */
export class SubgraphFastPath {
  /** Requests answered here and requests left to Apollo Server (for tests and diagnosis). */
  readonly counts = { handled: 0, apollo: 0 };
  readonly documents: PreparedDocuments;
  private readonly negotiated = new Map<string, string | null>();

  constructor(private readonly options: SubgraphFastPathOptions) {
    this.documents = new PreparedDocuments(options.schema, options.cache);
  }

  async handle<TContext>(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    createContext: (req: IncomingMessage) => Promise<TContext>,
  ): Promise<FastPathOutcome> {
    const outcome = await this.serve(req, res, body, createContext);
    this.counts[outcome] += 1;
    return outcome;
  }

  private async serve<TContext>(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    createContext: (req: IncomingMessage) => Promise<TContext>,
  ): Promise<FastPathOutcome> {
    if (req.method !== 'POST' || !JSON_ESSENCE.test(req.headers['content-type'] ?? '')) {
      return 'apollo';
    }
    if (!isRecord(body)) return 'apollo';
    const { query, operationName, variables, extensions } = body;
    if (typeof query !== 'string' || query === '') return 'apollo';
    if (operationName !== undefined && operationName !== null) {
      if (typeof operationName !== 'string' || operationName === '') return 'apollo';
    }
    if (variables !== undefined && variables !== null && !isRecord(variables)) return 'apollo';
    if (extensions !== undefined && extensions !== null) {
      if (!isRecord(extensions) || 'persistedQuery' in extensions) return 'apollo';
    }
    const contentType = this.responseTypeFor(req.headers.accept);
    if (!contentType) return 'apollo';
    const prepared = this.documents.operation(query, operationName ?? undefined);
    if (!prepared) return 'apollo';
    let context: TContext;
    try {
      context = await createContext(req);
    } catch {
      // Apollo Server makes the context again and answers the failure its own way.
      return 'apollo';
    }
    setOperationName(this.options.operationLabel(prepared.operation.name?.value ?? null));
    let result: ExecutionResult;
    try {
      result = await this.execute(prepared, context, variables, operationName);
    } catch (err) {
      const head: Head = { headers: new Map() };
      const errors = this.formatErrors([ensureGraphQLError(err)], head);
      this.write(res, contentType, { errors }, head, 500);
      return 'handled';
    }
    // No data: refused before any resolver ran (variable coercion); Apollo answers those.
    if (result.data === undefined) return 'apollo';
    const head: Head = { headers: new Map() };
    const errors = result.errors?.length ? this.formatErrors(result.errors, head) : undefined;
    this.write(
      res,
      contentType,
      { errors, data: result.data, extensions: result.extensions },
      head,
    );
    return 'handled';
  }

  private async execute(
    prepared: PreparedOperation,
    contextValue: unknown,
    variableValues: Record<string, unknown> | null | undefined,
    operationName: string | null | undefined,
  ): Promise<ExecutionResult> {
    if (this.options.executor === 'graphql-jit') {
      prepared.compiled ??= this.compile(prepared, operationName);
      if (prepared.compiled !== NOT_COMPILED) {
        const compiled = prepared.compiled as CompiledQuery;
        const result = await compiled.query(undefined, contextValue, variableValues);
        return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
      }
    }
    return execute({
      schema: this.options.schema,
      document: prepared.document,
      contextValue,
      variableValues,
      operationName,
    });
  }

  private compile(
    prepared: PreparedOperation,
    operationName: string | null | undefined,
  ): CompiledQuery | typeof NOT_COMPILED {
    try {
      const compiled = compileQuery(
        this.options.schema,
        prepared.document,
        operationName ?? undefined,
      );
      return isCompiledQuery(compiled) ? compiled : NOT_COMPILED;
    } catch {
      return NOT_COMPILED;
    }
  }

  /** `chooseContentTypeForSingleResultResponse`; null where only Apollo answers (406, callbacks). */
  private responseTypeFor(accept: string | string[] | undefined): string | null {
    if (accept === undefined || accept === '') return JSON_TYPE;
    const value = Array.isArray(accept) ? accept.join(', ') : accept;
    const known = this.negotiated.get(value);
    if (known !== undefined) return known;
    const type =
      new Negotiator({ headers: { accept: value } }).mediaType([
        JSON_TYPE,
        GRAPHQL_RESPONSE_TYPE,
        CALLBACK_TYPE,
      ]) ?? null;
    const result = type === JSON_TYPE || type === GRAPHQL_RESPONSE_TYPE ? type : null;
    if (this.negotiated.size >= 256) this.negotiated.clear();
    this.negotiated.set(value, result);
    return result;
  }

  /** Apollo Server's `normalizeAndFormatErrors`, with the status and headers the errors carry. */
  private formatErrors(errors: readonly unknown[], head: Head): GraphQLFormattedError[] {
    const { formatError, includeStacktrace } = this.options;
    const enrich = (maybe: unknown): GraphQLFormattedError => {
      const error = ensureGraphQLError(maybe);
      const extensions: Record<string, unknown> = {
        ...error.extensions,
        code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
      };
      const http = extensions.http;
      if (isPartialHead(http)) {
        if (http.status) head.status = http.status;
        if (http.headers) for (const [k, v] of http.headers) head.headers.set(k.toLowerCase(), v);
        delete extensions.http;
      }
      if (includeStacktrace) extensions.stacktrace = error.stack?.split('\n');
      return { ...error.toJSON(), extensions };
    };
    return errors.map((error) => {
      try {
        return formatError(enrich(error), error);
      } catch (formattingError) {
        if (includeStacktrace) return enrich(formattingError);
        return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
    });
  }

  private write(
    res: ServerResponse,
    contentType: string,
    result: { errors?: GraphQLFormattedError[]; data?: unknown; extensions?: unknown },
    head: Head,
    defaultStatus?: number,
  ): void {
    // In the order Apollo's HeaderMap gives them to apolloRequestHandler.
    for (const [name, value] of head.headers) res.setHeader(name, value);
    if (!head.headers.has('cache-control')) res.setHeader('cache-control', 'no-store');
    if (!head.headers.has('content-type')) res.setHeader('content-type', contentType);
    res.statusCode = head.status ?? defaultStatus ?? 200;
    res.end(
      `${JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })}\n`,
    );
  }
}

/**
 * graphql-jit's errors leave `extensions` undefined when the thrown error has none, where
 * graphql-js has `{}`: the same error as graphql-js builds it (located as graphql-jit found it).
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (copy as { locations: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}

function ensureGraphQLError(maybe: unknown): GraphQLError {
  const error =
    maybe instanceof Error ? maybe : new GraphQLError(`Unexpected error value: ${String(maybe)}`);
  return error instanceof GraphQLError
    ? error
    : new GraphQLError(error.message, { originalError: error });
}

function isPartialHead(x: unknown): x is { status?: number; headers?: Map<string, string> } {
  return (
    !!x &&
    typeof x === 'object' &&
    (!('status' in x) || typeof x.status === 'number') &&
    (!('headers' in x) || x.headers instanceof Map)
  );
}
