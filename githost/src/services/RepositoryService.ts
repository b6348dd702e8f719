import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Logger } from '@gitforge/logging';
import { BareRepository } from '../git/BareRepository';
import { isValidBranchName } from '../git/refNames';
import type { RefUpdate } from '../git/types';
import { ZERO_SHA } from '../git/types';
import { updateRef, writeCommit } from '../git/writeCommit';
import type { GithostStore } from '../store/GithostStore';
import type { AccessMode, RepoRecord, UserRecord } from '../store/records';
import type { Viewer } from './access';
import { conflict, forbidden, invalid, notFound } from './GithostError';
import { isValidRepoName, mayBeName } from './names';
import { atLeast, type Permissions } from './Permissions';

export interface CreateRepoInput {
  name: string;
  description?: string;
  private?: boolean;
  autoInit?: boolean;
  defaultBranch?: string;
}

export interface RepoRef {
  repo: RepoRecord;
  owner: UserRecord;
}

export const DEFAULT_BRANCH = 'main';

/** Repositories: metadata in the store, content in a bare repository under `reposDir`. */
export class RepositoryService {
  private readonly creating = new Set<string>();

  constructor(
    private readonly store: GithostStore,
    private readonly reposDir: string,
    private readonly logger: Logger,
    readonly perms: Permissions,
  ) {}

  /** The viewer's effective access mode (see Permissions.level). */
  level(viewer: Viewer | null, repo: RepoRecord): AccessMode {
    return this.perms.level(viewer, repo);
  }

  owner(repo: RepoRecord): UserRecord {
    const owner = this.store.userById(repo.ownerId);
    if (!owner) throw new Error(`repository ${repo.id} has no owner`);
    return owner;
  }

  gitDir(owner: UserRecord, name: string): string {
    return join(this.reposDir, owner.login.toLowerCase(), `${name.toLowerCase()}.git`);
  }

  git(repo: RepoRecord): BareRepository {
    return new BareRepository(this.gitDir(this.owner(repo), repo.name));
  }

  /** The repository when the viewer may read it; otherwise 404, so existence never leaks. */
  findReadable(viewer: Viewer | null, ownerLogin: string, name: string): RepoRef {
    const notThere = notFound(`repository does not exist [owner: ${ownerLogin}, name: ${name}]`);
    if (!mayBeName(ownerLogin) || !mayBeName(name)) throw notThere;
    const owner = this.store.userByLogin(ownerLogin);
    const repo = owner && this.store.repo(owner.id, name);
    if (!owner || !repo || !atLeast(this.level(viewer, repo), 'read')) throw notThere;
    return { repo, owner };
  }

  /**
   * Like findReadable, then 403 for a reader below `needed`: Gitea's reqAdmin (hooks,
   * collaborators) and reqOwner (deletion: owner, organization owner, admin team, site admin).
   */
  findAtLeast(
    viewer: Viewer | null,
    ownerLogin: string,
    name: string,
    needed: 'admin' | 'owner',
  ): RepoRef {
    const found = this.findReadable(viewer, ownerLogin, name);
    if (!atLeast(this.level(viewer, found.repo), needed)) {
      throw forbidden(
        needed === 'owner'
          ? 'user should be the owner of the repo'
          : 'user should be an owner or a collaborator with admin write of a repository',
      );
    }
    return found;
  }

  exists(owner: UserRecord, name: string): boolean {
    return this.store.repo(owner.id, name) !== undefined;
  }

  /** The repository regardless of who asks (callers check `level` themselves). */
  findOwned(owner: UserRecord, name: string): RepoRecord | undefined {
    return this.store.repo(owner.id, name);
  }

  readableRepos(viewer: Viewer | null): RepoRecord[] {
    return this.store.allRepos().filter((r) => atLeast(this.level(viewer, r), 'read'));
  }

