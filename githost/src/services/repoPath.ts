import { posix } from 'node:path';

/**
 * A path inside a repository as Gitea cleans it (`path.Clean` from the root): `..` cannot climb
 * above the root, empty and `.` segments vanish. undefined for what no git path can contain.
 * Paths only ever name tree entries through git, never files on disk.
 */
export function cleanRepoPath(raw: string): string | undefined {
  if (raw.includes('\0')) return undefined;
  const cleaned = posix.normalize(`/${raw}`).replace(/^\/+/, '').replace(/\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}
