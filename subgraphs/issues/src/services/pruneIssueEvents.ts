import type { Logger } from '@gitforge/logging';
import type { IssueEventStore } from './issueOutbox';

export interface PruneSchedule {
  /** Events older than this are deleted (`ISSUE_EVENT_RETENTION_SECONDS`). */
  retentionMs: number;
  /** How often (`ISSUE_EVENT_PRUNE_INTERVAL_SECONDS`). */
  intervalMs: number;
  logger: Logger;
}

/**
 * Prunes the outbox every `intervalMs` (an unref'd timer: it never keeps the process up).
 * Every replica may run it: concurrent prunes delete each row once. `stop()` waits for a run
 * under way, so the pool is not closed under it.
 */
export function pruneIssueEventsPeriodically(
  store: IssueEventStore,
  schedule: PruneSchedule,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = store
      .prune(new Date(Date.now() - schedule.retentionMs))
      .then((deleted) => {
        if (deleted > 0) schedule.logger.info({ deleted }, 'pruned issue events past retention');
      })
      .catch((err: unknown) => schedule.logger.warn({ err }, 'could not prune issue events'))
      .finally(() => (busy = false));
  }, schedule.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
