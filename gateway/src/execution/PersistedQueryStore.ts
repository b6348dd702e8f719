import { createHash } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { BoundedLru, type BoundedLruLimits } from './BoundedLru';

/** Apollo Server prefixes the keys of its APQ cache with this (`APQ_CACHE_PREFIX`). */
const APQ_PREFIX = 'apq:';

/** Apollo Server's APQ request errors, which it sends (with HTTP 400) without a code. */
const APQ_REQUEST_ERRORS = new Set([
  'provided sha does not match query',
  'Unsupported persisted query version',
]);

/**
 * Gives Apollo's code-less APQ request errors BAD_REQUEST, so they reach the client as Apollo
 * words them (400) instead of being masked and logged as internal errors.
 */
export function withApqRequestCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (!APQ_REQUEST_ERRORS.has(formatted.message)) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The automatic-persisted-query store (hash → query text), bounded, shared by the fast path and
 * Apollo Server (given to it as `persistedQueries.cache`, a `KeyValueCache`), so a query
 * registered through either is found by both.
 */
export class PersistedQueryStore {
  private readonly entries: BoundedLru<string>;

  constructor(limits: BoundedLruLimits) {
    this.entries = new BoundedLru(limits);
  }

  /** The registered query text of an APQ hash. */
  query(sha256Hash: string): string | undefined {
    return this.entries.get(APQ_PREFIX + sha256Hash);
  }

  register(sha256Hash: string, query: string): void {
    this.entries.set(APQ_PREFIX + sha256Hash, query, query.length * 2 + 128);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The `KeyValueCache` Apollo Server reads and writes (keys already prefixed by it). */
  readonly keyValueCache = {
    get: async (key: string): Promise<string | undefined> => this.entries.get(key),
    set: async (key: string, value: string): Promise<void> => {
      this.entries.set(key, value, value.length * 2 + 128);
    },
    delete: async (key: string): Promise<boolean> => {
      this.entries.delete(key);
      return true;
    },
  };
}
