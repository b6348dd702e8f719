import {
  BREAK,
  getOperationAST,
  Kind,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** An operation of a prepared document, with what executors may attach to it (compiled code). */
export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Set by the executor the first time it runs the operation. */
  compiled?: unknown;
}

/** A document the fast path runs: parsed and valid for the schema, no introspection. */
export interface PreparedDocument {
  document: DocumentNode;
  /** Resolved operation per operation name asked for ('' for none); null: not runnable here. */
  operations: Map<string, PreparedOperation | null>;
}

export interface PreparedDocumentsLimits {
  /** Most documents kept (default 1,000). */
  maxEntries?: number;
  /** Most approximate bytes kept (default 32 MiB). */
  maxBytes?: number;
}

/** AST and validation weigh several times the query text; a rough, conservative factor. */
const BYTES_PER_QUERY_CHAR = 48;
const LEFT_TO_APOLLO = null;

interface Slot {
  value: PreparedDocument | null;
  bytes: number;
}

/**
 * Parse and validation per query text for one schema, bounded (LRU by entries and approximate
 * bytes). The text is the key: it is what a hash of it would identify, without hashing it.
 * Documents Apollo Server has to answer (parse or validation errors, introspection, incremental
 * delivery, subscriptions) are remembered as such, so they cost one lookup.
 */
export class PreparedDocuments {
  private readonly slots = new Map<string, Slot>();
  private totalBytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(
    private readonly schema: GraphQLSchema,
    limits: PreparedDocumentsLimits = {},
  ) {
    this.maxEntries = limits.maxEntries ?? 1_000;
    this.maxBytes = limits.maxBytes ?? 32 * 1024 * 1024;
  }

  get size(): number {
    return this.slots.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The operation to execute, or undefined when Apollo Server must answer. */
  operation(query: string, operationName: string | undefined): PreparedOperation | undefined {
    const prepared = this.document(query);
    if (!prepared) return undefined;
    const name = operationName ?? '';
    let operation = prepared.operations.get(name);
    if (operation === undefined) {
      // A handful of names per document at most; each is a resolved operation or a refusal.
      const found = getOperationAST(prepared.document, operationName);
      operation =
        found && found.operation !== OperationTypeNode.SUBSCRIPTION
          ? { document: prepared.document, operation: found }
          : null;
      if (prepared.operations.size < 16) prepared.operations.set(name, operation);
    }
    return operation ?? undefined;
  }

  private document(query: string): PreparedDocument | null {
    const slot = this.slots.get(query);
    if (slot) {
      // Most recently used last: Map keeps insertion order, so the first key is the oldest.
      this.slots.delete(query);
      this.slots.set(query, slot);
      return slot.value;
    }
    const value = this.prepare(query);
    this.remember(query, value, query.length * BYTES_PER_QUERY_CHAR + 512);
    return value;
  }

  private prepare(query: string): PreparedDocument | null {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return LEFT_TO_APOLLO;
    }
    if (needsApollo(document)) return LEFT_TO_APOLLO;
    if (validate(this.schema, document, specifiedRules).length > 0) return LEFT_TO_APOLLO;
    return { document, operations: new Map() };
  }

  private remember(query: string, value: PreparedDocument | null, bytes: number): void {
    if (bytes > this.maxBytes || this.maxEntries < 1) return;
    this.slots.set(query, { value, bytes });
    this.totalBytes += bytes;
    while (this.slots.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.slots.keys().next().value as string;
      this.totalBytes -= this.slots.get(oldest)!.bytes;
      this.slots.delete(oldest);
    }
  }
}

/**
 * Introspection (Apollo refuses it when turned off), incremental delivery and anything but
 * operations and fragments stay on Apollo Server: the subgraphs' and the gateway's fast paths
 * leave such documents to it.
 */
export function needsApollo(document: DocumentNode): boolean {
  if (
    document.definitions.some(
      (d) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION,
    )
  ) {
    return true;
  }
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
    Directive(node) {
      if (node.name.value === 'defer' || node.name.value === 'stream') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
