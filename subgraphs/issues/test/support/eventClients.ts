import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestIssues } from '../startIssues';

/** graphql-ws clients of test issues servers, disposed together by `disposeAll`. */
export class EventClients {
  private readonly clients: Client[] = [];

  /** A connection as `login` (a session), with `raw` as the Authorization value, or anonymous. */
  connect(issues: TestIssues, who?: { login?: string; raw?: string }): Client {
    const client = createClient({
      url: issues.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      connectionParams: async () => {
        if (who?.raw) return { authorization: who.raw };
        if (who?.login) return { authorization: `Bearer ${await issues.token(who.login)}` };
        return {};
      },
    });
    this.clients.push(client);
    return client;
  }

  async disposeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map(async (c) => c.dispose()));
  }
}

export interface Collected {
  results: any[];
  /** The `issueEvents` payloads received so far. */
  events(): any[];
  done: Promise<void>;
  stop: () => void;
}

export function collect(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Collected {
  const results: any[] = [];
  let stop: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (value) => results.push(value),
        error: (err) => {
          results.push({ error: err });
          resolve();
        },
        complete: resolve,
      },
    );
  });
  return {
    results,
    events: () => results.map((r) => r.data?.issueEvents).filter(Boolean),
    done,
    stop,
  };
}

export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The issueEvents subscription with the fields the stream tests compare. */
export const EVENTS_AFTER = `subscription($repository: String!, $after: String) {
  issueEvents(repository: $repository, after: $after) {
    id cursor action issue { number title } comment { body }
  }
}`;

/** The sequence inside a cursor (tests only: clients treat it as opaque). */
export function sequenceOf(cursor: string): number {
  return Number(Buffer.from(cursor, 'base64url').toString('utf8').split(':')[1]);
}
