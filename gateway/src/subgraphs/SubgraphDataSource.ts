import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { currentRequestId, REQUEST_ID_HEADER, type Logger } from '@gitforge/logging';
import { spreadEntityFetchErrors } from '../planning/spreadEntityFetchErrors';
import { rewriteSubgraphRequest } from '../planning/syntheticRequiredFields';
import type { GatewayContext } from '../GatewayContext';
import { BufferedResponse, type Fetcher } from './BufferedResponse';
import { describeUpstreamFailure, toUpstreamError } from './toUpstreamError';

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0];

/**
 * Calls one subgraph through the shared undici client, forwarding the caller's identity and
 * request id, and turning transport failures into coded errors.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string,
    fetcher: Fetcher,
    private readonly logger: Logger,
  ) {
    super({ url });
    this.fetcher = acceptGraphQLErrorStatus(fetcher);
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Required fields with arguments, separated in the supergraph (gateway/src/planning).
    rewriteSubgraphRequest(options.request);
    const headers = options.request.http?.headers;
    if (!headers) return;
    const context = options.context as Partial<GatewayContext>;
    if (context.authorization) headers.set('authorization', context.authorization);
    // The repository subgraph rate-limits failed logins per client, not per gateway.
    if (context.forwardedFor) headers.set('x-forwarded-for', context.forwardedFor);
    const requestId = context.requestId ?? currentRequestId();
    if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
    headers.set('accept', 'application/graphql-response+json, application/json;q=0.9');
  }

  override didReceiveResponse({
    response,
    request,
  }: ReceivedResponse): ReceivedResponse['response'] {
    // A subgraph's `http` hint is for its own HTTP response, not for the gateway's.
    if (response.errors) {
      for (const error of response.errors) {
        const extensions = error.extensions;
        if (extensions && 'http' in extensions) delete extensions.http;
      }
      spreadEntityFetchErrors(request, response);
    }
    return response;
  }

  override didEncounterError(error: Error): never {
    const mapped = toUpstreamError(this.subgraph, error);
    this.logger.warn(
      {
        subgraph: this.subgraph,
        code: mapped.extensions.code,
        cause: describeUpstreamFailure(error),
      },
      'subgraph call failed',
    );
    throw mapped;
  }
}

/**
 * GraphQL-over-HTTP lets a server answer a well-formed request with 4xx and a GraphQL body
 * (`application/graphql-response+json`); such a body is a result with errors, not a failure.
 */
function acceptGraphQLErrorStatus(fetcher: Fetcher): Fetcher {
  return async (url, init) => {
    const response = await fetcher(url, init);
    if (response.ok || response.status >= 500 || !(response instanceof BufferedResponse)) {
      return response;
    }
    if (!/json/i.test(response.headers.get('content-type') ?? '')) return response;
    try {
      const body = (await response.clone().json()) as Record<string, unknown> | null;
      if (body && typeof body === 'object' && Array.isArray(body.errors)) {
        return response.withStatus(200);
      }
    } catch {
      // Not JSON after all: let the data source report it.
    }
    return response;
  };
}
