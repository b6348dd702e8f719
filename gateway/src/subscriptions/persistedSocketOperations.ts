import { GraphQLError } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { gitforgeError } from '@gitforge/errors';
import { NOT_IN_LIST_MESSAGE, type PersistedOperations } from '../execution/PersistedOperations';
import { sha256Hex, type PersistedQueryStore } from '../execution/PersistedQueryStore';

export interface PersistedSocketOptions {
  /** When set, only these operations are served (the production allow-list). */
  allowList?: PersistedOperations;
  /** The APQ store shared with HTTP; undefined when APQ is off. */
  persistedQueries?: PersistedQueryStore;
}

/** The text a graphql-ws `subscribe` message runs, once the allow-list and APQ had their say. */
export interface SocketOperationText {
  query: string;
  /**
   * The extensions to hand on: without `persistedQuery` when the text came from the manifest or
   * the APQ store, so Apollo Server runs the text as it is.
   */
  extensions?: Record<string, unknown>;
  /** APQ hash the text was sent with and checked against: register it once admitted. */
  register?: string;
}

/**
 * The same rules as GraphQL over HTTP, for a graphql-ws `subscribe` message (subscriptions and
 * queries or mutations sent over the socket). graphql-ws requires `query` to be a string, so a
 * client naming an operation only by hash sends `query: ""` and
 * `extensions.persistedQuery.sha256Hash`.
 *
 * - Allow-list: a body must be listed (else PERSISTED_QUERY_NOT_IN_LIST, APQ does not get it in);
 *   a manifest id or sha256 of a listed body is served as that body, with or without the body
 *   (Apollo Client's persisted-queries link over a socket sends both).
 * - APQ (`version: 1`): a hash alone runs the registered text (else PERSISTED_QUERY_NOT_FOUND);
 *   a hash with its text is checked and registered, as Apollo Server does; APQ off:
 *   PERSISTED_QUERY_NOT_SUPPORTED.
 */
export function resolveSocketOperation(
  payload: SubscribePayload,
  options: PersistedSocketOptions,
): SocketOperationText | GraphQLError {
  const text = payload.query === '' ? undefined : payload.query;
  const extensions = payload.extensions ?? undefined;
  const persisted = extensions?.persistedQuery as
    { version?: unknown; sha256Hash?: unknown } | null | undefined;
  const hash =
    typeof persisted === 'object' && typeof persisted?.sha256Hash === 'string'
      ? persisted.sha256Hash
      : undefined;
  const { persistedQuery: _persisted, ...others } = extensions ?? {};
  const withoutPersisted = Object.keys(others).length > 0 ? others : undefined;

  const { allowList, persistedQueries } = options;
  if (allowList) {
    if (text !== undefined && !allowList.allows(text)) {
      return gitforgeError('PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST_MESSAGE);
    }
    const listed = hash === undefined ? undefined : allowList.bodyOf(hash);
    if (listed !== undefined && (text === undefined || text === listed)) {
      return { query: listed, extensions: withoutPersisted };
    }
  }
  if (persisted === undefined) {
    if (text === undefined) {
      return apolloError(
        'BAD_REQUEST',
        'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.',
      );
    }
    return { query: text, extensions };
  }
  if (!persistedQueries) {
    return apolloError('PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported');
  }
  if (persisted?.version !== 1) {
    return apolloError('BAD_REQUEST', 'Unsupported persisted query version');
  }
  if (text === undefined) {
    const registered = hash === undefined ? undefined : persistedQueries.query(hash);
    if (registered === undefined) {
      return apolloError('PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound');
    }
    if (allowList && !allowList.allows(registered)) {
      return gitforgeError('PERSISTED_QUERY_NOT_IN_LIST', NOT_IN_LIST_MESSAGE);
    }
    return { query: registered, extensions: withoutPersisted };
  }
  if (hash === undefined || sha256Hex(text) !== hash) {
    return apolloError('BAD_REQUEST', 'provided sha does not match query');
  }
  return { query: text, extensions, register: hash };
}

/** The APQ and request errors Apollo Server sends, with its codes and words. */
function apolloError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
