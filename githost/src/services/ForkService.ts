import type { GithostStore } from '../store/GithostStore';
import type { PullStore } from '../store/PullStore';
import type { RepoRecord, UserRecord } from '../store/records';
import type { Viewer } from './access';
import { conflict, forbidden, notFound } from './GithostError';
import { atLeast, type Permissions } from './Permissions';
import type { RepoRef, RepositoryService } from './RepositoryService';

/** Forks: a new repository with every branch and tag of its parent, linked to it. */
export class ForkService {
  constructor(
    private readonly store: GithostStore,
    private readonly pulls: PullStore,
    private readonly repos: RepositoryService,
    private readonly perms: Permissions,
  ) {}

  parentOf(repo: RepoRecord): RepoRecord | undefined {
    const link = this.pulls.data.forks.find((f) => f.repoId === repo.id);
    return link ? this.store.repoById(link.parentId) : undefined;
  }

  forksOf(repo: RepoRecord): RepoRecord[] {
    return this.pulls.data.forks
      .filter((f) => f.parentId === repo.id)
      .flatMap((f) => this.store.repoById(f.repoId) ?? []);
  }

  /** The first repository of the fork network (parents followed up). */
  root(repo: RepoRecord): RepoRecord {
    let current = repo;
    const seen = new Set<number>();
    for (let parent = this.parentOf(current); parent && !seen.has(parent.id);) {
      seen.add(current.id);
      current = parent;
      parent = this.parentOf(current);
    }
    return current;
  }

  /** `owner`'s fork of `repo`, if any (Gitea's GetForkedRepo). */
  forkOwnedBy(repo: RepoRecord, owner: UserRecord): RepoRecord | undefined {
    return this.forksOf(repo).find((r) => r.ownerId === owner.id);
  }

  /** POST /repos/{owner}/{repo}/forks: Gitea's ForkRepository rules. */
  async fork(
    viewer: Viewer,
    source: RepoRef,
    options: { name?: string; organization?: string },
  ): Promise<RepoRef> {
    let owner = viewer.user;
    if (options.organization) {
      const org = this.store.userByLogin(options.organization);
      if (!org?.org || !this.perms.ownerVisible(org, viewer)) {
        throw notFound(`organization does not exist [name: ${options.organization}]`);
      }
      if (!this.perms.canCreateRepo(org, viewer.user)) {
        throw forbidden('User is no Member of Organisation');
      }
      owner = org;
    }
    if (owner.id === source.repo.ownerId && !options.name) {
      throw conflict('The repository with the same name already exists.');
    }
    if (this.forkOwnedBy(source.repo, owner)) {
      throw conflict(`repository is already forked by user [uname: ${owner.login}]`);
    }
    const name = options.name || source.repo.name;
    const repo = await this.repos.create(owner, {
      name,
      description: source.repo.description,
      private: source.repo.private,
      defaultBranch: source.repo.defaultBranch,
    });
    try {
      const git = this.repos.git(repo);
      await git.run([
        'fetch',
        '--quiet',
        '--no-tags',
        this.repos.git(source.repo).gitDir,
        '+refs/heads/*:refs/heads/*',
        '+refs/tags/*:refs/tags/*',
      ]);
      this.pulls.data.forks.push({ repoId: repo.id, parentId: source.repo.id });
      await this.pulls.save();
      await this.repos.recordPush(repo, []);
    } catch (err) {
      await this.repos.delete(repo);
      throw err;
    }
    const fresh = this.store.repoById(repo.id) ?? repo;
    return { repo: fresh, owner };
  }

  /** Forks of `repo` the viewer may read. */
  readableForks(viewer: Viewer | null, repo: RepoRecord): RepoRecord[] {
    return this.forksOf(repo).filter((r) => atLeast(this.perms.level(viewer, r), 'read'));
  }
}
