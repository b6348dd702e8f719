import { isValidBranchName } from '../git/refNames';
import { tryGit } from '../git/runGit';
import type { GithostStore } from '../store/GithostStore';
import type { PullRecord } from '../store/pullRecords';
import type { PullStore } from '../store/PullStore';
import type { RepoRecord } from '../store/records';
import type { Viewer } from './access';
import type { ForkService } from './ForkService';
import { conflict, forbidden, invalid, notFound } from './GithostError';
import { preconditionFailed } from './PullErrors';
import { KeyedLock } from './KeyedLock';
import { atLeast, type Permissions } from './Permissions';
import type { BranchHeads, PullRefresher } from './PullRefresher';
import type { RepoRef, RepositoryService } from './RepositoryService';

export interface CreatePullInput {
  head: string;
  base: string;
  title: string;
  body?: string;
}

export interface EditPullInput {
  title?: string;
  body?: string;
  state?: string;
  base?: string;
  allowMaintainerEdit?: boolean;
}

export type PullEventAction = 'opened' | 'closed' | 'reopened' | 'edited' | 'synchronized';

/** Pull requests: opening, listing, editing; git state through PullRefresher. */
export class PullService {
  readonly lock = new KeyedLock();

  constructor(
    private readonly store: GithostStore,
    private readonly pulls: PullStore,
    readonly repos: RepositoryService,
    private readonly perms: Permissions,
    readonly forks: ForkService,
    readonly refresher: PullRefresher,
  ) {}

  repoById(id: number): RepoRef | undefined {
    const repo = this.store.repoById(id);
    const owner = repo && this.store.userById(repo.ownerId);
    return repo && owner ? { repo, owner } : undefined;
  }

  /** The pull request `#index` of the repository, brought up to date with its branches. */
  async get(base: RepoRef, rawIndex: string): Promise<PullRecord> {
    const index = /^\d{1,15}$/.test(rawIndex) ? Number(rawIndex) : 0;
    const pull = this.pulls.data.pulls.find((p) => p.repoId === base.repo.id && p.index === index);
    if (!pull) throw notFound(`pull request does not exist [index: ${rawIndex}]`);
    await this.fresh(pull);
    return pull;
  }

  /** Recomputes an open pull request whose head or base moved since it was last looked at. */
  async fresh(pull: PullRecord, heads?: BranchHeads): Promise<void> {
    if (pull.state !== 'open') return;
    if (!(await this.refresher.moved(pull, heads))) return;
    await this.lock.run(`repo:${pull.repoId}`, () => this.refresher.refresh(pull));
  }

  async list(base: RepoRef, state: string, sort: string): Promise<PullRecord[]> {
    const all = this.pulls.data.pulls.filter(
      (p) => p.repoId === base.repo.id && (state === 'all' || p.state === state),
    );
    const heads: BranchHeads = new Map();
    for (const pull of all) await this.fresh(pull, heads);
    const order: Record<string, (a: PullRecord, b: PullRecord) => number> = {
      oldest: (a, b) => a.index - b.index,
      recentupdate: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.index - a.index,
      leastupdate: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.index - b.index,
    };
    return all.sort(order[sort] ?? ((a, b) => b.index - a.index));
  }

  openPullsTouching(repoId: number, branch: string): PullRecord[] {
    return this.pulls.data.pulls.filter(
      (p) =>
        p.state === 'open' &&
        ((p.repoId === repoId && p.baseBranch === branch) ||
          (p.headRepoId === repoId && p.headBranch === branch)),
    );
  }

  /**
   * Gitea's head forms: `branch` (this repository), `owner:branch` (owner's fork, or this
   * repository when owner owns it) and `owner/repo:branch` (a repository of the fork network).
   */
  resolveHead(viewer: Viewer, base: RepoRef, head: string): { ref: RepoRef; branch: string } {
    const colon = head.indexOf(':');
    if (colon < 0) return { ref: base, branch: head };
    const who = head.slice(0, colon);
    const branch = head.slice(colon + 1);
    const [ownerName = '', repoName] = who.split('/');
    const owner = this.store.userByLogin(ownerName);
    const missing = notFound(`head repository does not exist [head: ${head}]`);
    if (!owner) throw missing;
    let repo: RepoRecord | undefined;
    if (repoName !== undefined) {
      repo = this.store.repo(owner.id, repoName);
      if (repo && this.forks.root(repo).id !== this.forks.root(base.repo).id) repo = undefined;
    } else if (owner.id === base.repo.ownerId) {
      repo = base.repo;
    } else {
      const parent = this.forks.parentOf(base.repo);
      repo =
        this.forks.forkOwnedBy(base.repo, owner) ??
        (parent?.ownerId === owner.id ? parent : undefined);
    }
    if (!repo || !atLeast(this.perms.level(viewer, repo), 'read')) throw missing;
    return { ref: { repo, owner }, branch };
  }

