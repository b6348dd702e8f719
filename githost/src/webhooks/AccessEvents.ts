import type { Logger } from '@gitforge/logging';
import { organizationJson } from '../presentation/orgJson';
import type { Presenter } from '../presentation/Presenter';
import type { HookService } from '../services/HookService';
import type { RepositoryService } from '../services/RepositoryService';
import type { RepoRecord, UserRecord } from '../store/records';
import type { WebhookDeliverer } from './WebhookDeliverer';

/**
 * Who may do what on a repository changed. Gitea 1.21 sends no webhook for this (GitHub has
 * `member`); githost sends Gitea's nearest one, a `repository` event, to the repository's hooks
 * subscribed to `repository`, so a subscriber (the repository subgraph) drops what it knows
 * about access at once. Payload: Gitea's RepositoryPayload `{action, repository, organization?,
 * sender}` with `action` one of ACCESS_ACTIONS, plus `member` (the user whose access changed,
 * when it is one user) and `team` (`{id, name, permission}`, for team changes).
 */
export const ACCESS_ACTIONS = [
  'collaborator_added',
  'collaborator_updated',
  'collaborator_removed',
  'team_repository_added',
  'team_repository_removed',
  'team_member_added',
  'team_member_removed',
  'team_updated',
  'team_deleted',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessChange {
  action: AccessAction;
  repos: readonly RepoRecord[];
  sender: UserRecord;
  member?: UserRecord;
  team?: { id: number; name: string; permission: string };
}

export class AccessEvents {
  constructor(
    private readonly repos: RepositoryService,
    private readonly hooks: HookService,
    private readonly present: Presenter,
    private readonly deliverer: WebhookDeliverer,
    private readonly logger: Logger,
  ) {}

  /** Queues the deliveries (in the background, like push webhooks); never throws. */
  changed(change: AccessChange): void {
    for (const repo of change.repos) {
      try {
        const hooks = this.hooks.hooksFor(repo, 'repository');
        if (hooks.length === 0) continue;
        const owner = this.repos.owner(repo);
        const sender = this.present.user(change.sender, false);
        const payload: Record<string, unknown> = {
          action: change.action,
          repository: this.present.repository(
            { repo, owner },
            { user: change.sender, via: 'password' },
          ),
          ...(owner.org ? { organization: organizationJson(this.present, owner) } : {}),
          sender,
          ...(change.member ? { member: this.present.user(change.member, false) } : {}),
          ...(change.team ? { team: change.team } : {}),
        };
        for (const hook of hooks) this.deliverer.deliver(hook, 'repository', payload);
      } catch (err) {
        this.logger.error({ err, repo: repo.id }, 'building an access webhook failed');
      }
    }
  }
}