  async create(owner: UserRecord, input: CreateRepoInput): Promise<RepoRecord> {
    const { name } = input;
    if (!isValidRepoName(name)) throw invalid(`repository name is invalid [name: ${name}]`);
    const branch = input.defaultBranch || DEFAULT_BRANCH;
    if (!isValidBranchName(branch)) throw invalid(`invalid default branch [name: ${branch}]`);
    if ((input.description ?? '').length > 2048) throw invalid('[Description]: MaxSize(2048)');
    const key = `${owner.id}/${name.toLowerCase()}`;
    if (this.store.repo(owner.id, name) || this.creating.has(key)) {
      throw conflict('The repository with the same name already exists.');
    }
    const gitDir = this.gitDir(owner, name);
    if (existsSync(gitDir)) throw conflict('The repository files already exist.');
    this.creating.add(key);
    try {
      await mkdir(dirname(gitDir), { recursive: true });
      const git = await BareRepository.init(gitDir, branch);
      try {
        if (input.autoInit) await this.writeInitialCommit(git, owner, input, branch);
        const now = new Date().toISOString();
        return await this.store.addRepo({
          ownerId: owner.id,
          name,
          description: input.description ?? '',
          private: input.private ?? false,
          defaultBranch: branch,
          empty: !input.autoInit,
          sizeKiB: await git.sizeKiB(),
          createdAt: now,
          updatedAt: now,
        });
      } catch (err) {
        await rm(gitDir, { recursive: true, force: true });
        throw err;
      }
    } finally {
      this.creating.delete(key);
    }
  }

  private async writeInitialCommit(
    git: BareRepository,
    owner: UserRecord,
    input: CreateRepoInput,
    branch: string,
  ): Promise<void> {
    const readme = `# ${input.name}\n\n${input.description ?? ''}\n`;
    const commit = await writeCommit(git, {
      files: { 'README.md': readme },
      message: 'Initial commit\n',
      author: { name: owner.fullName || owner.login, email: owner.email, date: nowForGit() },
    });
    await updateRef(git, `refs/heads/${branch}`, commit, '');
  }

  async delete(repo: RepoRecord): Promise<void> {
    const gitDir = this.gitDir(this.owner(repo), repo.name);
    const inside = relative(this.reposDir, gitDir);
    if (inside.startsWith('..') || inside.split(sep).length !== 2) {
      throw new Error(`refusing to delete ${gitDir}`);
    }
    await this.store.removeRepo(repo.id);
    await rm(gitDir, { recursive: true, force: true });
    this.logger.info({ repo: `${this.owner(repo).login}/${repo.name}` }, 'repository deleted');
  }

  /**
   * Brings metadata up to date after a push: emptiness, size, update time, and (like Gitea) a
   * repository whose HEAD names no branch adopts the first branch pushed to it.
   */
  async recordPush(repo: RepoRecord, updates: readonly RefUpdate[]): Promise<void> {
    const git = this.git(repo);
    const patch: Partial<RepoRecord> = {
      empty: !(await git.hasBranches()),
      sizeKiB: await git.sizeKiB(),
      updatedAt: new Date().toISOString(),
    };
    const head = await git.headBranch();
    const branches = new Set((await git.listBranches()).map((b) => b.name));
    if (branches.size > 0 && (!head || !branches.has(head))) {
      const pushed = updates
        .filter((u) => u.after !== ZERO_SHA && u.ref.startsWith('refs/heads/'))
        .map((u) => u.ref.slice(11))
        .find((b) => branches.has(b));
      const adopt = pushed ?? [...branches][0];
      if (adopt) {
        await git.setHeadBranch(adopt);
        patch.defaultBranch = adopt;
      }
    } else if (head) {
      patch.defaultBranch = head;
    }
    await this.store.updateRepo(repo.id, patch);
  }
}

/** Git's internal date format for "now" (`@<epoch> <offset>`). */
export const nowForGit = (): string => `@${Math.floor(Date.now() / 1000)} +0000`;
