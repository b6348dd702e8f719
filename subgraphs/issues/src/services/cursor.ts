import { invalidField } from '@gitforge/errors';
import { isUuid } from './validation';

/** Keyset position: the sort value of the last row seen and its id as tie-breaker. */
export interface CursorPosition<V> {
  value: V;
  id: string;
}

export type CursorKind = 'date' | 'number';

export function encodeCursor(position: CursorPosition<Date | number>): string {
  const value = position.value instanceof Date ? position.value.toISOString() : position.value;
  return Buffer.from(JSON.stringify([value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string, kind: 'date'): CursorPosition<Date>;
export function decodeCursor(cursor: string, kind: 'number'): CursorPosition<number>;
export function decodeCursor(cursor: string, kind: CursorKind): CursorPosition<Date | number>;
export function decodeCursor(cursor: string, kind: CursorKind): CursorPosition<Date | number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[1] === 'string' &&
    isUuid(parsed[1])
  ) {
    const [raw, id] = parsed as [unknown, string];
    if (kind === 'number' && typeof raw === 'number' && Number.isFinite(raw))
      return { value: raw, id };
    if (kind === 'date' && typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) {
      return { value: new Date(raw), id };
    }
  }
  throw invalidField('after', 'is not a valid cursor');
}
