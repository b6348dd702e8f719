import { invalidField } from '@gitforge/errors';

export const LIMITS = {
  titleMax: 256,
  bodyMaxBytes: 64 * 1024,
  labelsMax: 20,
  labelNameMax: 50,
  pageMax: 100,
} as const;

// PostgreSQL's text cannot hold U+0000 (the server refuses the whole statement).
const NO_NUL = 'must not contain NUL (U+0000) characters';

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}\/[A-Za-z0-9._-]{1,100}$/;
// Gitea/GitHub-like label names: printable, no commas or control characters.
const LABEL = /^[^\s,\p{C}][^,\p{C}]*$/u;

export function validateRepository(field: string, value: string): string {
  if (!REPOSITORY.test(value) || value.endsWith('.git') || /(^|\/)\.\.?($|\/)/.test(value)) {
    throw invalidField(field, 'must be "owner/name"');
  }
  return value;
}

export function validateTitle(value: string): string {
  const title = value.trim();
  if (title.length === 0) throw invalidField('title', 'must not be empty');
  if (title.includes('\u0000')) throw invalidField('title', NO_NUL);
  if ([...title].length > LIMITS.titleMax) {
    throw invalidField('title', `must be at most ${LIMITS.titleMax} characters`);
  }
  return title;
}

export function validateBody(field: string, value: string, required = false): string {
  if (required && value.trim().length === 0) throw invalidField(field, 'must not be empty');
  if (value.includes('\u0000')) throw invalidField(field, NO_NUL);
  if (Buffer.byteLength(value, 'utf8') > LIMITS.bodyMaxBytes) {
    throw invalidField(field, `must be at most ${LIMITS.bodyMaxBytes} bytes`);
  }
  return value;
}

export function validateLabels(values: readonly string[]): string[] {
  if (values.length > LIMITS.labelsMax) {
    throw invalidField('labels', `at most ${LIMITS.labelsMax} labels`);
  }
  const names = values.map((v) => v.trim());
  for (const name of names) {
    if (name.length === 0 || [...name].length > LIMITS.labelNameMax || !LABEL.test(name)) {
      throw invalidField(
        'labels',
        `"${name.slice(0, 60)}" is not a valid label name (1-${LIMITS.labelNameMax} characters, no commas)`,
      );
    }
  }
  return [...new Set(names)];
}

export function validateFirst(value: number | null | undefined, fallback = 20): number {
  const first = value ?? fallback;
  if (!Number.isInteger(first) || first < 1 || first > LIMITS.pageMax) {
    throw invalidField('first', `must be between 1 and ${LIMITS.pageMax}`);
  }
  return first;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

export function validateId(field: string, value: string): string {
  if (!isUuid(value)) throw invalidField(field, 'is not a valid id');
  return value.toLowerCase();
}
