import type { Logger } from '@gitforge/logging';
import type { Presenter } from '../presentation/Presenter';
import type { PullPresenter } from '../presentation/PullPresenter';
import type { HookService } from '../services/HookService';
import type { RepoRef } from '../services/RepositoryService';
import type { PullRecord, ReviewRecord } from '../store/pullRecords';
import type { HookRecord, UserRecord } from '../store/records';
import { matchesBranchFilter } from './branchFilter';
import type { WebhookDeliverer } from './WebhookDeliverer';

export type PullAction =
  | 'opened'
  | 'edited'
  | 'closed'
  | 'reopened'
  | 'synchronized'
  | 'review_requested'
  | 'review_request_removed'
  | 'reviewed';

/** Gitea's HookEventType of each review state (X-Gitea-Event-Type). */
const REVIEW_EVENT: Record<string, string> = {
  APPROVED: 'pull_request_review_approved',
  REQUEST_CHANGES: 'pull_request_review_rejected',
  COMMENT: 'pull_request_review_comment',
};

/**
 * Which hooks get an event type, like Gitea's API hook events: `pull_request` covers every pull
 * request event (reviews, syncs and review requests too), `pull_request_review` the reviews,
 * `pull_request_sync` and `pull_request_review_request` their own; `*` all.
 */
function subscribed(hook: HookRecord, eventType: string): boolean {
  const e = hook.events;
  if (e.includes('*') || e.includes('pull_request') || e.includes(eventType)) return true;
  return eventType.startsWith('pull_request_review_') && eventType !== 'pull_request_review_request'
    ? e.includes('pull_request_review')
    : false;
}

/** `pull_request` webhooks (Gitea's PullRequestPayload), delivered in the background. */
export class PullEvents {
  constructor(
    private readonly hooks: HookService,
    private readonly present: Presenter,
    private readonly pullJson: PullPresenter,
    private readonly deliverer: WebhookDeliverer,
    private readonly logger: Logger,
  ) {}

  /** Never throws: a webhook problem must not fail the operation that caused it. */
  emit(
    base: RepoRef,
    pull: PullRecord,
    action: PullAction,
    sender: UserRecord,
    extra: { review?: ReviewRecord; requestedReviewer?: UserRecord } = {},
  ): void {
    try {
      const eventType =
        action === 'reviewed' && extra.review
          ? (REVIEW_EVENT[extra.review.state] ?? 'pull_request_review_comment')
          : action === 'synchronized'
            ? 'pull_request_sync'
            : action.startsWith('review_request')
              ? 'pull_request_review_request'
              : 'pull_request';
      const hooks = this.hooks
        .list(base.repo)
        .filter(
          (h) =>
            h.active &&
            subscribed(h, eventType) &&
            matchesBranchFilter(h.branchFilter, `refs/heads/${pull.baseBranch}`),
        );
      if (hooks.length === 0) return;
      const viewer = { user: sender, via: 'password' as const };
      const payload: Record<string, unknown> = {
        action,
        number: pull.index,
        pull_request: this.pullJson.pull(base, pull, viewer),
        repository: this.pullJson.repository(base, viewer),
        sender: this.present.user(sender, false),
        commit_id: action === 'synchronized' ? pull.headSha : '',
      };
      if (extra.requestedReviewer) {
        payload.requested_reviewer = this.present.user(extra.requestedReviewer, false);
      }
      if (extra.review) {
        payload.review = { type: eventType, content: extra.review.body };
      }
      // Gitea's X-Gitea-Event: `pull_request` for syncs and requests, `pull_request_approved`,
      // `_rejected`, `_comment` for reviews; the HookEventType is X-Gitea-Event-Type.
      const header =
        eventType.startsWith('pull_request_review_') && eventType !== 'pull_request_review_request'
          ? eventType.replace('pull_request_review_', 'pull_request_')
          : 'pull_request';
      for (const hook of hooks) this.deliverer.deliver(hook, header, payload, eventType);
    } catch (err) {
      this.logger.error({ err, pull: pull.id, action }, 'building a pull request webhook failed');
    }
  }
}
