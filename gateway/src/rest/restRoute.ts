import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from '@gitforge/logging';
import { PayloadTooLargeError, readBody, sendJson, type Route } from '@gitforge/server';
import type { GatewayContext } from '../GatewayContext';
import { RestError } from './RestError';

export interface RestDependencies {
  apollo: ApolloServer<GatewayContext>;
  createContext: (req: IncomingMessage) => Promise<GatewayContext>;
  /** False until the first supergraph is composed. */
  isServing: () => boolean;
  maxBodyBytes: number;
  logger: Logger;
}

export interface RestRequest {
  method: string;
  url: URL;
  /** The pattern's capture groups (e.g. the issue id). */
  params: string[];
  /** The JSON body (400 when it is not JSON, 413 when too large). */
  json(): Promise<unknown>;
  /** Runs a GraphQL operation through the gateway as the caller; the first error becomes a RestError. */
  execute<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface RestReply {
  status: number;
  body: unknown;
}

/** A REST route that translates to GraphQL operations and answers `{error: {code, message}}` on failure. */
export function restRoute(
  deps: RestDependencies,
  name: string,
  methods: string[],
  pattern: RegExp,
  handle: (request: RestRequest) => Promise<RestReply>,
): Route {
  return {
    name,
    methods,
    match: (pathname) => pattern.test(pathname),
    handle: async (req, res, url) => {
      try {
        const reply = await handleRest(deps, req, url, pattern, handle);
        sendJson(res, reply.status, reply.body);
      } catch (err) {
        sendRestError(deps.logger, res, err);
      }
    },
  };
}

async function handleRest(
  deps: RestDependencies,
  req: IncomingMessage,
  url: URL,
  pattern: RegExp,
  handle: (request: RestRequest) => Promise<RestReply>,
): Promise<RestReply> {
  if (!deps.isServing()) {
    throw new RestError(503, 'UPSTREAM_UNAVAILABLE', 'The gateway is waiting for its subgraphs');
  }
  const context = await deps.createContext(req);
  const params = (pattern.exec(url.pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  return handle({
    method: req.method ?? 'GET',
    url,
    params,
    json: () => readJson(req, deps.maxBodyBytes),
    execute: async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const response = await deps.apollo.executeOperation<T & Record<string, unknown>>(
        { query, variables },
        { contextValue: context },
      );
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const { data, errors } = response.body.singleResult;
      if (errors?.[0]) throw RestError.fromGraphQL(errors[0]);
      if (!data) throw new Error('GraphQL response without data');
      return data as T;
    },
  });
}

async function readJson(req: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, maxBodyBytes);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) {
      throw RestError.fromCode('PAYLOAD_TOO_LARGE', err.message);
    }
    throw err;
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw RestError.fromCode('BAD_USER_INPUT', 'Request body is not valid JSON');
  }
}

function sendRestError(logger: Logger, res: ServerResponse, err: unknown): void {
  let error: RestError;
  if (err instanceof RestError) {
    error = err;
  } else if (err instanceof GraphQLError && typeof err.extensions.code === 'string') {
    error = RestError.fromCode(err.extensions.code, err.message);
  } else {
    logger.error({ err }, 'REST request failed');
    error = RestError.fromCode('INTERNAL', 'Internal error');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, error.toJSON());
}
