import type { Logger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Counter, Gauge, type Registry } from 'prom-client';
import { IssueEventBus } from './services/IssueEventBus';
import { pruneIssueEventsPeriodically } from './services/pruneIssueEvents';
import type { RepositoryAccess } from './services/repositoryAccess';

export interface IssueEventsOptions {
  pubsub: PubSub;
  em: EntityManager;
  access: RepositoryAccess;
  logger: Logger;
  registry: Registry;
  /** issueEvents subscriptions this replica delivers to (for the gauge). */
  eventSubscriptions: () => number;
  /** `ISSUE_EVENT_RETENTION_SECONDS`; default 7 days. */
  retentionSeconds?: number;
  /** `ISSUE_EVENT_PRUNE_INTERVAL_SECONDS`; default 60 s. */
  pruneIntervalSeconds?: number;
  /** Events read from the outbox per page; default 200. */
  pageSize?: number;
}

export interface IssueEvents {
  bus: IssueEventBus;
  /** Deletes the events older than the retention (or than `cutoff`) now. */
  prune(cutoff?: Date): Promise<number>;
  /** Stops the periodic prune (waits for one under way). */
  stop(): Promise<void>;
}

/** The issue events of this process: the bus with its metrics, and the outbox's retention. */
export function createIssueEvents(options: IssueEventsOptions): IssueEvents {
  const { registry } = options;
  const published = new Counter({
    name: 'issues_events_published_total',
    help: 'Issue events published to the pub/sub bus',
    labelNames: ['action'],
    registers: [registry],
  });
  new Gauge({
    name: 'issues_event_subscriptions',
    help: 'issueEvents subscriptions this replica delivers to',
    registers: [registry],
    collect() {
      this.set(options.eventSubscriptions());
    },
  });
  const withheld = new Counter({
    name: 'issues_events_withheld_total',
    help: 'Issue events not delivered to a subscriber who may no longer read the repository',
    labelNames: ['action'],
    registers: [registry],
  });
  const bus = new IssueEventBus({
    pubsub: options.pubsub,
    em: options.em,
    access: options.access,
    logger: options.logger,
    pageSize: options.pageSize,
    onPublished: (action) => published.inc({ action }),
    onWithheld: (action) => withheld.inc({ action }),
  });
  const retentionMs = (options.retentionSeconds ?? 7 * 24 * 3600) * 1000;
  const pruning = pruneIssueEventsPeriodically(bus.store, {
    retentionMs,
    intervalMs: (options.pruneIntervalSeconds ?? 60) * 1000,
    logger: options.logger,
  });
  return {
    bus,
    prune: (cutoff) => bus.store.prune(cutoff ?? new Date(Date.now() - retentionMs)),
    stop: () => pruning.stop(),
  };
}
