import { invalidField } from '@gitforge/errors';

export const LIMITS = {
  pageMax: 100,
  searchMax: 256,
  pathMax: 4096,
  refMax: 255,
  repoNameMax: 100,
  descriptionMax: 2048,
  passwordMax: 1024,
} as const;

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
// Gitea reserves these (models/repo/repo.go) and GitForge routes use the others (/api, /git, /assets).
const RESERVED_REPO_NAMES = new Set(['.', '..', '-', 'api', 'assets', 'git', 'raw', 'avatars']);
const RESERVED_REPO_SUFFIX = /\.(git|wiki|rss|atom)$/i;
// git check-ref-format, plus no spaces: what a branch, tag or commit id can look like.
const REF_FORBIDDEN = /[\s~^:?*[\\\p{C}]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$|\.lock\//u;

export function validateLogin(field: string, value: string): string {
  if (!LOGIN.test(value)) throw invalidField(field, 'is not a valid user name');
  return value;
}

/** A name to look up: Gitea's character set and length. */
export function validateRepoName(field: string, value: string): string {
  if (!REPO_NAME.test(value) || value === '.' || value === '..') {
    throw invalidField(field, `must be 1-${LIMITS.repoNameMax} of A-Z a-z 0-9 . _ -`);
  }
  return value;
}

/** A name to create: also not reserved and not ending like Gitea's own paths (.git, .wiki). */
export function validateNewRepoName(field: string, value: string): string {
  validateRepoName(field, value);
  if (RESERVED_REPO_NAMES.has(value.toLowerCase())) {
    throw invalidField(field, `"${value}" is reserved`);
  }
  if (RESERVED_REPO_SUFFIX.test(value)) {
    throw invalidField(field, 'must not end in .git, .wiki, .rss or .atom');
  }
  return value;
}

export function validateDescription(value: string | null | undefined): string {
  const description = value ?? '';
  if ([...description].length > LIMITS.descriptionMax) {
    throw invalidField('description', `must be at most ${LIMITS.descriptionMax} characters`);
  }
  return description;
}

/**
 * A path inside a repository: relative, `/`-separated, no empty, `.` or `..` segments, no
 * control characters. `''` is the root when `allowRoot`.
 */
export function validatePath(value: string | null | undefined, allowRoot: boolean): string {
  const path = value ?? '';
  if (path === '') {
    if (allowRoot) return path;
    throw invalidField('path', 'must not be empty');
  }
  if (path.length > LIMITS.pathMax) {
    throw invalidField('path', `must be at most ${LIMITS.pathMax} characters`);
  }
  if (/\p{C}/u.test(path) || path.includes('\\')) {
    throw invalidField('path', 'must not contain control characters or backslashes');
  }
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw invalidField('path', 'must be relative, without empty, "." or ".." segments');
  }
  return path;
}

/** A branch, tag or commit id; undefined means the default branch. */
export function validateRef(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length === 0 || value.length > LIMITS.refMax || REF_FORBIDDEN.test(value)) {
    throw invalidField('ref', 'is not a valid branch, tag or commit id');
  }
  return value;
}

export function validateFirst(value: number | null | undefined, fallback = 20): number {
  const first = value ?? fallback;
  if (!Number.isInteger(first) || first < 1 || first > LIMITS.pageMax) {
    throw invalidField('first', `must be between 1 and ${LIMITS.pageMax}`);
  }
  return first;
}

export function validateSearch(value: string | null | undefined): string | undefined {
  const search = value?.trim();
  if (!search) return undefined;
  if ([...search].length > LIMITS.searchMax) {
    throw invalidField('search', `must be at most ${LIMITS.searchMax} characters`);
  }
  return search;
}

export function validateCredentials(username: string, password: string): void {
  if (username.length === 0 || username.length > 254 || /[\s\p{C}/]/u.test(username)) {
    throw invalidField('username', 'is not a valid user name');
  }
  if (password.length === 0 || password.length > LIMITS.passwordMax) {
    throw invalidField('password', `must be 1-${LIMITS.passwordMax} characters`);
  }
}

/** "owner/name" of an existing repository, each part checked like the lookups. */
export function validateFullName(field: string, value: string): { owner: string; name: string } {
  const [owner, name, ...rest] = value.split('/');
  if (!owner || !name || rest.length > 0 || !LOGIN.test(owner) || !REPO_NAME.test(name)) {
    throw invalidField(field, 'must be "owner/name"');
  }
  return { owner, name };
}

/** Gitea's team names: AlphaDashDot, at most 255 characters. */
export function validateTeamName(field: string, value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,255}$/.test(value)) {
    throw invalidField(field, 'must be 1-255 of A-Z a-z 0-9 . _ -');
  }
  return value;
}

/** Optional text with a maximum length in characters; empty when absent. */
export function validateText(field: string, value: string | null | undefined, max: number): string {
  const text = value ?? '';
  if ([...text].length > max) throw invalidField(field, `must be at most ${max} characters`);
  if (/[\p{Cc}]/u.test(text.replace(/[\n\r\t]/g, ''))) {
    throw invalidField(field, 'must not contain control characters');
  }
  return text;
}