  async branchSha(ref: RepoRef, branch: string): Promise<string | undefined> {
    if (!isValidBranchName(branch)) return undefined;
    const git = this.repos.git(ref.repo);
    const res = await tryGit([
      `--git-dir=${git.gitDir}`,
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${branch}^{commit}`,
    ]);
    const sha = res.stdout.toString('utf8').trim();
    return res.exitCode === 0 && sha ? sha : undefined;
  }

  async create(viewer: Viewer, base: RepoRef, input: CreatePullInput): Promise<PullRecord> {
    if (!input.title.trim()) throw invalid('[Title]: Required');
    const head = this.resolveHead(viewer, base, input.head);
    const baseSha = await this.branchSha(base, input.base);
    if (!baseSha) throw notFound(`base branch does not exist [name: ${input.base}]`);
    const headSha = await this.branchSha(head.ref, head.branch);
    if (!headSha) throw notFound(`head branch does not exist [name: ${head.branch}]`);
    return this.lock.run(`repo:${base.repo.id}`, async () => {
      const existing = this.pulls.data.pulls.find(
        (p) =>
          p.state === 'open' &&
          p.repoId === base.repo.id &&
          p.headRepoId === head.ref.repo.id &&
          p.headBranch === head.branch &&
          p.baseBranch === input.base,
      );
      if (existing) {
        throw conflict(
          `pull request already exists for these targets [id: ${existing.id}, issue_id: ${existing.id}, head_repo_id: ${existing.headRepoId}, base_repo_id: ${existing.repoId}, head_branch: ${existing.headBranch}, base_branch: ${existing.baseBranch}]`,
        );
      }
      if (head.ref.repo.id === base.repo.id && head.branch === input.base) {
        throw invalid('Invalid PullRequest: There are no changes between the head and the base');
      }
      const now = new Date().toISOString();
      const pull: PullRecord = {
        id: this.pulls.nextId('pull'),
        repoId: base.repo.id,
        index: this.pulls.nextIndex(base.repo.id),
        posterId: viewer.user.id,
        title: input.title.trim(),
        body: input.body ?? '',
        headRepoId: head.ref.repo.id,
        headBranch: head.branch,
        baseBranch: input.base,
        headSha: '',
        baseSha: '',
        mergeBase: '',
        status: 'conflict',
        conflictedFiles: [],
        state: 'open',
        merged: false,
        allowMaintainerEdit: false,
        createdAt: now,
        updatedAt: now,
      };
      await this.refresher.refresh(pull, { silent: true });
      if (pull.status === 'empty') {
        // Nothing to merge: give the index back and drop the ref written for it.
        this.pulls.data.nextIndex[String(base.repo.id)] = pull.index;
        await this.repos.git(base.repo).run(['update-ref', '-d', `refs/pull/${pull.index}/head`]);
        throw invalid('Invalid PullRequest: There are no changes between the head and the base');
      }
      this.pulls.data.pulls.push(pull);
      await this.pulls.save();
      return pull;
    });
  }

  /** Another open pull request with the same head and base (Gitea allows one). */
  private openClash(pull: PullRecord): PullRecord | undefined {
    return this.pulls.data.pulls.find(
      (p) =>
        p.id !== pull.id &&
        p.state === 'open' &&
        p.repoId === pull.repoId &&
        p.headRepoId === pull.headRepoId &&
        p.headBranch === pull.headBranch &&
        p.baseBranch === pull.baseBranch,
    );
  }

  /** Poster or WRITE: Gitea's CanWriteIssuesOrPulls || IsPoster. */
  mayEdit(viewer: Viewer, base: RepoRef, pull: PullRecord): boolean {
    return (
      pull.posterId === viewer.user.id || atLeast(this.perms.level(viewer, base.repo), 'write')
    );
  }

  async edit(
    viewer: Viewer,
    base: RepoRef,
    pull: PullRecord,
    input: EditPullInput,
  ): Promise<PullEventAction[]> {
    if (!this.mayEdit(viewer, base, pull))
      throw forbidden('no permission to edit this pull request');
    const actions: PullEventAction[] = [];
    if (input.title !== undefined || input.body !== undefined) {
      if (input.title !== undefined && !input.title.trim()) throw invalid('[Title]: Required');
      pull.title = input.title?.trim() ?? pull.title;
      pull.body = input.body ?? pull.body;
      actions.push('edited');
    }
    if (input.allowMaintainerEdit !== undefined)
      pull.allowMaintainerEdit = input.allowMaintainerEdit;
    if (input.base !== undefined && input.base !== pull.baseBranch) {
      if (!atLeast(this.perms.level(viewer, base.repo), 'write')) {
        throw forbidden('no permission to change the target branch');
      }
      if (!(await this.branchSha(base, input.base))) {
        throw notFound(`base branch does not exist [name: ${input.base}]`);
      }
      if (pull.state === 'open' && this.openClash({ ...pull, baseBranch: input.base })) {
        throw conflict('a pull request for these branches is already open');
      }
      pull.baseBranch = input.base;
      await this.lock.run(`repo:${pull.repoId}`, () =>
        this.refresher.refresh(pull, { silent: true }),
      );
      actions.push('edited');
    }
    if (input.state !== undefined && input.state !== pull.state) {
      if (input.state !== 'open' && input.state !== 'closed')
        throw invalid(`invalid state: ${input.state}`);
      if (pull.merged) {
        throw preconditionFailed('cannot change state of this pull request, it was already merged');
      }
      if (input.state === 'open') {
        if (this.openClash(pull)) {
          throw conflict('a pull request for these branches is already open');
        }
        pull.state = 'open';
        delete pull.closedAt;
        await this.lock.run(`repo:${pull.repoId}`, () =>
          this.refresher.refresh(pull, { silent: true }),
        );
        actions.push('reopened');
      } else {
        pull.state = 'closed';
        pull.closedAt = new Date().toISOString();
        actions.push('closed');
      }
    }
    pull.updatedAt = new Date().toISOString();
    await this.pulls.save();
    return actions;
  }
}
