/**
 * What the load generator needs from a graphql-ws `next` message: the event's number (from the
 * issue title `r<repository>-<n>`) and its cursor. The fast path scans the raw bytes (no string
 * conversion of the whole frame, no JSON.parse) for compact JSON as servers write it; anything
 * else falls back to JSON.parse (`fromParsed`), so another layout costs time, never a wrong
 * count.
 */

export interface EventFields {
  n: number;
  cursor?: string;
}

const NEXT = Buffer.from('"type":"next"');
const ERRORS = Buffer.from('"errors"');
const TITLE = Buffer.from('"title":"');
const CURSOR = Buffer.from('"cursor":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DASH = 0x2d;
const ZERO = 0x30;

/** The event of a compact `next` message without errors; undefined for anything else. */
export function readEvent(data: Buffer): EventFields | undefined {
  if (data.indexOf(NEXT) < 0 || data.indexOf(ERRORS) >= 0) return undefined;
  const title = data.indexOf(TITLE);
  if (title < 0) return undefined;
  let i = data.indexOf(DASH, title + TITLE.length);
  if (i < 0) return undefined;
  let n = 0;
  let digits = 0;
  for (i += 1; i < data.length && data[i] !== QUOTE; i += 1) {
    const digit = data[i]! - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
    digits += 1;
  }
  if (digits === 0 || i >= data.length) return undefined;
  const key = data.indexOf(CURSOR);
  if (key < 0) return { n };
  const start = key + CURSOR.length;
  let end = start;
  let escaped = false;
  while (end < data.length && data[end] !== QUOTE) {
    if (data[end] === BACKSLASH) {
      escaped = true;
      end += 1;
    }
    end += 1;
  }
  if (end >= data.length) return undefined;
  const raw = data.toString('utf8', start, end);
  return { n, cursor: escaped ? (JSON.parse(`"${raw}"`) as string) : raw };
}

/** The same from a parsed message (any layout); undefined when it carries no event. */
export function fromParsed(message: {
  type?: string;
  payload?: {
    data?: { issueEvents?: { cursor?: string; issue?: { title?: string } } } | null;
    errors?: unknown;
  };
}): EventFields | undefined {
  if (message.type !== 'next' || message.payload?.errors) return undefined;
  const event = message.payload?.data?.issueEvents;
  const title = event?.issue?.title;
  const match = title === undefined ? null : /-(\d+)$/.exec(title);
  if (!match) return undefined;
  return event?.cursor === undefined
    ? { n: Number(match[1]) }
    : { n: Number(match[1]), cursor: event.cursor };
}
