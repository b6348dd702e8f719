// Gitea 1.21's naming rules (models/user, models/repo, modules/validation), so a name that
// works here works against real Gitea and the reverse.

const RESERVED_USERNAMES = new Set([
  '.',
  '..',
  '.well-known',
  'admin',
  'api',
  'assets',
  'attachments',
  'avatar',
  'avatars',
  'captcha',
  'commits',
  'debug',
  'error',
  'explore',
  'favicon.ico',
  'ghost',
  'health',
  'issues',
  'login',
  'manifest.json',
  'metrics',
  'milestones',
  'new',
  'notifications',
  'org',
  'pulls',
  'raw',
  'repo',
  'repo-avatars',
  'robots.txt',
  'search',
  'serviceworker.js',
  'ssh_info',
  'swagger.v1.json',
  'user',
  'v2',
  'gitea-actions',
]);
const RESERVED_USERNAME_SUFFIXES = ['.keys', '.gpg', '.rss', '.atom', '.png'];

export function isValidUsername(name: string): boolean {
  if (name.length === 0 || name.length > 40) return false;
  if (!/^[\da-zA-Z][-.\w]*$/.test(name) || /[-._]{2,}|[-._]$/.test(name)) return false;
  const lower = name.toLowerCase();
  if (RESERVED_USERNAMES.has(lower)) return false;
  return !RESERVED_USERNAME_SUFFIXES.some((s) => lower.endsWith(s));
}

const RESERVED_REPO_NAMES = new Set(['.', '..', '-']);
const RESERVED_REPO_SUFFIXES = ['.git', '.wiki', '.rss', '.atom'];

export function isValidRepoName(name: string): boolean {
  if (name.length === 0 || name.length > 100 || !/^[\w.-]+$/.test(name)) return false;
  const lower = name.toLowerCase();
  if (RESERVED_REPO_NAMES.has(lower)) return false;
  return !RESERVED_REPO_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Looser check for names in URLs: anything else cannot exist, so it is a plain 404. */
export const mayBeName = (name: string): boolean =>
  /^[\w.-]{1,100}$/.test(name) && !/^\.+$/.test(name);
