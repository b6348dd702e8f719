import { DomainError } from '@gitforge/errors';

export const MAX_KEY_BYTES = 256;
export const MAX_VALUE_BYTES = 64 * 1024;
export const MAX_BATCH = 1000;

const bad = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);

export function validateKey(key: string, field = 'key'): void {
  if (key.length === 0) throw bad(field, 'must not be empty');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw bad(field, `must be at most ${MAX_KEY_BYTES} bytes`);
  }
}

export function validateValue(value: string, field = 'value'): void {
  if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) {
    throw bad(field, `must be at most ${MAX_VALUE_BYTES} bytes`);
  }
}

export function validateCount(count: number, field: string): void {
  if (count < 1 || count > MAX_BATCH) throw bad(field, `must hold 1..${MAX_BATCH} items`);
}

/** `store` (one entry: fields `key`, `value`) and `storeBatch` (fields `entries.<i>.key`, ...). */
export function validateEntries(entries: readonly { key: string; value: string }[]): void {
  validateCount(entries.length, 'entries');
  entries.forEach((e, i) => {
    validateKey(e.key, entries.length > 1 ? `entries.${i}.key` : 'key');
    validateValue(e.value, entries.length > 1 ? `entries.${i}.value` : 'value');
  });
}

export function validateKeys(keys: readonly string[]): void {
  validateCount(keys.length, 'keys');
  keys.forEach((key, i) => validateKey(key, keys.length > 1 ? `keys.${i}` : 'key'));
}
