import { requestBudgetMs } from '@gitforge/errors';
import { requestContext } from '@gitforge/logging';

/** Per request (the request-context object): when its Gitea work must be over. */
const deadlines = new WeakMap<object, number>();

/**
 * Starts the current request's budget for Gitea calls: `ownMs` (`REPOSITORY_REQUEST_TIMEOUT_MS`),
 * capped by how long the caller waits (the gateway's `x-gitforge-timeout-ms` header, less a
 * margin), so this subgraph answers with the real cause before the gateway gives up on it.
 */
export function beginRequestBudget(
  ownMs: number,
  callerTimeout: string | string[] | undefined,
): void {
  const store = requestContext.getStore();
  if (store) deadlines.set(store, Date.now() + requestBudgetMs(ownMs, callerTimeout));
}

/**
 * Milliseconds left of the current request's budget; a request that did not begin one gets
 * `budgetMs` from its first Gitea call. Undefined outside a request or without a budget.
 */
export function remainingBudgetMs(budgetMs: number | undefined): number | undefined {
  const store = requestContext.getStore();
  if (!store) return undefined;
  const now = Date.now();
  let deadline = deadlines.get(store);
  if (deadline === undefined) {
    if (budgetMs === undefined) return undefined;
    deadline = now + budgetMs;
    deadlines.set(store, deadline);
  }
  return deadline - now;
}
