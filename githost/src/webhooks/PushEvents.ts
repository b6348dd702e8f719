import type { Logger } from '@gitforge/logging';
import type { Presenter } from '../presentation/Presenter';
import type { CommitInfo, RefUpdate } from '../git/types';
import { ZERO_SHA } from '../git/types';
import type { HookService } from '../services/HookService';
import type { RepoRef, RepositoryService } from '../services/RepositoryService';
import type { UserRecord } from '../store/records';
import { matchesBranchFilter } from './branchFilter';
import type { WebhookDeliverer } from './WebhookDeliverer';

/** Gitea's webhook PAYLOAD_COMMIT_LIMIT default. */
const PAYLOAD_COMMIT_LIMIT = 15;

/**
 * What happens after a push: repository metadata catches up (before the push response ends),
 * and every active push hook gets a Gitea-shaped payload per updated ref (in the background,
 * never delaying the push).
 */
export class PushEvents {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repos: RepositoryService,
    private readonly hooks: HookService,
    private readonly present: Presenter,
    private readonly deliverer: WebhookDeliverer,
    private readonly logger: Logger,
  ) {}

  /** Records the push now; builds and delivers the webhooks in the background. */
  async handle(ref: RepoRef, updates: RefUpdate[], pusher: UserRecord): Promise<void> {
    await this.repos.recordPush(ref.repo, updates);
    const work = this.notify(ref, updates, pusher).catch((err: unknown) =>
      this.logger.error({ err, repo: ref.repo.id }, 'building push webhooks failed'),
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async notify(ref: RepoRef, updates: RefUpdate[], pusher: UserRecord): Promise<void> {
    const hooks = this.hooks.pushHooks(ref.repo);
    if (hooks.length === 0) return;
    const git = this.repos.git(ref.repo);
    for (const update of updates) {
      // Gitea reports a deleted ref as a `delete` event, not as a push.
      if (update.after === ZERO_SHA) continue;
      const targets = hooks.filter((h) => matchesBranchFilter(h.branchFilter, update.ref));
      if (targets.length === 0) continue;
      const created = update.before === ZERO_SHA;
      const { commits, total } = await git.newCommits(
        update.after,
        created ? undefined : update.before,
        update.ref,
        PAYLOAD_COMMIT_LIMIT,
      );
      const head: CommitInfo | undefined =
        commits.find((c) => c.sha === update.after) ??
        (await git.log(update.after, { skip: 0, limit: 1, withFiles: true }))[0];
      const payload = {
        ref: update.ref,
        before: update.before,
        after: update.after,
        compare_url: created
          ? ''
          : `${this.present.htmlUrl(ref)}/compare/${update.before}...${update.after}`,
        commits: commits.map((c) => this.present.payloadCommit(ref, c, true)),
        total_commits: total,
        head_commit: head ? this.present.payloadCommit(ref, head, true) : null,
        repository: this.present.repository(
          { repo: this.repos.findOwned(ref.owner, ref.repo.name) ?? ref.repo, owner: ref.owner },
          { user: pusher, via: 'password' },
        ),
        pusher: this.present.user(pusher, false),
        sender: this.present.user(pusher, false),
      };
      for (const hook of targets) this.deliverer.deliver(hook, 'push', payload);
    }
  }

  /** Waits for payloads still being built (deliveries themselves are the deliverer's). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
