import type { GithostStore } from '../store/GithostStore';
import type {
  AccessMode,
  CollaboratorRecord,
  RepoRecord,
  TeamRecord,
  UserRecord,
} from '../store/records';
import { isPublicOnly, type Viewer } from './access';

const ORDER: readonly AccessMode[] = ['none', 'read', 'write', 'admin', 'owner'];

export const rank = (mode: AccessMode): number => ORDER.indexOf(mode);
export const atLeast = (mode: AccessMode, needed: AccessMode): boolean =>
  rank(mode) >= rank(needed);
const higher = (a: AccessMode, b: AccessMode): AccessMode => (rank(a) >= rank(b) ? a : b);

/** The unit whose mode decides clone, push and the repository's `permissions`. */
export const CODE_UNIT = 'repo.code';

/**
 * Gitea 1.21's permission model (models/perm/access `GetUserRepoPermission`, models/organization):
 * the effective access mode of a viewer on a repository from ownership, organization teams,
 * collaborations, visibility and site administration. Every check in githost goes through here.
 */
export class Permissions {
  constructor(private readonly store: GithostStore) {}

  teamsOf(org: UserRecord): TeamRecord[] {
    return this.store.teams().filter((t) => t.orgId === org.id);
  }

  teamsOfMember(org: UserRecord, userId: number): TeamRecord[] {
    return this.teamsOf(org).filter((t) => t.memberIds.includes(userId));
  }

  ownersTeam(org: UserRecord): TeamRecord | undefined {
    return this.teamsOf(org).find((t) => t.mode === 'owner');
  }

  /** Organization membership is belonging to one of its teams, as in Gitea. */
  isMember(org: UserRecord, userId: number): boolean {
    return this.teamsOfMember(org, userId).length > 0;
  }

  isOwner(org: UserRecord, userId: number): boolean {
    return this.ownersTeam(org)?.memberIds.includes(userId) ?? false;
  }

  /** The ids of the organization's members, in order of first joining a team. */
  memberIds(org: UserRecord): number[] {
    return [...new Set(this.teamsOf(org).flatMap((t) => t.memberIds))];
  }

  canCreateRepo(org: UserRecord, user: UserRecord): boolean {
    return (
      user.isAdmin === true ||
      this.teamsOfMember(org, user.id).some((t) => t.mode === 'owner' || t.canCreateOrgRepo)
    );
  }

  /**
   * Gitea's `HasOrgOrUserVisible`: users are public here; an organization is seen by everyone
   * (public), by signed-in users (limited) or by its members and site admins (private).
   */
  ownerVisible(owner: UserRecord, viewer: Viewer | null): boolean {
    const visibility = owner.org?.visibility ?? 'public';
    if (visibility === 'public') return true;
    if (!viewer) return false;
    if (visibility === 'limited' || viewer.user.isAdmin === true) return true;
    return viewer.user.id === owner.id || this.isMember(owner, viewer.user.id);
  }

  teamCovers(team: TeamRecord, repo: RepoRecord): boolean {
    return (
      team.orgId === repo.ownerId &&
      (team.includesAllRepositories || team.repoIds.includes(repo.id))
    );
  }

  collaboration(repo: RepoRecord, userId: number): CollaboratorRecord | undefined {
    return this.store.collaborations().find((c) => c.repoId === repo.id && c.userId === userId);
  }

  collaboratorsOf(repo: RepoRecord): CollaboratorRecord[] {
    return this.store.collaborations().filter((c) => c.repoId === repo.id);
  }

  /** The effective mode of `user` (not a token's viewer: a whole account). */
  levelOfUser(user: UserRecord | null, repo: RepoRecord): AccessMode {
    return this.level(user ? { user, via: 'password' } : null, repo);
  }

  /**
   * `none`, `read`, `write`, `admin` or `owner`. Anonymous callers read public repositories of
   * visible owners; the owner, an owner of the organization, a member of a team with admin
   * access and a site administrator are `owner`; otherwise the highest of the visibility's
   * `read`, the collaboration and the teams' mode for the code unit.
   */
  level(viewer: Viewer | null, repo: RepoRecord): AccessMode {
    const owner = this.store.userById(repo.ownerId);
    if (!owner) return 'none';
    if (!viewer) return !repo.private && this.ownerVisible(owner, null) ? 'read' : 'none';
    // A `public-only` token reaches public repositories only.
    if (repo.private && isPublicOnly(viewer)) return 'none';
    const { user } = viewer;
    const collaboration = this.collaboration(repo, user.id);
    if (!this.ownerVisible(owner, viewer) && !collaboration) return 'none';
    if (user.isAdmin === true || user.id === repo.ownerId) return 'owner';
    let mode: AccessMode = repo.private ? 'none' : 'read';
    if (collaboration) mode = higher(mode, collaboration.mode);
    if (owner.org) {
      for (const team of this.teamsOfMember(owner, user.id)) {
        if (!this.teamCovers(team, repo)) continue;
        if (atLeast(team.mode, 'admin')) return 'owner';
        mode = higher(mode, team.units[CODE_UNIT] ?? 'none');
      }
    }
    return mode;
  }

  /** A collaboration or a team of the owning organization gives `user` access to `repo`. */
  grantsAccess(user: UserRecord, repo: RepoRecord): boolean {
    if (this.collaboration(repo, user.id)) return true;
    const owner = this.store.userById(repo.ownerId);
    return (
      owner?.org !== undefined &&
      this.teamsOfMember(owner, user.id).some((t) => this.teamCovers(t, repo))
    );
  }

  /**
   * Gitea's GetRepoAssignees: users whose collaboration or team (any unit) gives at least
   * `write` on `repo`, and its owner when that is a user. Site admins only through those.
   */
  assigneesOf(repo: RepoRecord): UserRecord[] {
    const ids = new Set<number>();
    for (const c of this.collaboratorsOf(repo)) if (atLeast(c.mode, 'write')) ids.add(c.userId);
    const owner = this.store.userById(repo.ownerId);
    if (owner?.org) {
      for (const team of this.teamsOf(owner)) {
        const writes =
          atLeast(team.mode, 'write') ||
          Object.values(team.units).some((mode) => atLeast(mode, 'write'));
        if (writes && this.teamCovers(team, repo)) team.memberIds.forEach((id) => ids.add(id));
      }
    } else if (owner) {
      ids.add(owner.id);
    }
    return [...ids].flatMap((id) => {
      const user = this.store.userById(id);
      return user && !user.org ? [user] : [];
    });
  }

  /**
   * Gitea's GetOrgUserMaxAuthorizeLevel: the highest mode of the user's teams in `org`
   * (`owner` for the Owners team), `none` for a non-member. Site admins are not members.
   */
  orgLevel(org: UserRecord, userId: number): AccessMode {
    return this.teamsOfMember(org, userId).reduce<AccessMode>((m, t) => higher(m, t.mode), 'none');
  }

  /** The repositories a team gives access to. */
  reposOf(team: TeamRecord): RepoRecord[] {
    return this.store
      .allRepos()
      .filter((r) => r.ownerId === team.orgId && this.teamCovers(team, r));
  }
}
