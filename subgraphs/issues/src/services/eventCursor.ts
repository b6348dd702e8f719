import { invalidField } from '@gitforge/errors';

/** Cursor format version: a change of format gets a new tag, old cursors stay readable. */
const VERSION = 'e1';

/** The opaque cursor of an event: base64url of `e1:<sequence>:<repository>`. */
export function encodeEventCursor(repository: string, sequence: number): string {
  return Buffer.from(`${VERSION}:${sequence}:${repository}`).toString('base64url');
}

/**
 * The sequence an `after` cursor of `repository` points at; BAD_USER_INPUT (field `after`) when
 * it is malformed or belongs to another repository.
 */
export function decodeEventCursor(cursor: string, repository: string): number {
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = /^e1:(0|[1-9][0-9]{0,15}):(.+)$/.exec(text);
  if (!match) throw invalidField('after', 'is not a valid event cursor');
  const sequence = Number(match[1]);
  if (!Number.isSafeInteger(sequence)) throw invalidField('after', 'is not a valid event cursor');
  if (match[2] !== repository) {
    throw invalidField('after', `is a cursor of another repository than ${repository}`);
  }
  return sequence;
}
