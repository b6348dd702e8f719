import { invalidField } from '@gitforge/errors';

const MAX_OFFSET = 10_000_000;

/**
 * Cursors are opaque to clients; here they are the offset of the next item in the list, so
 * they map onto Gitea's page/limit paging whatever `first` the next request asks for.
 */
export function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeOffset(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const offset = (parsed as { o?: unknown } | null)?.o;
  if (
    typeof offset === 'number' &&
    Number.isInteger(offset) &&
    offset >= 0 &&
    offset <= MAX_OFFSET &&
    encodeOffset(offset) === cursor
  ) {
    return offset;
  }
  throw invalidField('after', 'is not a valid cursor');
}
