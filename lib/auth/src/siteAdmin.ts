import type { Viewer } from './sessionToken';

/**
 * Logins named in a `GITFORGE_ADMINS`-style list ("alice, Bob"), lower-cased: Gitea logins are
 * case-insensitive. Blank entries are ignored.
 */
export function parseSiteAdmins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((login) => login.trim().toLowerCase())
    .filter((login) => login !== '');
}

/**
 * A site administrator: Gitea's `is_admin` (carried by the session) or a login the operator named
 * in `extraAdmins`. Anonymous viewers never are.
 */
export function isSiteAdmin(viewer: Viewer | null, extraAdmins: ReadonlySet<string>): boolean {
  if (!viewer) return false;
  return viewer.isAdmin === true || extraAdmins.has(viewer.login.toLowerCase());
}
