import type { FormattedExecutionResult } from 'graphql';

/**
 * One event's result for one audience, serialized once and written to every socket of that
 * audience. graphql-ws JSON.stringifies each `next` message per subscriber; its
 * `jsonMessageReplacer` (below) swaps this object for a placeholder and the socket's `send`
 * (patched by `spliceSerializedPayloads`) puts the precomputed JSON in its place.
 */
export class SerializedPayload {
  readonly json: string;

  constructor(
    result: FormattedExecutionResult,
    /** When the event arrived from the subgraph (delivery latency). */
    readonly receivedAt: bigint,
    /** The subscription's root field (metrics). */
    readonly field: string,
  ) {
    this.json = JSON.stringify(result);
    serializations += 1;
  }
}

let serializations = 0;
/** Payloads serialized so far (tests check one per audience per event). */
export function serializedPayloadCount(): number {
  return serializations;
}

const PLACEHOLDER = '\u0000gitforge-serialized-payload\u0000';
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);

/**
 * graphql-ws builds a message, stringifies it with this replacer and hands the text to the
 * socket's `send` in the same synchronous step, so the JSON waiting to be spliced in is the
 * one of the message being sent.
 */
let pending: string | undefined;

/** `jsonMessageReplacer` for graphql-ws's server. */
export function jsonMessageReplacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof SerializedPayload) {
    pending = value.json;
    return PLACEHOLDER;
  }
  return value;
}

interface SendingSocket {
  send(data: unknown, ...rest: unknown[]): void;
}

/** Makes `socket.send` splice the pending serialized payload into the message text. */
export function spliceSerializedPayloads(socket: SendingSocket): void {
  const send = socket.send.bind(socket);
  socket.send = (data: unknown, ...rest: unknown[]) => {
    if (pending !== undefined && typeof data === 'string') {
      const at = data.lastIndexOf(PLACEHOLDER_JSON);
      if (at >= 0) {
        const json = pending;
        pending = undefined;
        send(data.slice(0, at) + json + data.slice(at + PLACEHOLDER_JSON.length), ...rest);
        return;
      }
    }
    send(data, ...rest);
  };
}
