import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { sha256Hex } from './PersistedQueryStore';

/** What a client hears (PERSISTED_QUERY_NOT_IN_LIST) for an operation outside the list. */
export const NOT_IN_LIST_MESSAGE =
  'This gateway serves only its persisted operations, and this one is not among them';

/** Apollo's `persisted-query-manifest.json` (`@apollo/generate-persisted-query-manifest`). */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      body: z.string().min(1),
      name: z.string().optional(),
      type: z.enum(['query', 'mutation', 'subscription']).optional(),
    }),
  ),
});

/**
 * The operations a production gateway serves when arbitrary operations are refused: looked up
 * by manifest id (what Apollo Client's persisted-queries link sends as `sha256Hash` with
 * `generatePersistedQueryIdsFromManifest`) or by the exact body text.
 */
export class PersistedOperations {
  private readonly byId = new Map<string, string>();
  private readonly bodies = new Set<string>();

  constructor(operations: { id: string; body: string }[]) {
    for (const { id, body } of operations) {
      this.byId.set(id, body);
      this.bodies.add(body);
      // Clients that compute the hash themselves (createPersistedQueryLink with sha256) send it.
      this.byId.set(sha256Hex(body), body);
    }
  }

  /** Reads and checks a manifest; throws with the file and the problem. */
  static fromFile(path: string): PersistedOperations {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(
        `GATEWAY_PERSISTED_OPERATIONS: cannot read ${path}: ${(err as Error).message}`,
      );
    }
    const manifest = manifestSchema.safeParse(parsed);
    if (!manifest.success) {
      throw new Error(
        `GATEWAY_PERSISTED_OPERATIONS: ${path} is not an Apollo persisted-query manifest: ${manifest.error.message}`,
      );
    }
    return new PersistedOperations(manifest.data.operations);
  }

  get size(): number {
    return this.byId.size;
  }

  bodyOf(id: string): string | undefined {
    return this.byId.get(id);
  }

  allows(body: string): boolean {
    return this.bodies.has(body);
  }
}
