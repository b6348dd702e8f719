import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLDataSource } from '@apollo/gateway';
import { gitforgeError } from '@gitforge/errors';
import type { GatewayContext } from '../GatewayContext';
import type { FeedPolicy } from './feedPolicy';

/** Attempts after the first for a call that got no answer, 100, 200 then 400 ms apart. */
const RETRIES = 3;
const RETRY_DELAY_MS = 100;

export interface Access {
  readable: boolean;
  public: boolean;
}

/**
 * Asks the subgraph owning a feed whether a viewer may read an audience (a repository) now, over
 * HTTP with the viewer's own Authorization, through the gateway's data source for that subgraph.
 * Identical questions in flight at once (same subgraph, audience and Authorization) are asked
 * once: a change for a repository re-asks for every subscriber at the same moment. Nothing is
 * remembered once answered. A failed call (after a few quick retries when it got no answer)
 * rejects: the caller fails closed.
 */
export class AccessChecks {
  private readonly inFlight = new Map<string, Promise<Access>>();

  constructor(private readonly dataSources: Readonly<Record<string, GraphQLDataSource>>) {}

  check(
    subgraph: string,
    policy: FeedPolicy,
    audience: string,
    context: GatewayContext,
  ): Promise<Access> {
    const key = `${subgraph}\n${audience}\n${context.authorization ?? ''}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(subgraph, policy, audience, context).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async ask(
    subgraph: string,
    policy: FeedPolicy,
    audience: string,
    context: GatewayContext,
  ): Promise<Access> {
    const source = this.dataSources[subgraph];
    if (!source) throw gitforgeError('UPSTREAM_UNAVAILABLE', `Unknown subgraph "${subgraph}"`);
    const query =
      `query GitforgeFeedAccess($audience: String!) { access: ${policy.accessQuery}` +
      `(${policy.audienceArgument}: $audience) { readable public } }`;
    const contextValue: GatewayContext = {
      viewer: context.viewer,
      ...(context.authorization ? { authorization: context.authorization } : {}),
      ...(context.requestId ? { requestId: context.requestId } : {}),
      ...(context.clientAddress ? { clientAddress: context.clientAddress } : {}),
    };
    const call = () =>
      source.process({
        kind: 'incoming operation',
        request: { query, variables: { audience } },
        context: contextValue,
        incomingRequestContext: { operation: { operation: 'query' }, context: contextValue },
      } as unknown as Parameters<GraphQLDataSource['process']>[0]);
    // A call that did not get an answer (a pooled connection to a subgraph that just restarted)
    // is tried again a few times; an answer, even an error, is final.
    let response: Awaited<ReturnType<typeof call>>;
    for (let attempt = 0; ; attempt += 1) {
      try {
        response = await call();
        break;
      } catch (err) {
        if (attempt >= RETRIES) throw err;
        await sleep(RETRY_DELAY_MS * 2 ** attempt);
      }
    }
    const access = (response.data as { access?: Partial<Access> } | null | undefined)?.access;
    if (response.errors?.length || typeof access?.readable !== 'boolean') {
      const first = response.errors?.[0];
      throw gitforgeError(
        'UPSTREAM_UNAVAILABLE',
        `The access check on subgraph "${subgraph}" failed${first ? `: ${first.message}` : ''}`,
        { subgraph },
      );
    }
    return { readable: access.readable, public: access.public === true };
  }
}
