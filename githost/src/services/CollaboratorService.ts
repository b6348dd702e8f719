import type { GithostStore } from '../store/GithostStore';
import type { CollaboratorRecord, RepoRecord, UserRecord } from '../store/records';
import { invalid } from './GithostError';

export type CollaboratorMode = CollaboratorRecord['mode'];

/** A repository's collaborators and their modes (Gitea's `collaboration` table). */
export class CollaboratorService {
  constructor(private readonly store: GithostStore) {}

  list(repo: RepoRecord): { user: UserRecord; mode: CollaboratorMode }[] {
    return this.store.collaborations().flatMap((c) => {
      const user = c.repoId === repo.id ? this.store.userById(c.userId) : undefined;
      return user ? [{ user, mode: c.mode }] : [];
    });
  }

  mode(repo: RepoRecord, user: UserRecord): CollaboratorMode | undefined {
    return this.store.collaborations().find((c) => c.repoId === repo.id && c.userId === user.id)
      ?.mode;
  }

  /** Adds (Gitea's default mode: write) or changes a collaboration; says which it was. */
  async set(
    repo: RepoRecord,
    user: UserRecord,
    mode: CollaboratorMode | undefined,
  ): Promise<'added' | 'updated' | 'unchanged'> {
    if (user.org) throw invalid(`an organization cannot be a collaborator [name: ${user.login}]`);
    if (user.id === repo.ownerId)
      throw invalid('the owner of a repository cannot be its collaborator');
    const before = this.mode(repo, user);
    const next = mode ?? before ?? 'write';
    if (before === next) return 'unchanged';
    await this.store.setCollaborator({ repoId: repo.id, userId: user.id, mode: next });
    return before ? 'updated' : 'added';
  }

  remove(repo: RepoRecord, user: UserRecord): Promise<boolean> {
    return this.store.removeCollaborator(repo.id, user.id);
  }
}
