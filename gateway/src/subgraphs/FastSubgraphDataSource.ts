import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../GatewayContext';
import { BufferedResponse, type FetcherResponse } from './BufferedResponse';
import { SubgraphDataSource } from './SubgraphDataSource';

type ProcessResult = Awaited<ReturnType<SubgraphDataSource['process']>>;
type Received = Parameters<NonNullable<SubgraphDataSource['didReceiveResponse']>>[0];
type DidEncounterError = (error: Error, ...rest: unknown[]) => void;
type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
/** `GraphQLDataSourceRequestKind.INCOMING_OPERATION` (the enum is not exported). */
type IncomingOptions = Extract<ProcessOptions, { incomingRequestContext: unknown }>;
const INCOMING_OPERATION = 'incoming operation';

/** The `Headers` subset `willSendRequest` uses, over a plain object (no node-fetch Headers). */
class PlainHeaders {
  readonly values: Record<string, string> = { 'content-type': 'application/json' };
  set(name: string, value: string): void {
    this.values[name.toLowerCase()] = value;
  }
  get(name: string): string | null {
    return this.values[name.toLowerCase()] ?? null;
  }
  has(name: string): boolean {
    return name.toLowerCase() in this.values;
  }
  delete(name: string): void {
    delete this.values[name.toLowerCase()];
  }
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    yield* Object.entries(this.values);
  }
}

/**
 * `RemoteGraphQLDataSource.process` for incoming operations without its per-call node-fetch
 * `Request` and `Headers` (the same hooks, errors, body and cache-control hint), and with
 * in-flight deduplication: while an identical subgraph call of an anonymous query from the same
 * client address is under way, a second one waits for its answer instead of sending another
 * (each caller parses its own copy of the body). A signed-in viewer, a mutation or a
 * subscription event never shares a call; nothing is kept once the call is answered.
 */
export class FastSubgraphDataSource extends SubgraphDataSource {
  private readonly inFlight = new Map<string, Promise<FetcherResponse>>();
  /** Calls answered by another caller's identical call (for tests and diagnosis). */
  shared = 0;
  dedupe = true;

  override async process(processOptions: ProcessOptions): Promise<ProcessResult> {
    if ((processOptions.kind as string) !== INCOMING_OPERATION) {
      return super.process(processOptions);
    }
    const options = processOptions as IncomingOptions;
    const { request, context } = options;
    const headers = new PlainHeaders();
    request.http = { method: 'POST', url: this.url, headers: headers as never };
    await Promise.resolve(this.willSendRequest(options));
    if (!request.query) throw new Error('Missing query');
    const { query, http: _http, ...rest } = request;
    const body = JSON.stringify({ query, ...rest });
    const init = { method: 'POST', headers: headers.values, body };
    let response: FetcherResponse | undefined;
    try {
      const incoming: string | undefined = options.incomingRequestContext.operation?.operation;
      const shareable =
        this.dedupe && incoming === 'query' && !(context as Partial<GatewayContext>).authorization;
      response = await (shareable
        ? this.sharedFetch(`${headers.values['x-forwarded-for'] ?? ''}\n${body}`, init)
        : this.fetcher(this.url, init));
      if (!response.ok) throw await this.errorFromResponse(response);
      const type = headerOf(response, 'content-type');
      const parsed: unknown =
        type &&
        (type.startsWith('application/json') ||
          type.startsWith('application/graphql-response+json'))
          ? await response.json()
          : await response.text();
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
      }
      const received = { ...(parsed as ProcessResult), http: response } as ProcessResult;
      const processed = this.didReceiveResponse({
        response: received,
        request,
        context,
      } as Received);
      this.restrictCachePolicy(options, response);
      return processed;
    } catch (error) {
      (this.didEncounterError as DidEncounterError)(error as Error, undefined, response, context);
      throw error;
    }
  }

  private sharedFetch(
    key: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ): Promise<FetcherResponse> {
    const pending = this.inFlight.get(key);
    if (pending) {
      this.shared += 1;
      return pending;
    }
    const call = this.fetcher(this.url, init).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }

  /** As `RemoteGraphQLDataSource.respond`: each subgraph answer's cache-control restricts the policy. */
  private restrictCachePolicy(options: IncomingOptions, response: FetcherResponse): void {
    const policy = options.incomingRequestContext.overallCachePolicy as
      { restrict?: (hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }) => void } | undefined;
    if (!this.honorSubgraphCacheControlHeader || !policy?.restrict) return;
    const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: 0 };
    const header = headerOf(response, 'cache-control');
    if (header) {
      for (const part of header.trim().split(/\s*,\s*/)) {
        const [key, value] = part.split(/\s*=\s*/, 2);
        const v = value?.replace(/^"|"$/g, '');
        if (key === 'max-age' && v !== undefined && /^[0-9]+$/.test(v)) hint.maxAge = Number(v);
        if (key === 'private' && v === undefined) hint.scope = 'PRIVATE';
        if (key === 'public' && v === undefined) hint.scope = 'PUBLIC';
      }
    }
    policy.restrict(hint);
  }
}

function headerOf(response: FetcherResponse, name: string): string | null {
  return response instanceof BufferedResponse ? response.header(name) : response.headers.get(name);
}
