import { buildMerge, MergeConflictError } from '../git/mergePull';
import type { PullRecord } from '../store/pullRecords';
import type { UserRecord } from '../store/records';
import type { Viewer } from './access';
import type { BranchProtectionService } from './BranchProtectionService';
import { forbidden, invalid } from './GithostError';
import { PullStatusError } from './PullErrors';
import type { PullMergeService } from './PullMergeService';
import type { PullService } from './PullService';
import { atLeast, type Permissions } from './Permissions';
import { nowForGit, type RepoRef } from './RepositoryService';

const signature = (user: UserRecord) => ({
  name: user.fullName || user.login,
  email: user.email,
  date: nowForGit(),
});

/**
 * Gitea's repoUpdatePullRequest: brings the head branch up to date with the base, by a merge
 * commit ("Merge branch 'base' into head") or by rebasing the head's commits onto the base.
 */
export class PullUpdateService {
  constructor(
    private readonly service: PullService,
    private readonly merges: PullMergeService,
    private readonly perms: Permissions,
    private readonly protections: BranchProtectionService,
    private readonly tmpDir: string,
  ) {}

  /** Gitea's IsUserAllowedToUpdate: WRITE on the head repository, and its protection allows it. */
  private allowed(viewer: Viewer, head: RepoRef, pull: PullRecord, rebase: boolean): boolean {
    if (!atLeast(this.perms.level(viewer, head.repo), 'write')) return false;
    const rule = this.protections.ruleFor(head.repo, pull.headBranch);
    if (!rule) return true;
    return !rebase && this.protections.canPush(rule, viewer.user);
  }

  async update(viewer: Viewer, base: RepoRef, pull: PullRecord, rebase: boolean): Promise<void> {
    if (pull.merged) throw invalid('pull request is already merged');
    if (pull.state !== 'open') throw invalid('pull request is closed');
    const head = this.service.repoById(pull.headRepoId);
    if (!head || !this.allowed(viewer, head, pull, rebase)) {
      throw forbidden('user is not allowed to update this pull request');
    }
    const { refresher, repos } = this.service;
    const update = await this.service.lock.run(`repo:${base.repo.id}`, async () => {
      if (await refresher.moved(pull)) await refresher.refresh(pull);
      const git = repos.git(base.repo);
      const doer = signature(viewer.user);
      let after: string;
      try {
        after = await buildMerge(git, this.tmpDir, {
          style: rebase ? 'rebase' : 'merge',
          baseSha: rebase ? pull.baseSha : pull.headSha,
          headSha: rebase ? pull.headSha : pull.baseSha,
          message: `Merge branch '${pull.baseBranch}' into ${pull.headBranch}\n`,
          doer,
          poster: doer,
        });
      } catch (err) {
        if (!(err instanceof MergeConflictError)) throw err;
        throw new PullStatusError(
          409,
          rebase ? 'rebase failed because of conflict' : 'merge failed because of conflict',
        );
      }
      const before = pull.headSha;
      if (after === before) return undefined;
      const ref = `refs/heads/${pull.headBranch}`;
      const headGit = repos.git(head.repo);
      const carrier = `refs/githost/update/${pull.id}`;
      try {
        if (head.repo.id !== base.repo.id) {
          // The new commit lives in the base repository: bring it over, then move the branch.
          await git.run(['update-ref', carrier, after]);
          await headGit.run([
            'fetch',
            '--quiet',
            '--no-tags',
            git.gitDir,
            `+${carrier}:${carrier}`,
          ]);
        }
        await headGit.run(['update-ref', ref, after, before]);
      } catch {
        throw new PullStatusError(409, 'the head branch moved while updating; try again');
      } finally {
        if (head.repo.id !== base.repo.id) {
          await git.run(['update-ref', '-d', carrier]).catch(() => undefined);
          await headGit.run(['update-ref', '-d', carrier]).catch(() => undefined);
        }
      }
      return { ref, before, after };
    });
    if (update) await this.merges.onRefsUpdated(head, [update], viewer.user);
  }
}
