import type { Logger } from '@gitforge/logging';
import type { RefUpdate } from '../git/types';
import type { Presenter } from '../presentation/Presenter';
import { PullPresenter } from '../presentation/PullPresenter';
import { pushPolicy } from '../smartHttp/pushPolicy';
import type { GithostStore } from '../store/GithostStore';
import type { PullStore } from '../store/PullStore';
import type { UserRecord } from '../store/records';
import { PullEvents } from '../webhooks/PullEvents';
import type { WebhookDeliverer } from '../webhooks/WebhookDeliverer';
import { BranchProtectionService } from './BranchProtectionService';
import { CommitStatusService } from './CommitStatusService';
import { ForkService } from './ForkService';
import type { HookService } from './HookService';
import type { Permissions } from './Permissions';
import { PullMergeService } from './PullMergeService';
import { PullRefresher } from './PullRefresher';
import { PullService } from './PullService';
import { PullUpdateService } from './PullUpdateService';
import type { RepoRef, RepositoryService } from './RepositoryService';
import { ReviewService } from './ReviewService';

export interface PullServiceDeps {
  store: GithostStore;
  pullStore: PullStore;
  repos: RepositoryService;
  perms: Permissions;
  hooks: HookService;
  present: Presenter;
  deliverer: WebhookDeliverer;
  logger: Logger;
  tmpDir: string;
}

export interface PullServices {
  pulls: PullService;
  forks: ForkService;
  reviews: ReviewService;
  protections: BranchProtectionService;
  statuses: CommitStatusService;
  merges: PullMergeService;
  updates: PullUpdateService;
  json: PullPresenter;
  events: PullEvents;
  /** After refs moved (a push, a merge): open pull requests on those branches catch up. */
  afterPush(ref: RepoRef, updates: readonly RefUpdate[], pusher: UserRecord): Promise<void>;
  /** The pre-receive hook's rules for a push by `pusher`. */
  pushPolicy(ref: RepoRef, pusher: UserRecord): string;
}

/** Composition of githost's pull request side (issue 17). */
export function createPullServices(d: PullServiceDeps): PullServices {
  const forks = new ForkService(d.store, d.pullStore, d.repos, d.perms);
  const refresher = new PullRefresher(d.store, d.pullStore, d.repos);
  const pulls = new PullService(d.store, d.pullStore, d.repos, d.perms, forks, refresher);
  const protections = new BranchProtectionService(d.store, d.pullStore, d.perms);
  const statuses = new CommitStatusService(d.pullStore);
  const reviews = new ReviewService(d.store, d.pullStore, d.repos, d.perms, protections);
  const merges = new PullMergeService(
    d.store,
    d.pullStore,
    pulls,
    d.perms,
    protections,
    statuses,
    reviews,
    d.tmpDir,
  );
  const updates = new PullUpdateService(pulls, merges, d.perms, protections, d.tmpDir);
  const json = new PullPresenter(d.present, d.store, reviews, protections);
  const events = new PullEvents(d.hooks, d.present, json, d.deliverer, d.logger);

  refresher.dismissStaleApprovals = (pull) => {
    const base = pulls.repoById(pull.repoId);
    return base
      ? (protections.ruleFor(base.repo, pull.baseBranch)?.dismissStaleApprovals ?? false)
      : false;
  };
  refresher.onSynchronized = (pull, sender) => {
    const base = pulls.repoById(pull.repoId);
    const who = sender ?? d.store.userById(pull.posterId);
    if (base && who) events.emit(base, pull, 'synchronized', who);
  };

  return {
    pulls,
    forks,
    reviews,
    protections,
    statuses,
    merges,
    updates,
    json,
    events,
    async afterPush(ref, updates, pusher) {
      for (const update of updates) {
        if (!update.ref.startsWith('refs/heads/')) continue;
        for (const pull of pulls.openPullsTouching(ref.repo.id, update.ref.slice(11))) {
          try {
            await pulls.lock.run(`repo:${pull.repoId}`, () =>
              refresher.refresh(pull, { sender: pusher }),
            );
          } catch (err) {
            d.logger.error({ err, pull: pull.id }, 'refreshing a pull request after a push failed');
          }
        }
      }
    },
    pushPolicy: (ref, pusher) => pushPolicy(protections, ref.repo, pusher),
  };
}
