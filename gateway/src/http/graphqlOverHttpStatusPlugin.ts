import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/** The media type Apollo Server will answer with, negotiated the way it does. */
export function negotiatedResponseType(accept: string | undefined): string | undefined {
  if (!accept) return JSON_TYPE;
  return new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE]);
}

/**
 * HTTP statuses per the GraphQL-over-HTTP spec (checked by graphql-http's audits):
 * - `application/json`: a well-formed request gets 200 even when the document does not parse,
 *   validate, or its variables do not coerce (legacy clients read errors from the body); a
 *   malformed request (BAD_REQUEST) keeps its 400;
 * - either type: a response carrying non-null `data` is 2xx.
 * `application/graphql-response+json` keeps Apollo's 4xx for request errors.
 */
export function graphqlOverHttpStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          const status = response.http.status;
          if (!request.http || status === undefined || status < 400) return;
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const hasData = body?.data !== undefined && body.data !== null;
          // BAD_REQUEST marks a malformed GraphQL-over-HTTP request (e.g. a non-string query).
          const wellFormed = !body?.errors?.some((e) => e.extensions?.code === 'BAD_REQUEST');
          const type = negotiatedResponseType(request.http.headers.get('accept'));
          if (hasData || (type === JSON_TYPE && status === 400 && wellFormed)) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
