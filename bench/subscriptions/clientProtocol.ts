/** Messages between the subscription benchmark and its client processes (clientProcess.ts). */

export interface ClientSpec {
  /** Session token (without "Bearer "), or null for an anonymous subscriber. */
  token: string | null;
  repository: number;
  fullName: string;
}

export type FleetCommand =
  | {
      type: 'init';
      url: string;
      query: string;
      /** Resubscribe with `after: <last cursor>` (off for a platform without cursors). */
      withCursor: boolean;
      /** WebSocket handshakes in flight at once in this process. */
      concurrency: number;
      clients: ClientSpec[];
    }
  /** Terminate every socket at once and reconnect each from its last cursor. */
  | { type: 'drop'; stormFirst: number[] }
  | { type: 'collect' }
  | { type: 'close' };

export interface ProgressReport {
  type: 'progress';
  /** Drops handled so far: a report from before the latest drop says nothing about it. */
  drops: number;
  /** `next` messages with an event received so far. */
  delivered: number;
  /** Subscribers whose subscribe message went out on an acknowledged connection, now. */
  subscribed: number;
  /** Since the last drop: subscribers that received an event produced after the drop. */
  resumed: number;
  errors: number;
  /** Subscribers that gave up reconnecting. */
  failed: number;
}

/** What one subscriber received: event numbers (of its repository) and hrtime ms, in order. */
export interface ClientData {
  ns: Int32Array;
  times: Float64Array;
  errors: string[];
  /** WebSocket connections opened (1 + reconnections). */
  attempts: number;
  unexpectedCloses: number;
  dropAt?: number;
  reconnectedAt?: number;
  resumedAt?: number;
}

export type FleetReport =
  | ProgressReport
  | { type: 'data'; clients: ClientData[] }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };
