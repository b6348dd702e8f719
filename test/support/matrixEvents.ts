import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { encodeEventCursor } from '../../subgraphs/issues/src/services/eventCursor';

/**
 * `issueEvents` over graphql-ws through the gateway, as an application subscribes: one
 * WebSocket per viewer, one subscription per repository, every result kept.
 */

const ISSUE_EVENTS = `subscription ($r: String!, $after: String) {
  issueEvents(repository: $r, after: $after) { id cursor action issue { title } }
}`;

export interface EventWatch {
  /** Issue titles of the events received, in order. */
  titles(): string[];
  /** The `extensions.code` of the error that ended it (or `closed:<code>`), if any. */
  errorCode(): string | undefined;
  ended(): boolean;
  stop(): void;
}

export interface EventConnection {
  /**
   * Subscribes to `repository`'s events from its first one (a cursor before sequence 1), so the
   * events committed before the subscription reached the issues subgraph are replayed: receiving
   * one needs no race with the feed being opened.
   */
  watch(repository: string, fromStart?: boolean): EventWatch;
  close(): Promise<void>;
}

/** `graphqlUrl`: the gateway's GraphQL endpoint (its WebSocket is on the same path). */
export function connectEvents(graphqlUrl: string, token?: string): EventConnection {
  const client: Client = createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
  });
  const watches: EventWatch[] = [];
  return {
    watch(repository, fromStart = true) {
      const results: any[] = [];
      let ended = false;
      const variables: Record<string, unknown> = { r: repository };
      if (fromStart) variables.after = encodeEventCursor(repository, 0);
      const stop = client.subscribe(
        { query: ISSUE_EVENTS, variables },
        {
          next: (value) => results.push(value),
          error: (error) => {
            results.push({ error });
            ended = true;
          },
          complete: () => (ended = true),
        },
      );
      const watch: EventWatch = {
        titles: () =>
          results
            .filter((r) => r?.data?.issueEvents)
            .map((r) => r.data.issueEvents.issue?.title as string),
        errorCode: () => errorCodeOf(results),
        ended: () => ended,
        stop,
      };
      watches.push(watch);
      return watch;
    },
    async close() {
      for (const w of watches) w.stop();
      await client.dispose();
    },
  };
}

/** The first `extensions.code` among a subscription's errors (error message or errored result). */
function errorCodeOf(results: any[]): string | undefined {
  for (const r of results) {
    const errors = Array.isArray(r?.error) ? r.error : r?.errors;
    const code = errors?.[0]?.extensions?.code;
    if (code) return code;
    if (r?.error && !Array.isArray(r.error)) {
      const e = r.error as { code?: number; reason?: string; message?: string; type?: string };
      return `closed:${e.code ?? ''} ${e.reason ?? e.message ?? e.type ?? ''}`.trim();
    }
  }
  return undefined;
}

/** Waits for `check`, polling; false when `timeoutMs` passed first. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/**
 * What a watch shows once it has an event or an end: OK (events, no error), the error code (no
 * event), `EVENTS then <code>` (an event leaked before the refusal), or NO EVENT (neither).
 */
export async function watchOutcome(watch: EventWatch, timeoutMs = 15_000): Promise<string> {
  await waitFor(() => watch.titles().length > 0 || watch.ended(), timeoutMs);
  const code = watch.errorCode();
  const events = watch.titles().length;
  if (events > 0) return code ? `EVENTS then ${code}` : 'OK';
  if (code) return code;
  return watch.ended() ? 'COMPLETED without events' : 'NO EVENT';
}
